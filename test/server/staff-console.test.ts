/**
 * The demo's staff console (demo/staff.html) in Chromium against the real server: sign-in (a
 * wrong password is told on the page), open a request, download a document, observe, see a
 * correction's versions, forward and attend, read the request's audit, keep the session over a
 * reload, be told when the session ended, and sign out.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { parseStaffCredentials } from '../../server/staff/credentials.ts';
// @ts-expect-error -- plain JS shared with the wtr config.
import { chromiumArgs, chromiumPath } from '../support/chromium.mjs';
import { makePdf } from './documents.ts';
import { captchaFetch, fileValidRequest, startServer, tusUpload, type TestServer } from './helpers.ts';

let server: TestServer;
/** The protected routes get a solved captcha, as from the widget (the captcha itself: captcha*.test.ts). */
const fetch = captchaFetch(() => server);
let browser: Browser;
let publicDir: string;

before(async () => {
  publicDir = await mkdtemp(join(tmpdir(), 'mpd-staff-console-'));
  await build({
    configFile: new URL('../../vite.config.ts', import.meta.url).pathname,
    logLevel: 'silent',
    build: { outDir: publicDir, emptyOutDir: true },
  });
  server = await startServer(undefined, { staffCredentials: parseStaffCredentials('inpe:mesa:mesa-inpe'), publicDir });
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
});
after(async () => {
  await browser?.close();
  await server?.close();
  await rm(publicDir, { recursive: true, force: true });
});

