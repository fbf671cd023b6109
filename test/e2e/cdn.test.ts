// The CDN build (dist/cdn) on a page of another origin, as an agency's webmaster embeds it: one
// `<script type="module">` from the "CDN" (127.0.0.1:<port>), a host page on localhost:<port>
// with the Content-Security-Policy the README documents, and the reference backend on a third
// origin. The desk must render, download only its shell and first view at first, and load the
// upload stack, pdf.js and pdf.js's worker (a real worker, through a blob: URL) when a PDF is added.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { writePdf } from './desk-page.ts';
import { launchBrowser, startServer, type RunningServer } from './harness.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cdnDir = join(root, 'dist/cdn');

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json' };

/** Serves a folder as a CDN does: any origin may load it (modules are fetched in CORS mode). */
function serveCdn(requested: string[]): Server {
  return createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://cdn').pathname);
    requested.push(path);
    const file = normalize(join(cdnDir, path));
    if (!file.startsWith(cdnDir) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'access-control-allow-origin': '*',
    });
    response.end(readFileSync(file));
  });
}

/** The agency's own site: one page per path, each under `csp`. */
function serveHostPages(pages: Record<string, () => string>, csp: () => string): Server {
  return createServer((request, response) => {
    const page = pages[new URL(request.url ?? '/', 'http://host').pathname];
    if (!page) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp() });
    response.end(page());
  });
}

/** A page of the agency's site with `body` and the CDN's script tag. */
function hostPage(body: string, cdnOrigin: string): string {
  return `<!doctype html>
<html lang="es">
  <head><meta charset="utf-8"><title>Portal de la entidad</title></head>
  <body>
    <h1>Portal de la entidad</h1>
    ${body}
    <script type="module" src="${cdnOrigin}/mesa-de-partes.js"></script>
  </body>
</html>`;
}

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve) => server.listen(0, host, () => resolve((server.address() as AddressInfo).port)));
}

describe('the CDN build on a page of another origin', () => {
  let backend: RunningServer;
  let browser: Browser;
  let cdn: Server;
  let host: Server;
  let cdnOrigin = '';
  let hostUrl = '';
  const requested: string[] = [];

  before(async () => {
    // `node scripts/test.mjs e2e` builds it; a run of this file alone builds it when missing.
    if (!existsSync(join(cdnDir, '.vite/manifest.json'))) {
      const built = spawnSync('npx', ['vite', 'build', '-c', 'vite.cdn.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
      assert.equal(built.status, 0, 'the CDN build failed');
    }
    backend = await startServer();
    const backendOrigin = new URL(backend.url).origin;
    cdn = serveCdn(requested);
    cdnOrigin = `http://127.0.0.1:${await listen(cdn, '127.0.0.1')}`;
    // The agency's config, inline, pointing at its backend's absolute URL.
    const config = JSON.parse(readFileSync(join(root, 'demo/configs/sis.json'), 'utf8')) as { backend: { baseUrl: string } };
    config.backend.baseUrl = `${backendOrigin}${config.backend.baseUrl}`;
    const inline = `<script type="application/json">${JSON.stringify(config)}</script>`;
    host = serveHostPages(
      {
        '/': () => hostPage(`<mpd-desk>${inline}</mpd-desk>`, cdnOrigin),
        // An element used on its own, added by the page's script after the CDN's has run.
        '/seguimiento': () =>
          hostPage(
            `<div id="slot"></div><template id="panel"><mpd-tracking-panel>${inline}</mpd-tracking-panel></template>`,
            cdnOrigin,
          ),
      },
      // What the README tells agencies: scripts from the CDN, pdf.js's worker through blob:,
      // requests to the backend, and inline styles for the ALTCHA widget (it adds a <style> to
      // the page; the mpd- elements use constructed style sheets). No script 'unsafe-inline' or
      // 'unsafe-eval'.
      () =>
        `default-src 'self'; script-src ${cdnOrigin}; worker-src blob:; connect-src ${backendOrigin}; ` +
        `style-src 'self' 'unsafe-inline'; img-src 'self' data: ${backendOrigin}`,
    );
    hostUrl = `http://localhost:${await listen(host, '127.0.0.1')}/`;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await backend?.stop();
    cdn?.close();
    host?.close();
  });

  it('shows the desk from one script tag, then loads the upload stack, pdf.js and its worker for the first PDF', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // pdf.js says this when it could not start its worker (it then parses on the main thread).
      if (/fake worker|Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
    });
    await page.goto(hostUrl);
    await page.getByRole('heading', { name: 'Presentar solicitud' }).waitFor();
    assert.ok(await page.getByRole('navigation', { name: 'Servicios de la mesa de partes' }).isVisible());

    const initial = [...requested];
    assert.equal(initial[0], '/mesa-de-partes.js');
    assert.ok(initial.some((path) => /filing-form-.*\.js$/.test(path)), `the filing form came with its view: ${initial.join(', ')}`);
    // Nor, on a Spanish page, the English catalogs; nor the email code SIS does not ask; nor
    // ALTCHA before the citizen starts on the form (or scrolls to its captcha).
    for (const lazy of [/\/pdf-.*\.js$/, /pdf\.worker/, /my-requests-/, /correction-panel-/, /messages-en-/, /email-verification-/, /altcha-/]) {
      assert.ok(!initial.some((path) => lazy.test(path)), `${lazy} must wait: ${initial.join(', ')}`);
    }

    const pdf = await writePdf('cdn-solicitud.pdf', 3);
    await page.locator('mpd-filing-form mpd-dropzone').first().locator('input[type="file"]').setInputFiles(pdf);
    await page.locator('mpd-filing-form mpd-dropzone').first().getByText('3 páginas').waitFor({ timeout: 30_000 });

    const later = requested.slice(initial.length);
    assert.ok(later.some((path) => /\/pdf-.*\.js$/.test(path)), `pdf.js loaded for the PDF: ${later.join(', ')}`);
    assert.ok(later.some((path) => /assets\/pdf\.worker\.min-.*\.mjs$/.test(path)), `its worker file too: ${later.join(', ')}`);
    assert.ok(later.some((path) => /altcha-/.test(path)), `ALTCHA once the citizen started on the form: ${later.join(', ')}`);
    // pdf.js's worker runs as a real worker (its blob: wrapper imports the CDN's file), not on the
    // page's main thread.
    assert.ok(page.workers().some((worker) => worker.url().startsWith('blob:')), 'pdf.js runs in a worker');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('defines an element the page adds later, on its own, when it appears', async () => {
    const page = await browser.newPage();
    await page.goto(`${hostUrl}seguimiento`);
    await page.waitForFunction(() => Boolean(customElements.get('mpd-desk')));
    assert.equal(await page.evaluate(() => Boolean(customElements.get('mpd-tracking-panel'))), false, 'not before it is used');
    // The CSP allows no inline script: the test adds the element as the page's own code would.
    await page.evaluate(() => {
      const template = document.querySelector<HTMLTemplateElement>('#panel')!;
      document.querySelector('#slot')!.append(template.content.cloneNode(true));
    });
    await page.getByRole('heading', { name: 'Seguimiento de solicitud' }).waitFor();
    assert.ok(await page.getByLabel('Número de solicitud').first().isVisible());
    await page.close();
  });
});
