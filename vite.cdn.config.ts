// `npm run build:cdn`: dist/cdn/mesa-de-partes.js, the one file a page of any origin loads with
// `<script type="module" src="…/mesa-de-partes.js">` to get every mpd- element, every dependency
// bundled. What the desk does not show at first (each view's element, the upload stack, pdf.js
// and its worker, ALTCHA) are chunks next to it, fetched relative to the script's own URL.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  // Relative URLs (`new URL('../assets/…', import.meta.url)`) resolve against the script's URL,
  // not against the page that embeds it.
  base: './',
  publicDir: false,
  build: {
    outDir: resolve(import.meta.dirname, 'dist/cdn'),
    emptyOutDir: true,
    target: 'es2020',
    // scripts/size.mjs reads which chunks the entry imports from it.
    manifest: true,
    // The preload helper would add `<link rel=modulepreload>` to the host page; chunks import
    // each other relatively anyway.
    modulePreload: false,
    // pdf.js is a lazy chunk of its own, over the default warning size.
    chunkSizeWarningLimit: 1600,
    rollupOptions: {
      input: { 'mesa-de-partes': resolve(import.meta.dirname, 'src/autoload.ts') },
      // The entry is a script with side effects, not a library: nothing to keep exported.
      preserveEntrySignatures: false,
      output: {
        entryFileNames: '[name].js',
        // A catalog (src/i18n/messages/<locale>/<area>.ts) is a chunk of its own, named for both.
        chunkFileNames: (chunk) => {
          const catalog = /i18n[\\/]messages[\\/]([\w-]+)[\\/](\w+)\.ts$/.exec(chunk.facadeModuleId ?? '');
          return catalog ? `chunks/messages-${catalog[1]}-${catalog[2]}-[hash].js` : 'chunks/[name]-[hash].js';
        },
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
});
