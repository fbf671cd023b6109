/**
 * Correction (subsanación) end to end, as `npm start` runs it: a citizen files on the CENARES
 * page, staff observe the main document, the citizen corrects it from the observation mail's
 * link, staff see both versions, tracking shows the steps with the filing date kept. Then a
 * deadline that passes while the panel is open: the server refuses and the request is not
 * presented. The server's clock is moved through its test-only clock (MPD_TEST_CLOCK): no test
 * waits for a deadline.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { attach, captchaHeader, sha256, writePdf } from './desk-page.ts';
import { fileCenares, linkIn, mailsFor, staffAction, staffGet } from './desk-flow.ts';
import { setServerClock, useDemoDesk } from './harness.ts';

const desk = useDemoDesk({ env: { MPD_TEST_CLOCK: '1' } });

const OBSERVATION = {
  note: 'Se genera observación en la solicitud.',
  documents: [{ slot: 'main', index: 0, note: 'Está faltando incluir los datos del pedido.' }],
};

interface StaffRequest {
  deemedFiledDate: string;
  files: Array<{ slot: string; index: number; versions: Array<{ version: number; name: string; sha256: string; documentNumber?: string | null }> }>;
}

async function staffRequest(number: string): Promise<StaffRequest> {
  return (await (await staffGet(desk.server, `requests/${encodeURIComponent(number)}`)).json()) as StaffRequest;
}

async function trackingOf(number: string): Promise<{ status: string; deemedFiledDate: string; timeline: Array<{ stage: string }> }> {
  const response = await fetch(`${desk.server.url}api/cenares/tracking`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await captchaHeader(desk.server, 'cenares', 'tracking')) },
    body: JSON.stringify({ requestNumber: number, documentNumber: '10117410' }),
  });
  assert.equal(response.status, 200);
  return (await response.json()) as { status: string; deemedFiledDate: string; timeline: Array<{ stage: string }> };
}

/** Files, observes the main document and returns the request number and the observation mail's correction link. */
async function observedRequest(email: string, mainName: string): Promise<{ number: string; original: string; correctionLink: string }> {
  const original = await writePdf(mainName, 1);
  const number = await fileCenares(desk.browser, desk.server, email, 'Solicito el reconocimiento de una deuda', original);
  await staffAction(desk.server, number, 'observe', OBSERVATION);
  const [, observed] = await mailsFor(desk.server, number, 2);
  const correctionLink = linkIn(observed!, 'subsanar');
  assert.ok(correctionLink, 'the observation mail links to the correction');
  return { number, original, correctionLink };
}

async function openLink(link: string): Promise<Page> {
  const page = await desk.browser.newPage();
  page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
  await page.goto(link);
  return page;
}

/** Opens the mail's tracking link and reads the timeline's stages, in order. */
async function stagesOnPage(link: string): Promise<string[]> {
  const page = await openLink(link);
  const rows = page.locator('mpd-tracking-panel table tbody tr');
  await rows.first().waitFor({ timeout: 30_000 });
  const stages = await rows.evaluateAll((trs) => trs.map((tr) => tr.children[1]!.textContent!.replace(/\s*Etapa actual\s*/i, '').trim()));
  await page.close();
  return stages;
}

/** The text a custom element renders in its shadow root (innerText does not reach into it). */
const shadowText = (locator: Locator) => locator.evaluate((element) => (element.shadowRoot?.textContent ?? '').replace(/\s+/g, ' '));

const sendButton = (page: Page) => page.locator('mpd-correction-panel').getByRole('button', { name: /enviar subsanación/i });

