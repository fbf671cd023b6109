// Issue 11, section 4, in Chromium: every demo page runs under the reference server's
// Content-Security-Policy (server/http/security-headers.ts) with no violation, while a citizen
// adds a PDF (pdf.js in its real worker, not the main-thread fallback), ALTCHA solves itself and
// the request is filed; the mail page shows that request's mail; and another origin cannot frame
// the staff console, the mail page or a citizen page.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { attach, fillApplicant, sendAndReadNumber, solveCaptcha, writePdf } from './desk-page.ts';
import { useDemoDesk } from './harness.ts';

const desk = useDemoDesk();

/** The pages the demo build serves (`dist/demo`). */
const PAGES = ['', 'cenares.html', 'inpe.html', 'ins.html', 'sis.html', 'staff.html', 'mail.html', 'examples/plain.html', 'examples/react/', 'examples/vue/'];

interface Watched {
  page: Page;
  /** Every CSP violation the page's documents and workers reported, and console lines about one. */
  violations: () => Promise<string[]>;
  /** Console lines saying pdf.js fell back to parsing on the main thread. */
  fakeWorker: string[];
}

/** A new page that records `securitypolicyviolation` events (installed before any page script) and CSP console errors. */
async function watchedPage(): Promise<Watched> {
  const page = await desk.browser.newPage();
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener(
      'securitypolicyviolation',
      (event) => seen.push(`${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} at ${event.sourceFile}:${event.lineNumber}`),
      true,
    );
  });
  const console: string[] = [];
  const fakeWorker: string[] = [];
  page.on('pageerror', (error) => console.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) console.push(message.text());
    if (/fake worker/i.test(message.text())) fakeWorker.push(message.text());
  });
  page.on('worker', (worker) => worker.on('console', (message) => /Refused to|Content.Security.Policy/i.test(message.text()) && console.push(`worker: ${message.text()}`)));
  const violations = async () => {
    const events = await Promise.all(
      page.frames().map((frame) => frame.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []).catch(() => [] as string[])),
    );
    return [...events.flat(), ...console];
  };
  return { page, violations, fakeWorker };
}

describe('the Content-Security-Policy in Chromium', { timeout: 240_000 }, () => {
  it('every demo page loads under its policy with no violation', async () => {
    for (const path of PAGES) {
      const { page, violations } = await watchedPage();
      const response = await page.goto(`${desk.server.url}${path}`);
      assert.equal(response?.status(), 200, path);
      assert.ok(response?.headers()['content-security-policy'], `${path}: a policy`);
      await page.waitForLoadState('networkidle');
      assert.deepEqual(await violations(), [], path || 'index');
      await page.close();
    }
  });

  it('INS: a PDF is read by pdf.js in its worker, ALTCHA solves, the request is filed and its mail shown, with no violation', async () => {
    const { page, violations, fakeWorker } = await watchedPage();
    await page.goto(`${desk.server.url}ins.html`);
    await page.getByRole('heading', { name: 'Presentar solicitud' }).waitFor();
    await fillApplicant(page, { dni: '10117410', email: 'csp@example.pe' });
    await page.getByLabel('Descripción de su solicitud').fill('Solicito una constancia');
    await attach(page, 0, [await writePdf('csp.pdf', 2)]);
    await page.locator('mpd-filing-form mpd-dropzone').first().getByText('2 páginas').waitFor({ timeout: 30_000 });
    // pdf.js ran in a real worker started from the desk's own worker file (same origin: no blob:
    // wrapper), not in its main-thread "fake worker".
    const workers = page.workers().map((worker) => worker.url());
    assert.ok(workers.some((url) => url.startsWith(`${desk.server.url}assets/pdf.worker`) && url.endsWith('.mjs')), `pdf.js's worker: ${workers.join(', ')}`);
    assert.deepEqual(fakeWorker, [], 'pdf.js did not fall back to the main thread');
    // INS asks ALTCHA on filing: it is there and solves itself.
    const captchaActive = () =>
      page.evaluate(() => {
        const form = document.querySelector('mpd-desk')?.shadowRoot?.querySelector('mpd-filing-form');
        const captcha = form?.shadowRoot?.querySelector('mpd-captcha') as (Element & { active: boolean; value: string }) | null | undefined;
        return { active: captcha?.active ?? false, solved: Boolean(captcha?.value) };
      });
    assert.equal((await captchaActive()).active, true, 'ALTCHA on the form');
    await solveCaptcha(page, 'mpd-filing-form');
    assert.equal((await captchaActive()).solved, true, 'ALTCHA solved');
    const number = await sendAndReadNumber(page);
    assert.match(number, /^INS-\d{4}-\d{5}$/);
    assert.deepEqual(await violations(), [], 'the desk page');
    await page.close();

    const mail = await watchedPage();
    await mail.page.goto(`${desk.server.url}mail.html`);
    const item = mail.page.locator('.mail-list button', { hasText: 'csp@example.pe' }).first();
    await item.waitFor({ timeout: 30_000 });
    await item.click();
    const frame = mail.page.frameLocator('.mail-view iframe');
    await frame.getByText(number).first().waitFor();
    assert.deepEqual(await mail.violations(), [], 'the mail page and the mail in its frame');
    await mail.page.close();
  });

  describe('framing by another origin', () => {
    let other: Server;
    let otherUrl = '';
    before(async () => {
      // Another site (localhost is another origin than the desk's 127.0.0.1) framing a desk page.
      other = createServer((request, response) => {
        const target = new URL(request.url ?? '/', 'http://other').searchParams.get('frame') ?? '';
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(`<!doctype html><title>Otro sitio</title><iframe src="${desk.server.url}${target}" width="800" height="600"></iframe>`);
      });
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      otherUrl = `http://localhost:${(other.address() as AddressInfo).port}/`;
    });
    after(() => other?.close());

    for (const target of ['staff.html', 'mail.html', 'cenares.html']) {
      it(`${target} does not load inside another site's frame`, async () => {
        const page = await desk.browser.newPage();
        const refusals: string[] = [];
        page.on('console', (message) => /frame-ancestors|Refused to (display|frame)/i.test(message.text()) && refusals.push(message.text()));
        await page.goto(`${otherUrl}?frame=${encodeURIComponent(target)}`);
        await page.waitForLoadState('networkidle');
        const child = page.frames().find((frame) => frame !== page.mainFrame());
        assert.ok(child, 'the frame element is there');
        // Blocked: the frame holds the browser's error page, not the desk's document.
        assert.ok(!child.url().startsWith(desk.server.url), `the frame shows ${child.url()}`);
        assert.ok(refusals.length > 0, 'Chromium says it refused the frame');
        await page.close();
      });
    }
  });
});
