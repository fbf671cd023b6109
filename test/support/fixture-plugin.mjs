// Lets browser tests ask Node for test documents (pdfkit needs Node), via
// `executeServerCommand('make-document', { kind, options })` from @web/test-runner-commands.
import { documentMakers } from './documents.mjs';

export function fixturePlugin() {
  return {
    name: 'mpd-document-fixtures',
    async executeCommand({ command, payload }) {
      if (command !== 'make-document') return undefined;
      const make = documentMakers[payload?.kind];
      if (!make) throw new Error(`unknown document kind: ${payload?.kind}`);
      const bytes = await make(payload.options ?? {});
      return Buffer.from(bytes).toString('base64');
    },
  };
}