test('the staff console logs in, observes, forwards and attends', async () => {
  const pdf = await makePdf();
  const observed = (await fileValidRequest(server, 'inpe', pdf, { annexes: 1 })).body.requestNumber;
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  try {
    await page.goto(`${server.url}/staff.html`);
    await page.getByLabel('Entidad').selectOption('inpe');
    await page.getByLabel('Contraseña').fill('equivocada');
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.getByRole('alert').filter({ hasText: 'Usuario o contraseña incorrectos' }).waitFor({ timeout: 5000 });
    await page.getByLabel('Contraseña').fill('mesa-inpe');
    await page.getByRole('button', { name: 'Ingresar' }).click();

    await page.getByRole('button', { name: `Abrir ${observed}` }).click();
    await page.getByRole('heading', { name: `Solicitud ${observed}` }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), `Solicitud ${observed}`, 'focus moves to the request');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Descargar solicitud.pdf' }).click()]);
    assert.equal(download.suggestedFilename(), 'solicitud.pdf');

    // The request as staff read it: dates with four-digit years, the deemed-filed date as
    // dd/mm/yyyy, and a timeline table with a caption, row headers and the current stage in words.
    const fact = (label: string) => page.locator('dl.facts dt', { hasText: label }).locator('xpath=following-sibling::dd[1]').innerText();
    assert.match(await fact('Recibida'), /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    assert.match(await fact('Se tiene por presentada el'), /^\d{2}\/\d{2}\/\d{4}$/);
    const timeline = page.getByRole('table', { name: `Seguimiento de la solicitud ${observed}` });
    assert.equal(await timeline.locator('caption').count(), 1);
    assert.deepEqual(await timeline.locator('tbody th[scope="row"]').allInnerTexts(), ['1']);
    assert.match(await timeline.locator('tbody tr').last().innerText(), /Recibido[\s\S]*Etapa actual/i);
    assert.match(await timeline.locator('tbody td').nth(1).innerText(), /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);

    await page.getByRole('button', { name: 'Observar' }).click();
    await page.getByLabel('Anexo 1: anexo-1.pdf').check();
    await page.getByLabel('Observación de Anexo 1').fill('Falta la firma.');
    // A slow re-read of the request: the success message must still wait for the new view.
    const requestUrl = `${server.url}/api/inpe/staff/requests/${encodeURIComponent(observed)}`;
    await page.route(
      (url) => url.href === requestUrl,
      async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await route.continue();
      },
    );
    await page.getByRole('button', { name: 'Registrar observación' }).click();
    await page.getByRole('status').filter({ hasText: 'quedó observada' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Observar' }).count(), 0, 'observed once');
    await page.unrouteAll();
    const observedRows = page.getByRole('table', { name: `Seguimiento de la solicitud ${observed}` }).locator('tbody tr');
    assert.deepEqual(await observedRows.locator('th[scope="row"]').allInnerTexts(), ['1', '2']);
    assert.equal(await observedRows.filter({ hasText: 'Etapa actual' }).count(), 1);
    assert.match(await observedRows.last().innerText(), /Observado[\s\S]*Etapa actual/i);
    // The observed documents, and the correction deadline in plain words.
    const observedDocuments = page.getByRole('table', { name: /Documentos observados/ }).locator('tbody tr');
    assert.match(
      await observedDocuments.innerText(),
      /Anexo 1\s+anexo-1\.pdf \(versión 1\)\s+Falta la firma\.[\s\S]*Pendiente; plazo hasta el \d{2}\/\d{2}\/\d{4} a las 23:59/,
    );
    assert.match(await fact('Plazo para subsanar'), /^hasta el \d{2}\/\d{2}\/\d{4} a las 23:59$/);

    // The citizen corrects the annex: staff see the new version and the earlier one, each downloadable.
    const replacement = await makePdf({ pages: 2, title: 'Anexo corregido' });
    const uploadId = await tusUpload(server, 'inpe', replacement, { name: 'anexo-corregido.pdf', slot: { slot: 'annex', index: 1 }, purpose: 'correction' });
    const corrected = await fetch(`${server.url}/api/inpe/corrections`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ requestNumber: observed, documentNumber: '10117410', documents: [{ slot: 'annex', index: 1, uploadId, documentNumber: 'OFICIO N° 12-2026' }] }),
    });
    assert.equal(corrected.status, 201);
    await page.getByRole('button', { name: 'Volver a la lista' }).click();
    await page.getByRole('button', { name: `Abrir ${observed}` }).click();
    await page.getByRole('heading', { name: `Solicitud ${observed}` }).waitFor();
    const documents = page.getByRole('table', { name: /Documentos de la solicitud y sus versiones/ });
    const annexRows = documents.locator('tbody tr').filter({ hasText: 'Anexo 1' });
    assert.equal(await annexRows.count(), 2);
    assert.match(await annexRows.nth(0).innerText(), /^Anexo 1\s+1\s+anexo-1\.pdf[\s\S]*Presentación/);
    assert.match(await annexRows.nth(1).innerText(), /^Anexo 1\s+2 \(vigente\)\s+anexo-corregido\.pdf[\s\S]*Subsanación del ciudadano\s+OFICIO N° 12-2026/);
    const [earlier] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Descargar anexo-1.pdf' }).click()]);
    assert.equal(earlier.suggestedFilename(), 'anexo-1.pdf');
    const [latest] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Descargar anexo-corregido.pdf' }).click()]);
    assert.equal(latest.suggestedFilename(), 'anexo-corregido.pdf');
    assert.match(await fact('Subsanada el'), /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    assert.match(await observedDocuments.innerText(), /Subsanado con anexo-corregido\.pdf \(versión 2\) el \d{2}\/\d{2}\/\d{4}/);
    assert.match(await page.getByRole('table', { name: `Seguimiento de la solicitud ${observed}` }).locator('tbody tr').last().innerText(), /Subsanado[\s\S]*ADMINISTRADO/i);

    const forwarded = (await fileValidRequest(server, 'inpe', pdf)).body.requestNumber;
    await page.getByRole('button', { name: 'Volver a la lista' }).click();
    await page.getByRole('button', { name: `Abrir ${forwarded}` }).click();
    await page.getByRole('button', { name: 'Derivar' }).click();
    await page.getByLabel('Oficina de destino').selectOption({ label: 'Oficina Regional Lima' });
    await page.getByRole('button', { name: 'Derivar', exact: true }).last().click();
    await page.getByRole('status').filter({ hasText: 'derivada a Oficina Regional Lima' }).waitFor();
    await page.getByRole('button', { name: 'Atender' }).click();
    await page.getByLabel('Respuesta (la recibirá el ciudadano)').fill('Se remitió la respuesta.');
    await page.getByLabel('Respuesta (PDF, opcional)').setInputFiles({ name: 'respuesta.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
    await page.getByRole('button', { name: 'Atender' }).last().click();
    await page.getByRole('status').filter({ hasText: 'quedó atendida' }).waitFor();
    // Sent as multipart: the PDF is kept with the request.
    const response = await server.db
      .selectFrom('request_responses')
      .innerJoin('requests', 'requests.id', 'request_responses.request_id')
      .select(['request_responses.name', 'request_responses.size'])
      .where('requests.request_number', '=', forwarded)
      .executeTakeFirstOrThrow();
    assert.deepEqual(response, { name: 'respuesta.pdf', size: pdf.byteLength });

    const stages = await server.db
      .selectFrom('request_events')
      .innerJoin('requests', 'requests.id', 'request_events.request_id')
      .select(['request_events.stage', 'request_events.origin', 'request_events.destination'])
      .where('requests.request_number', '=', forwarded)
      .orderBy('request_events.at')
      .execute();
    assert.deepEqual(stages, [
      { stage: 'RECIBIDO', origin: 'MESA DE PARTES', destination: null },
      { stage: 'DERIVADO', origin: 'MESA DE PARTES', destination: 'Oficina Regional Lima' },
      { stage: 'ATENDIDO', origin: 'Oficina Regional Lima', destination: null },
    ]);

    // The request's audit: who did what, from where.
    const audit = page.getByRole('table', { name: `Registro de la mesa para la solicitud ${forwarded}` }).locator('tbody tr');
    const auditRows = await audit.allInnerTexts();
    assert.equal(auditRows.length, 2, auditRows.join('\n'));
    assert.match(auditRows[0]!, /mesa\s+Derivó\s+Derivó a Oficina Regional Lima\s+127\.0\.0\.1/);
    assert.match(auditRows[1]!, /mesa\s+Atendió\s+Respuesta: respuesta\.pdf/);

    // A reload keeps the session (the HttpOnly cookie); the script never sees the cookie.
    await page.reload();
    await page.getByRole('heading', { name: 'Solicitudes' }).waitFor();
    assert.equal(await page.evaluate(() => document.cookie), '');

    // The session ends after a while unused: the console says so and asks to sign in again.
    server.clock.advance(31 * 60_000);
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.getByRole('alert').filter({ hasText: 'Su sesión terminó' }).waitFor();
    await page.getByLabel('Contraseña').waitFor();

    await page.getByLabel('Entidad').selectOption('inpe');
    await page.getByLabel('Contraseña').fill('mesa-inpe');
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.getByRole('button', { name: 'Salir' }).click();
    await page.getByRole('status').filter({ hasText: 'Salió de la consola.' }).waitFor();
    assert.equal(await page.evaluate(async () => (await fetch('/api/inpe/staff/session')).status), 401, 'signed out on the server');
    assert.deepEqual(pageErrors, []);
  } finally {
    await page.close();
  }
});

test('the staff console warns, in Spanish, of a mail the citizen never got, and shows file names without reordering marks', async () => {
  const filed = await fileValidRequest(server, 'inpe', await makePdf());
  const number = filed.body.requestNumber;
  // What the sender writes when the relay refuses the address for good (server/mail/sender.ts).
  await server.db
    .updateTable('mail_outbox')
    .set({ status: 'failed', attempts: 1, last_error: '550 5.1.1 Mailbox unavailable' })
    .where('request_id', '=', (eb) => eb.selectFrom('requests').select('id').where('request_number', '=', number).where('agency_id', '=', 'inpe'))
    .execute();
  // A stored name from before uploads were cleaned: the console still shows it plainly.
  await server.db.updateTable('request_files').set({ name: 'factura\u202Efdp.exe.pdf' }).where('request_id', '=', (eb) => eb.selectFrom('requests').select('id').where('request_number', '=', number).where('agency_id', '=', 'inpe')).execute();
  const page = await browser.newPage();
  try {
    await page.goto(`${server.url}/staff.html`);
    await page.getByLabel('Entidad').selectOption('inpe');
    await page.getByLabel('Contraseña').fill('mesa-inpe');
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.getByRole('button', { name: `Abrir ${number}` }).click();
    await page.getByRole('heading', { name: `Solicitud ${number}` }).waitFor();
    const warning = page.getByRole('note', { name: 'El administrado no recibió estos correos' });
    const said = await warning.innerText();
    assert.match(said, /Constancia de recepción \(cargo\): enviado a rosa\.quispe@example\.pe el \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}, el servidor de correo lo rechazó/);
    assert.match(said, /Llame al administrado al 987 654 321/);
    const documents = await page.getByRole('table', { name: /Documentos de la solicitud y sus versiones/ }).innerText();
    assert.ok(documents.includes('facturafdp.exe.pdf') && !documents.includes('\u202E'), documents);
  } finally {
    await page.close();
  }
});
