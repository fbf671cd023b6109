/**
 * Issue 11, section 3, in Chromium: a staff member is signed in to the demo's staff console, and
 * pages on other origins try to act with that sign-in (an auto-submitting form, a fetch with
 * credentials). One attacker is on the same site (127.0.0.1 on another port: cookies, even
 * SameSite=Strict ones, are sent there, so the origin and CSRF-token checks must refuse), one on
 * another site (localhost). Each attempt is refused and the request keeps its status.
 *
 * The browser context is given the staff password as HTTP credentials for the desk's origin: what
 * a browser that was once given the password in its own login dialog does (it answers the
 * server's Basic challenge by itself). With the HTTP Basic staff API that was, that let every
 * forged request through; a desk that never sends a challenge gives those credentials no use.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { parseStaffCredentials } from '../../server/staff/credentials.ts';
// @ts-expect-error -- plain JS shared with the wtr config.
import { chromiumArgs, chromiumPath } from '../support/chromium.mjs';
import { makePdf } from '../server/documents.ts';
import { fileValidRequest, startServer, type TestServer } from '../server/helpers.ts';

let server: TestServer;
let browser: Browser;
let publicDir: string;
let attacker: Server;
let attackerPort: number;
/** What the attacker's pages did, as their scripts saw it. */
const reports: string[] = [];

before(async () => {
  publicDir = await mkdtemp(join(tmpdir(), 'mpd-staff-csrf-'));
  // The staff console alone (the whole demo is not needed here).
  const demoDir = new URL('../../demo/', import.meta.url).pathname;
  await build({
    configFile: false,
    root: demoDir,
    base: '/',
    publicDir: false,
    logLevel: 'silent',
    build: { outDir: publicDir, emptyOutDir: true, target: 'es2020', rollupOptions: { input: { staff: join(demoDir, 'staff.html') } } },
  });
  server = await startServer(undefined, { staffCredentials: parseStaffCredentials('inpe:mesa:mesa-inpe'), publicDir });
  attacker = createServer((request, response) => {
    if (request.method === 'POST' && request.url === '/report') {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        reports.push(body);
        response.end();
      });
      return;
    }
    const target = new URL(request.url ?? '/', 'http://x').searchParams.get('target') ?? '';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(request.url?.startsWith('/form') ? formPage(target) : fetchPage(target));
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerPort = (attacker.address() as AddressInfo).port;
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
});
after(async () => {
  await browser?.close();
  await new Promise((resolve) => attacker?.close(resolve));
  await server?.close();
  await rm(publicDir, { recursive: true, force: true });
});

/** A page that submits a form to `target` as soon as it loads: what a link in a phishing mail opens. */
function formPage(target: string): string {
  return `<!doctype html><html><body>
    <form id="f" method="post" enctype="multipart/form-data" action="${target}/attend">
      <input name="note" value="Atendido desde otro sitio">
    </form>
    <script>document.getElementById('f').submit();</script>
  </body></html>`;
}

/** A page that tries the staff API with fetch and the browser's credentials, and reports what it saw. */
function fetchPage(target: string): string {
  return `<!doctype html><html><body><script>
    (async () => {
      const tries = [];
      const attempt = async (name, run) => {
        try { const response = await run(); tries.push(name + ':' + response.type + ':' + response.status); }
        catch (error) { tries.push(name + ':blocked'); }
      };
      const body = () => { const form = new FormData(); form.set('note', 'Atendido por fetch'); return form; };
      await attempt('no-cors', () => fetch('${target}/attend', { method: 'POST', mode: 'no-cors', credentials: 'include', body: body() }));
      await attempt('cors', () => fetch('${target}/forward', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ office: 'Otra' }) }));
      await attempt('read', () => fetch('${target}', { credentials: 'include' }));
      await fetch('/report', { method: 'POST', body: tries.join(' ') });
      document.title = 'done';
    })();
  </script></body></html>`;
}

async function signedInConsole(context: BrowserContext, number: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.url}/staff.html`);
  await page.getByLabel('Entidad').selectOption('inpe');
  await page.getByLabel('Usuario').fill('mesa');
  await page.getByLabel('Contraseña').fill('mesa-inpe');
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.getByRole('button', { name: `Abrir ${number}` }).waitFor({ timeout: 10_000 });
  // Signed in: the console's own origin reads the staff API.
  const status = await page.evaluate(async (path) => (await fetch(path)).status, `/api/inpe/staff/requests/${encodeURIComponent(number)}`);
  assert.equal(status, 200, 'the staff member is signed in');
  return page;
}

async function statusOf(number: string): Promise<string> {
  const row = await server.db.selectFrom('requests').select('status').where('request_number', '=', number).executeTakeFirstOrThrow();
  return row.status;
}

test('pages on other origins cannot act with the staff member\u2019s sign-in', async () => {
  const pdf = await makePdf();
  const filed = await fileValidRequest(server, 'inpe', pdf);
  assert.equal(filed.status, 201);
  const number = filed.body.requestNumber;
  const deskOrigin = new URL(server.url).origin;
  const context = await browser.newContext({ httpCredentials: { username: 'mesa', password: 'mesa-inpe', origin: deskOrigin } });
  try {
    const console = await signedInConsole(context, number);
    const target = encodeURIComponent(`${server.url}/api/inpe/staff/requests/${encodeURIComponent(number)}`);
    for (const attackerOrigin of [`http://127.0.0.1:${attackerPort}`, `http://localhost:${attackerPort}`]) {
      // The auto-submitting form: a top-level navigation to the staff API.
      const formTab = await context.newPage();
      const navigation = formTab.waitForURL((url) => url.origin === deskOrigin, { timeout: 10_000 });
      await formTab.goto(`${attackerOrigin}/form?target=${target}`);
      await navigation;
      await formTab.waitForLoadState('load');
      const shown = (await formTab.locator('body').innerText()).trim();
      assert.doesNotMatch(shown, /"status":"ATENDIDO"/, `form from ${attackerOrigin}`);
      assert.equal(await statusOf(number), 'RECIBIDO', `form from ${attackerOrigin}: ${shown.slice(0, 200)}`);
      await formTab.close();

      // fetch with the browser's credentials.
      reports.length = 0;
      const fetchTab = await context.newPage();
      await fetchTab.goto(`${attackerOrigin}/fetch?target=${target}`);
      await fetchTab.waitForFunction(() => document.title === 'done', null, { timeout: 10_000 });
      assert.equal(reports.length, 1);
      assert.match(reports[0]!, /cors:blocked/, `no CORS answer lets a page of ${attackerOrigin} read or send JSON: ${reports[0]}`);
      assert.match(reports[0]!, /read:blocked/, reports[0]);
      assert.equal(await statusOf(number), 'RECIBIDO', `fetch from ${attackerOrigin}: ${reports[0]}`);
      await fetchTab.close();
    }
    const events = await server.db.selectFrom('request_events').select('stage').innerJoin('requests', 'requests.id', 'request_events.request_id').where('requests.request_number', '=', number).execute();
    assert.deepEqual(events.map((event) => event.stage), ['RECIBIDO']);
    // The console itself still acts, with the same sign-in, from the desk's own page.
    await console.getByRole('button', { name: `Abrir ${number}` }).click();
    await console.getByRole('button', { name: 'Atender' }).click();
    await console.getByLabel('Respuesta (la recibirá el ciudadano)').fill('Se atendió.');
    await console.getByRole('button', { name: 'Atender' }).last().click();
    await console.getByRole('status').filter({ hasText: 'quedó atendida' }).waitFor();
    assert.equal(await statusOf(number), 'ATENDIDO');
  } finally {
    await context.close();
  }
});
