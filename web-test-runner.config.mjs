// Element tests run in real Chromium (Debian's, no browser download) and are served through
// Vite, because Uppy's CommonJS dependencies and JSON imports cannot be served unbundled by
// @web/dev-server.
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { viteBridge } from './test/support/vite-bridge.mjs';
import { fixturePlugin } from './test/support/fixture-plugin.mjs';
import { backendPlugin } from './test/support/backend-plugin.mjs';
import { countingReporter } from './test/support/counting-reporter.mjs';
import { chromiumArgs, chromiumPath } from './test/support/chromium.mjs';

// Pre-bundle every dependency up front: on a cold cache Vite would otherwise discover them
// mid-run, re-optimize and reload, and tests would fail with "Failed to fetch dynamically
// imported module" or two copies of Lit.
const vite = viteBridge({
  root: process.cwd(),
  optimizeDeps: {
    include: [
      'lit',
      'lit/decorators.js',
      'lit/directives/keyed.js',
      '@lit/task',
      '@open-wc/testing',
      '@uppy/core',
      '@uppy/tus',
      'pdfjs-dist/legacy/build/pdf.mjs',
      // <mpd-captcha> imports the ALTCHA widget lazily: bundled up front like the rest.
      'altcha',
      'altcha/i18n/es-419',
    ],
  },
});

export default {
  files: ['test/elements/**/*.test.ts'],
  nodeResolve: false,
  // One page at a time: a page Chromium keeps in the background gets its timers throttled and no
  // focus, and flows that move focus and wait on timers (the email code checked on Enter) then
  // stall. Measured on this 2-core machine: 50 s for the suite instead of 40 s.
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  middleware: [vite.middleware],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromiumPath,
        headless: true,
        args: chromiumArgs,
      },
    }),
  ],
  plugins: [
    fixturePlugin(),
    backendPlugin(),
    vite.plugin,
  ],
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countingReporter()],
};
