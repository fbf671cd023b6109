// The demo host pages load the library the way an agency's page would: one module that
// registers every tag.
import '../src/define.ts';
