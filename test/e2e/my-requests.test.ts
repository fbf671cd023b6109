/**
 * "Mis trámites" on the INPE demo page, in Chromium against the real server: a citizen files a
 * request, signs in with a code sent to the email (read from the in-process SMTP server), finds
 * the request PENDIENTE DE VALIDACIÓN, updates its subject and then cancels it, each after a
 * confirmation step; the timeline and the mails say so.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attach, fillApplicant, openDeskPage, sendAndReadNumber, writePdf } from './desk-page.ts';
import { codeMailedTo, mailsFor } from './desk-flow.ts';
import { useDemoDesk } from './harness.ts';

const desk = useDemoDesk();

const EMAIL = 'ana.salas@example.pe';

async function fileOnInpe(): Promise<string> {
  const page = await openDeskPage(desk.browser, desk.server, 'inpe');
  await fillApplicant(page, { dni: '10117410', email: EMAIL });
  await page.getByLabel('Teléfono o celular').fill('987654321');
  await page.getByLabel('Dependencia de destino').selectOption({ label: 'Sede Central' });
  await page.getByLabel('Tipo de documento a presentar').selectOption({ label: 'Solicitud' });
  await page.getByLabel(/El documento no tiene número/).check();
  await attach(page, 0, [await writePdf('visitas.pdf', 1)]);
  await page.getByLabel('Asunto del documento').fill('Solicito el horario de visitas');
  await page.getByLabel('He leído y acepto la política de privacidad.').check();
  const number = await sendAndReadNumber(page);
  await page.close();
  return number;
}

describe('"Mis trámites" on the INPE desk', { timeout: 240_000 }, () => {
  it('signs in with an email code, lists the pending request, updates it and cancels it, each after confirming', async () => {
    const number = await fileOnInpe();

    const page = await desk.browser.newPage();
    page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
    await page.goto(`${desk.server.url}inpe.html#vista=mis-tramites`);
    const panel = page.locator('mpd-my-requests');
    await panel.getByLabel('Correo electrónico').fill(EMAIL);
    await panel.getByLabel('Número de documento de identidad').fill('10117410');
    await panel.getByRole('button', { name: 'Enviar código de validación' }).click();
    await panel.getByLabel('Código de validación').fill(await codeMailedTo(desk.server, EMAIL));
    await panel.getByRole('button', { name: 'Ingresar' }).click();

    const row = panel.locator('#requests tbody tr', { hasText: number });
    await row.waitFor({ timeout: 30_000 });
    assert.match(await row.innerText(), /PENDIENTE DE VALIDACIÓN/);

    await row.getByRole('button', { name: /Actualizar/ }).click();
    const subject = panel.getByLabel('Asunto');
    await subject.fill('Solicito el horario de visitas de diciembre');
    await panel.getByRole('button', { name: 'Revisar los cambios' }).click();
    assert.match(await panel.locator('#changes').innerText(), /Solicito el horario de visitas de diciembre/);
    await panel.getByRole('button', { name: 'Sí, guardar los cambios' }).click();
    await panel.getByText(/Guardamos los cambios de su solicitud/).waitFor({ timeout: 30_000 });

    await panel.locator('#requests tbody tr', { hasText: number }).getByRole('button', { name: /Anular/ }).click();
    await panel.getByLabel(/Motivo de la anulación/).fill('Ya obtuve la información');
    await panel.getByRole('button', { name: 'Sí, anular la solicitud' }).click();
    await panel.getByText(/Anulamos su solicitud/).waitFor({ timeout: 30_000 });
    assert.match(await panel.locator('#requests tbody tr', { hasText: number }).innerText(), /ANULADO/);
    await page.close();

    const tracking = await fetch(`${desk.server.url}api/inpe/tracking`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requestNumber: number, documentNumber: '10117410' }),
    });
    const { status, subject: saved, timeline } = (await tracking.json()) as { status: string; subject: string; timeline: Array<{ stage: string; note: string | null }> };
    assert.equal(status, 'ANULADO');
    assert.equal(saved, 'Solicito el horario de visitas de diciembre');
    assert.equal(timeline.at(-1)!.stage, 'ANULADO');
    assert.match(timeline.at(-1)!.note ?? '', /Ya obtuve la información/);
    const subjects = (await mailsFor(desk.server, number, 3)).map((mail) => mail.subject);
    assert.ok(subjects.some((text) => /anulad/i.test(text)), `a cancellation mail among: ${subjects.join(' | ')}`);
  });
});
