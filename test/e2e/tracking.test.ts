/**
 * The whole loop on one machine, as `npm start` runs it: a citizen files on the CENARES page;
 * staff observe one request and forward and attend another through the staff API; the
 * in-process SMTP server receives every mail; the citizen follows each request from the mail's
 * link in the tracking panel; the receipt PDF says what was filed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { pdfText } from '../server/pdf-text.ts';
import { sha256, writePdf } from './desk-page.ts';
import { fileCenares as fileOnDesk, linkIn, mailsFor as mailsOf, staffAction } from './desk-flow.ts';
import { useDemoDesk } from './harness.ts';

const desk = useDemoDesk();

/** Opens the mail's tracking link and reads the timeline's stages, in order. */
async function stagesFromLink(link: string): Promise<{ page: Page; stages: string[] }> {
  const page = await desk.browser.newPage();
  await page.goto(link);
  const rows = page.locator('mpd-tracking-panel table tbody tr');
  await rows.first().waitFor({ timeout: 30_000 });
  const stages = await rows.evaluateAll((trs) => trs.map((tr) => tr.children[1]!.textContent!.trim()));
  return { page, stages };
}

const staff = (number: string, action: 'observe' | 'forward' | 'attend', body: unknown) => staffAction(desk.server, number, action, body);
const mailsFor = (number: string, count: number) => mailsOf(desk.server, number, count);
const fileCenares = (email: string, subject: string, mainPath: string) => fileOnDesk(desk.browser, desk.server, email, subject, mainPath);

describe('tracking, staff, mail and receipt on the demo desk', { timeout: 240_000 }, () => {
  it('forwarded and attended: every step is mailed and shows in the tracking panel, in order', async () => {
    const mainPath = await writePdf('servicios.pdf', 2);
    const number = await fileCenares('ana.torres@example.pe', 'Presento mis servicios de transporte', mainPath);
    await staff(number, 'forward', { office: 'Oficina de Logística', note: 'Para su evaluación' });
    await staff(number, 'attend', { note: 'Se atendió su pedido' });

    const mails = await mailsFor(number, 3);
    assert.deepEqual(new Set(mails.map((mail) => mail.to)), new Set(['ana.torres@example.pe']));
    const [received, forwarded, attended] = mails;
    assert.match(received!.subject, /recibido/i);
    assert.match(forwarded!.subject, /deriv/i);
    assert.match(forwarded!.text, /Oficina de Logística/);
    assert.match(attended!.subject, /atend/i);
    assert.match(attended!.text, /Se atendió su pedido/);
    assert.deepEqual(received!.attachments.map((file) => file.filename), [`cargo-${number}.pdf`]);

    const link = linkIn(received!, 'seguimiento');
    assert.ok(link, 'the received mail links to tracking');
    assert.match(link, new RegExp(`solicitud=${encodeURIComponent(number)}`));
    const { page, stages } = await stagesFromLink(link);
    assert.deepEqual(stages.map((stage) => stage.replace(/\s*Etapa actual\s*/i, '')), ['RECIBIDO', 'DERIVADO', 'ATENDIDO']);
    assert.match(await page.locator('mpd-tracking-panel table tbody tr').nth(1).innerText(), /Oficina de Logística/);
    // The search the page made behind its captcha granted the receipt's download.
    const downloadToken = await page.locator('mpd-tracking-panel').evaluate((panel) => (panel as HTMLElement & { tracking?: { downloadToken?: string } }).tracking?.downloadToken);
    assert.ok(downloadToken, 'the tracking answer carried a download token');
    await page.close();

    const receipt = (token?: string) =>
      fetch(`${desk.server.url}api/cenares/receipts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ requestNumber: number, documentNumber: '10117410', downloadToken: token }),
      });
    const refused = await receipt();
    assert.equal(refused.status, 403, 'no receipt without the grant of a search');
    assert.equal(((await refused.json()) as { code: string }).code, 'tracking.downloadExpired');
    const response = await receipt(downloadToken);
    assert.equal(response.status, 200);
    const text = await pdfText(new Uint8Array(await response.arrayBuffer()));
    for (const expected of [number, 'JUAN PÉREZ PÉREZ', '10117410', 'servicios.pdf', sha256(mainPath)]) {
      assert.ok(text.toUpperCase().includes(expected.toUpperCase()), `the receipt shows ${expected}`);
    }
    assert.match(text, /\d{2}\/\d{2}\/\d{4}/, 'the receipt shows dates');
  });

  it('observed: the mail names the document and links to the correction; tracking shows OBSERVADO', async () => {
    const number = await fileCenares('luis.rojas@example.pe', 'Solicito constancia', await writePdf('constancia.pdf', 1));
    await staff(number, 'observe', {
      note: 'Se genera observación en la solicitud.',
      documents: [{ slot: 'main', index: 0, note: 'Está faltando incluir los datos del pedido.' }],
    });
    const [, observed] = await mailsFor(number, 2);
    assert.equal(observed!.to, 'luis.rojas@example.pe');
    assert.match(observed!.text, /constancia\.pdf/);
    assert.match(observed!.text, /Está faltando incluir los datos del pedido/);
    assert.ok(linkIn(observed!, 'subsanar'), 'the observation mail links to the correction');
    const { page, stages } = await stagesFromLink(linkIn(observed!, 'seguimiento') ?? linkIn((await mailsFor(number, 1))[0]!, 'seguimiento')!);
    assert.deepEqual(stages.map((stage) => stage.replace(/\s*Etapa actual\s*/i, '')), ['RECIBIDO', 'OBSERVADO']);
    await page.close();
  });
});
