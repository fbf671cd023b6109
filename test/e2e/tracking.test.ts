/**
 * The whole loop on one machine, as `npm start` runs it: a citizen files on the CENARES page;
 * staff observe one request and forward and attend another through the staff API; the
 * in-process SMTP server receives every mail; the citizen follows each request from the mail's
 * link in the tracking panel; the receipt PDF says what was filed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { pdfText } from '../server/pdf-text.ts';
import { attach, fillApplicant, openDeskPage, sendAndReadNumber, sha256, writePdf } from './desk-page.ts';
import { launchBrowser, startServer, type RunningServer } from './harness.ts';

interface Mail {
  to: string;
  subject: string;
  text: string;
  attachments: Array<{ filename: string; size: number }>;
}

const STAFF = `Basic ${Buffer.from('mesa:mesa-cenares').toString('base64')}`;
let server: RunningServer;
let browser: Browser;

async function staff(number: string, action: 'observe' | 'forward' | 'attend', body: unknown): Promise<void> {
  const response = await fetch(`${server.url}api/cenares/staff/requests/${encodeURIComponent(number)}/${action}`, {
    method: 'POST',
    headers: { authorization: STAFF, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200, `${action} ${number}: ${await response.text()}`);
}

/** Waits for the desk's mail sender (it runs every few seconds) to deliver `count` mails for `number`. */
async function mailsFor(number: string, count: number): Promise<Mail[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { mails } = (await (await fetch(`${server.url}dev/mails`)).json()) as { mails: Mail[] };
    const mine = mails.filter((mail) => mail.text.includes(number)).reverse();
    if (mine.length >= count) return mine;
    if (Date.now() > deadline) assert.fail(`expected ${count} mails for ${number}, got ${mine.map((mail) => mail.subject).join(' | ')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function fileCenares(email: string, subject: string, mainPath: string): Promise<string> {
  const page = await openDeskPage(browser, server, 'cenares');
  await fillApplicant(page, { dni: '10117410', email });
  await page.getByLabel('Teléfono o celular').fill('987654321');
  await page.getByLabel('Trámite a realizar').selectOption({ label: 'PRESENTACIÓN DE SERVICIOS' });
  await page.getByLabel('Asunto').fill(subject);
  await attach(page, 0, [mainPath]);
  await page.getByLabel('Acepto los Términos y Condiciones de la Mesa de Partes Digital.').check();
  await page.getByLabel('Autorizo el envío de información al correo electrónico.').check();
  const number = await sendAndReadNumber(page);
  await page.close();
  return number;
}

/** Opens the mail's tracking link and reads the timeline's stages, in order. */
async function stagesFromLink(link: string): Promise<{ page: Page; stages: string[] }> {
  const page = await browser.newPage();
  await page.goto(link);
  const rows = page.locator('mpd-tracking-panel table tbody tr');
  await rows.first().waitFor({ timeout: 30_000 });
  const stages = await rows.evaluateAll((trs) => trs.map((tr) => tr.children[1]!.textContent!.trim()));
  return { page, stages };
}

const linkIn = (mail: Mail, view: string) => mail.text.match(new RegExp(`https?://\\S+#vista=${view}\\S+`))?.[0];

describe('tracking, staff, mail and receipt on the demo desk', { timeout: 240_000 }, () => {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

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
    await page.close();

    const response = await fetch(`${server.url}api/cenares/receipts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requestNumber: number, documentNumber: '10117410' }),
    });
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
