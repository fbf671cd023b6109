// Builds the demo desk (one host page per agency) that `npm start` serves with the reference
// backend. The library builds: tsconfig.build.json (npm, dist/lib) and vite.cdn.config.ts (CDN).
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const demoDir = resolve(import.meta.dirname, 'demo');
const pages = {
  ...Object.fromEntries(
    readdirSync(demoDir)
      .filter((file) => file.endsWith('.html'))
      .map((file) => [file.replace(/\.html$/, ''), resolve(demoDir, file)]),
  ),
  // The embedding examples (plain HTML, React, Vue), served at /examples/….
  'examples/plain': resolve(demoDir, 'examples/plain.html'),
  'examples/react': resolve(demoDir, 'examples/react/index.html'),
  'examples/vue': resolve(demoDir, 'examples/vue/index.html'),
};

/**
 * The gob.pe header and footer every demo page shares, written once in demo/partials and put in
 * place of `<!-- gob-header -->` / `<!-- gob-footer -->`.
 */
function demoPartials(): Plugin {
  const partial = (name: string) => readFileSync(resolve(demoDir, 'partials', `${name}.html`), 'utf8').trim();
  return {
    name: 'mpd-demo-partials',
    transformIndexHtml: (html) => html.replace(/<!-- (gob-header|gob-footer) -->/g, (_marker, name: string) => partial(name)),
  };
}

export default defineConfig({
  plugins: [demoPartials()],
  // Vue's bundler build expects its compile-time flags (set by @vitejs/plugin-vue, not used here).
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  root: demoDir,
  base: '/',
  publicDir: false,
  build: {
    outDir: resolve(import.meta.dirname, 'dist/demo'),
    emptyOutDir: true,
    target: 'es2020',
    // pdf.js is a lazy chunk of its own, over the default warning size.
    chunkSizeWarningLimit: 1600,
    rollupOptions: { input: pages },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8787',
      '/configs': 'http://127.0.0.1:8787',
    },
  },
});
