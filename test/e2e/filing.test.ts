/**
 * A citizen files requests on the demo pages, in Chromium, against the real reference server
 * (SQLite and tus file store in a fresh data folder): what `npm start` runs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import {
  attach,
  fillApplicant,
  openDeskPage,
  readStoredRequest,
  sendAndReadNumber,
  sha256,
  uploadedNames,
  writePdf,
} from './desk-page.ts';
import { verifyEmailOnForm } from './desk-flow.ts';
import { startServer, useDemoDesk } from './harness.ts';

const desk = useDemoDesk();

const openDesk = (agency: string) => openDeskPage(desk.browser, desk.server, agency);
const storedRequest = (number: string, agency: string) => readStoredRequest(desk.server, number, agency);

describe('filing on the demo desk', { timeout: 240_000 }, () => {
  it('CENARES: a citizen files a request with a main PDF and an annex; the number, the row and the bytes match', async () => {
    const main = await writePdf('solicitud.pdf', 3);
    const annex = await writePdf('anexo-1.pdf', 2);
    const page = await openDesk('cenares');
    await fillApplicant(page, { dni: '10117410-2', email: 'juan.perez@example.pe' });
    await page.getByLabel('Teléfono o celular').fill('987654321');
    await page.getByLabel('Trámite a realizar').selectOption({ label: 'SOLICITUD DE RECONOCIMIENTO DE DEUDA' });
    await page.getByLabel('Asunto').fill('Solicito el reconocimiento de la deuda de la orden 123');
    await verifyEmailOnForm(page, desk.server, 'juan.perez@example.pe');
    await attach(page, 0, [main]);
    await attach(page, 1, [annex]);
    await page.getByLabel('Acepto los Términos y Condiciones de la Mesa de Partes Digital.').check();
    await page.getByLabel('Autorizo el envío de información al correo electrónico.').check();

    const number = await sendAndReadNumber(page);
    assert.match(number, /^1-\d{4}$/, 'the first CENARES request of the year is "1-<year>"');
    const confirmation = await page.locator('[part="confirmation"]').innerText();
    assert.match(confirmation, /solicitud\.pdf/);
    assert.match(confirmation, /3 p[áa]ginas|3 folios/i);

    const { request, files } = storedRequest(number, 'cenares');
    assert.ok(request, 'the request is stored');
    assert.equal(request.applicant_document_number, '10117410');
    assert.equal(request.procedure_id, 'reconocimiento-deuda');
    assert.equal(request.status, 'RECIBIDO');
    assert.deepEqual(
      files.map((file) => [file.slot, file.slot_index, file.name, file.pages]),
      [
        ['main', 0, 'solicitud.pdf', 3],
        ['annex', 1, 'anexo-1.pdf', 2],
      ],
    );
    for (const [file, original] of [
      [files[0]!, main],
      [files[1]!, annex],
    ] as const) {
      const stored = join(desk.server.dataDir, String(file.storage_key));
      assert.ok(readFileSync(stored).equals(readFileSync(original)), `${original} is stored byte for byte`);
      assert.equal(file.sha256, sha256(original));
    }
    await page.close();
  });

  it('CENARES: names by DNI and razón social by RUC from the padrón, the email code, then the filing records them', async () => {
    const page = await openDesk('cenares');
    await page.getByLabel('Persona jurídica').check();
    await page.getByLabel('Número de RUC').fill('20538298485');
    await page.getByLabel('Número de RUC').press('Tab');
    await page.waitForFunction(() => {
      const form = document.querySelector('mpd-desk')?.shadowRoot?.querySelector('mpd-filing-form')?.shadowRoot;
      return (form?.querySelector<HTMLInputElement>('#f-organizationName')?.value ?? '') !== '';
    });
    assert.equal(await page.getByLabel('Razón social').inputValue(), 'CENTRO NACIONAL DE ABASTECIMIENTO DE RECURSOS ESTRATÉGICOS EN SALUD');
    await page.getByLabel('Número de DNI').fill('10117410');
    await page.getByLabel('Número de DNI').press('Tab');
    await page.waitForFunction(() => {
      const form = document.querySelector('mpd-desk')?.shadowRoot?.querySelector('mpd-filing-form')?.shadowRoot;
      return (form?.querySelector<HTMLInputElement>('#f-givenNames')?.value ?? '') !== '';
    });
    assert.equal(await page.getByLabel('Nombres').inputValue(), 'JUAN');
    assert.equal(await page.getByLabel('Apellidos').inputValue(), 'PÉREZ PÉREZ');
    await page.getByRole('textbox', { name: 'Correo electrónico' }).fill('representante@example.pe');
    await page.getByLabel('Teléfono o celular').fill('987654321');
    await page.getByLabel('Trámite a realizar').selectOption({ label: 'OTRO' });
    await page.getByLabel('Asunto').fill('Presentamos la carta de la institución');
    await verifyEmailOnForm(page, desk.server, 'representante@example.pe');
    await attach(page, 0, [await writePdf('carta-institucion.pdf', 1)]);
    await page.getByLabel('Acepto los Términos y Condiciones de la Mesa de Partes Digital.').check();
    await page.getByLabel('Autorizo el envío de información al correo electrónico.').check();
    const number = await sendAndReadNumber(page);
    const { request } = storedRequest(number, 'cenares');
    assert.equal(request?.organization_ruc, '20538298485');
    assert.equal(request?.organization_name, 'CENTRO NACIONAL DE ABASTECIMIENTO DE RECURSOS ESTRATÉGICOS EN SALUD');
    assert.equal(request?.applicant_given_names, 'JUAN');
    await page.close();
  });

  it('INPE: office, document kind, "SN" and folios; the number has the agency format', async () => {
    const page = await openDesk('inpe');
    await fillApplicant(page, { dni: '10117410', email: 'ana@example.pe' });
    await page.getByLabel('Teléfono o celular').fill('987654321');
    await page.getByLabel('Dependencia de destino').selectOption({ label: 'Oficina Regional Sur Arequipa' });
    await page.getByLabel('Tipo de documento a presentar').selectOption({ label: 'Carta' });
    await page.getByLabel(/El documento no tiene número/).check();
    await attach(page, 0, [await writePdf('carta.pdf', 4)]);
    await page.getByLabel('Asunto del documento').fill('Solicito información sobre visitas');
    await page.getByLabel('He leído y acepto la política de privacidad.').check();
    const number = await sendAndReadNumber(page);
    assert.match(number, /^INPE-\d{4}-000001$/);
    const { request } = storedRequest(number, 'inpe');
    assert.equal(request?.office_id, 'or-sur-arequipa');
    assert.equal(request?.document_number, 'SN');
    assert.equal(request?.folios, 4, 'folios are prefilled from the PDF pages');
    await page.close();
  });

  it('INS: a double click on Send files one request, not two', async () => {
    const page = await openDesk('ins');
    await fillApplicant(page, { dni: '10117410', email: 'doble.clic@example.pe' });
    await page.getByLabel('Descripción de su solicitud').fill('Solicito una constancia');
    await attach(page, 0, [await writePdf('doble.pdf', 1)]);
    await page.getByRole('button', { name: 'Enviar solicitud' }).dblclick();
    await page.getByRole('heading', { name: 'Solicitud generada' }).waitFor({ timeout: 30_000 });
    const db = new Database(join(desk.server.dataDir, 'mesa-de-partes.sqlite'), { readonly: true });
    const rows = db.prepare('select request_number from requests where applicant_email = ?').all('doble.clic@example.pe');
    db.close();
    assert.equal(rows.length, 1);
    await page.close();
  });

  it('CENARES: the server goes down at Send; nothing typed or uploaded is lost, and Send works once it is back', async () => {
    const page = await openDesk('cenares');
    await fillApplicant(page, { dni: '10117410', email: 'servidor.caido@example.pe' });
    await page.getByLabel('Teléfono o celular').fill('987654321');
    await page.getByLabel('Trámite a realizar').selectOption({ label: 'OTRO' });
    await page.getByLabel('Asunto').fill('Reclamo por demora');
    await verifyEmailOnForm(page, desk.server, 'servidor.caido@example.pe');
    await attach(page, 0, [await writePdf('reclamo.pdf', 2)]);
    await page.getByLabel('Acepto los Términos y Condiciones de la Mesa de Partes Digital.').check();
    await page.getByLabel('Autorizo el envío de información al correo electrónico.').check();

    const { port, dataDir } = desk.server;
    await desk.server.stop({ keepData: true });
    await page.getByRole('button', { name: 'Enviar solicitud' }).click();
    await page.getByText(/el servidor no responde/).waitFor({ timeout: 30_000 });
    assert.equal(await page.getByLabel('Asunto').inputValue(), 'Reclamo por demora');
    assert.equal(await page.getByRole('textbox', { name: 'Correo electrónico' }).inputValue(), 'servidor.caido@example.pe');
    assert.deepEqual(await uploadedNames(page, 0), ['reclamo.pdf'], 'the uploaded file is still attached');

    desk.server = await startServer({ port, dataDir });
    const number = await sendAndReadNumber(page);
    const { request, files } = storedRequest(number, 'cenares');
    assert.equal(request?.subject, 'Reclamo por demora');
    assert.deepEqual(files.map((file) => file.name), ['reclamo.pdf']);
    await page.close();
  });

  it('SIS and INS: each files with its own config', async () => {
    for (const agency of ['sis', 'ins']) {
      const page = await openDesk(agency);
      await fillApplicant(page, { dni: '10117410', email: `${agency}@example.pe` });
      if (agency === 'sis') {
        await page.getByLabel('Teléfono o celular').fill('987654321');
        await page.getByLabel('Asunto').fill('Solicito copia de mi expediente');
        await page.getByRole('checkbox', { name: /declaración jurada/ }).check();
      } else {
        await page.getByLabel('Descripción de su solicitud').fill('Solicito información sobre una vacuna');
      }
      await attach(page, 0, [await writePdf(`${agency}.pdf`, 1)]);
      const number = await sendAndReadNumber(page);
      assert.match(number, agency === 'sis' ? /^SIS-\d{4}-000001$/ : /^INS-\d{4}-00002$/);
      assert.ok(storedRequest(number, agency).request, `${agency} request stored`);
      await page.close();
    }
  });
});