describe('correction of an observed document on the demo desk', { timeout: 300_000 }, () => {
  it('corrected in time from the mail link: staff see both versions, tracking shows OBSERVADO then SUBSANADO, the filing date is kept', async () => {
    const { number, original, correctionLink } = await observedRequest('rosa.quispe@example.pe', 'pedido.pdf');
    const filedOn = (await staffRequest(number)).deemedFiledDate;

    const page = await openLink(correctionLink);
    const panel = page.locator('mpd-correction-panel');
    // Opened pre-filled from the link: the observed document with the desk's note, and the deadline.
    await panel.getByText('Está faltando incluir los datos del pedido.').waitFor({ timeout: 30_000 });
    assert.match(await shadowText(panel), /pedido\.pdf/);
    assert.match(await shadowText(panel), /Se genera observación en la solicitud\./);
    assert.match(await shadowText(panel), /23:59/, 'the deadline is shown with its last minute');

    const replacement = await writePdf('pedido-corregido.pdf', 2);
    await attach(page, 0, [replacement], 'mpd-correction-panel');
    await panel.getByRole('textbox', { name: /que adjunta/i }).fill('005-2022-ABC');
    // A double click sends one correction.
    const sends: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/corrections')) sends.push(request.url());
    });
    await sendButton(page).dblclick();
    await panel.getByRole('heading', { name: 'Subsanación recibida' }).waitFor({ timeout: 30_000 });
    assert.equal(sends.length, 1, 'one POST of the correction');
    assert.match(await shadowText(panel), new RegExp(number));
    await page.close();

    const request = await staffRequest(number);
    const main = request.files.find((file) => file.slot === 'main')!;
    assert.deepEqual(
      main.versions.map((version) => [version.version, version.name]),
      [
        [1, 'pedido.pdf'],
        [2, 'pedido-corregido.pdf'],
      ],
      'the new version and the old one',
    );
    assert.equal(main.versions[1]!.documentNumber, '005-2022-ABC');
    for (const [version, path] of [
      [1, original],
      [2, replacement],
    ] as const) {
      const bytes = new Uint8Array(await (await staffGet(desk.server, `requests/${encodeURIComponent(number)}/files/main/0?version=${version}`)).arrayBuffer());
      assert.equal(Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex'), sha256(path), `version ${version} is the file sent`);
    }

    const mails = await mailsFor(desk.server, number, 3);
    assert.match(mails[2]!.subject, /subsanación/i);
    assert.deepEqual(await stagesOnPage(linkIn(mails[0]!, 'seguimiento')!), ['RECIBIDO', 'OBSERVADO', 'SUBSANADO']);
    const tracking = await trackingOf(number);
    assert.equal(tracking.status, 'SUBSANADO');
    assert.equal(tracking.deemedFiledDate, filedOn, 'a correction in time keeps the original filing date');
  });

  it('past the deadline: the server refuses the correction the open panel sends, and the request is NO PRESENTADO', async () => {
    const { number, correctionLink } = await observedRequest('pedro.huaman@example.pe', 'carta.pdf');
    const page = await openLink(correctionLink);
    const panel = page.locator('mpd-correction-panel');
    await panel.getByText('Está faltando incluir los datos del pedido.').waitFor({ timeout: 30_000 });
    await attach(page, 0, [await writePdf('carta-corregida.pdf', 1)], 'mpd-correction-panel');

    // The panel still shows time left; the deadline passes before the citizen sends.
    const lookup = await fetch(`${desk.server.url}api/cenares/corrections/lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await captchaHeader(desk.server, 'cenares', 'correction')) },
      body: JSON.stringify({ requestNumber: number, documentNumber: '10117410' }),
    });
    const { observation } = (await lookup.json()) as { observation: { deadline: { endsAt: string } } };
    await setServerClock(desk.server, new Date(Date.parse(observation.deadline.endsAt) + 60_000));
    await sendButton(page).click();
    await panel.getByText(/venció/).first().waitFor({ timeout: 30_000 });
    assert.equal(await sendButton(page).count(), 0, 'nothing left to send');
    assert.match(await shadowText(panel), /no presentada/i);
    await page.close();

    // Opening the link again says the same, and offers nothing to send.
    const again = await openLink(correctionLink);
    await again.locator('mpd-correction-panel').getByText(/venció/).first().waitFor({ timeout: 30_000 });
    assert.equal(await sendButton(again).count(), 0);
    await again.close();

    const mails = await mailsFor(desk.server, number, 3);
    assert.match(mails[2]!.subject, /no presentada/i);
    assert.deepEqual(await stagesOnPage(linkIn(mails[0]!, 'seguimiento')!), ['RECIBIDO', 'OBSERVADO', 'NO PRESENTADO']);
    const main = (await staffRequest(number)).files.find((file) => file.slot === 'main')!;
    assert.deepEqual(main.versions.map((version) => version.version), [1], 'the late replacement was not added');
  });
});
