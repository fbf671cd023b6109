// Builds the demo desk (one host page per agency) that `npm start` serves with the reference
// backend. The npm/CDN library builds come with the embedding work (issue 6).
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const demoDir = resolve(import.meta.dirname, 'demo');
const pages = Object.fromEntries(
  readdirSync(demoDir)
    .filter((file) => file.endsWith('.html'))
    .map((file) => [file.replace(/\.html$/, ''), resolve(demoDir, file)]),
);

export default defineConfig({
  root: demoDir,
  base: '/',
  publicDir: false,
  build: {
    outDir: resolve(import.meta.dirname, 'dist/demo'),
    emptyOutDir: true,
    target: 'es2020',
    rollupOptions: { input: pages },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8787',
      '/configs': 'http://127.0.0.1:8787',
    },
  },
});
