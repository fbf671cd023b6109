/**
 * A citizen who uses only the keyboard (no mouse, no pointer) files a request on the INS demo
 * page, against the real server: Tab reaches every field in order, typing fills them, Enter on
 * the dropzone's button opens the file chooser, the captcha answers by itself, Enter sends.
 *
 * Playwright's locators only *name* the element the test expects focus to reach; every action
 * is a key press.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { openDeskPage, readStoredRequest, uploadedNames, writePdf } from './desk-page.ts';
import { useDemoDesk } from './harness.ts';

const desk = useDemoDesk();

/** True when `target` is the element that has focus, looking through every shadow root. */
function hasFocus(target: Locator): Promise<boolean> {
  return target.evaluate((element) => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active === element;
  });
}

/** Presses Tab until `target` has focus; fails if it never does (a field the keyboard cannot reach). */
async function tabTo(page: Page, target: Locator, what: string): Promise<void> {
  for (let presses = 0; presses < 80; presses++) {
    if (await hasFocus(target)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${what}`);
}

/** The form's captcha has an answer, or asks none. */
function captchaSolvedInPage(): boolean {
  const form = document.querySelector('mpd-desk')?.shadowRoot?.querySelector('mpd-filing-form')?.shadowRoot;
  const captcha = form?.querySelector('mpd-captcha') as (Element & { active: boolean; value: string }) | null | undefined;
  return !captcha || !captcha.active || captcha.value !== '';
}

function captchaSolved(page: Page): Promise<boolean> {
  return page.evaluate(captchaSolvedInPage);
}

async function tabAndType(page: Page, target: Locator, text: string, what: string): Promise<void> {
  await tabTo(page, target, what);
  await page.keyboard.type(text);
}

describe('filing with the keyboard alone', { timeout: 180_000 }, () => {
  it('INS: every field, the dropzone and Send are reached with Tab and used with the keyboard', async () => {
    const pdf = await writePdf('solicitud-teclado.pdf', 2);
    const page = await openDeskPage(desk.browser, desk.server, 'ins');
    // Start where a keyboard user starts: the top of the page.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

    await tabAndType(page, page.getByLabel('Número de DNI'), '10117410', 'the DNI');
    await tabAndType(page, page.getByLabel('Nombres'), 'Rosa', 'the given names');
    await tabAndType(page, page.getByLabel('Apellidos'), 'Quispe Mamani', 'the surnames');
    await tabAndType(page, page.getByRole('textbox', { name: 'Correo electrónico' }), 'teclado@example.pe', 'the email');
    await tabAndType(page, page.getByLabel('Descripción de su solicitud'), 'Solicito una constancia, usando solo el teclado', 'the subject');

    // The dropzone: its button opens the system's file chooser on Enter. Listening first turns
    // on Playwright's interception of the chooser before the key is pressed.
    const chooserOpened = page.waitForEvent('filechooser');
    await tabTo(page, page.locator('mpd-filing-form mpd-dropzone').first().getByRole('button', { name: /Elegir archivo/ }), 'the main document button');
    await page.keyboard.press('Enter');
    const chooser = await chooserOpened;
    await chooser.setFiles(pdf);
    const deadline = Date.now() + 30_000;
    while ((await uploadedNames(page, 0)).length !== 1) {
      if (Date.now() > deadline) assert.fail('the upload did not finish');
      await page.waitForTimeout(100);
    }

    // The rest of the form, then Send. ALTCHA answers by itself; a citizen who reaches it first
    // ticks it with Space, as the widget invites.
    const send = page.getByRole('button', { name: 'Enviar solicitud' });
    const captchaBox = page.locator('mpd-filing-form mpd-captcha').getByRole('checkbox', { name: 'No soy un robot' });
    let ticked = false;
    for (let presses = 0; presses < 80 && !(await hasFocus(send)); presses++) {
      if (!ticked && (await captchaBox.count()) > 0 && (await hasFocus(captchaBox)) && !(await captchaSolved(page))) {
        await page.keyboard.press('Space');
        ticked = true;
        await page.waitForFunction(captchaSolvedInPage, undefined, { timeout: 25_000 });
      }
      await page.keyboard.press('Tab');
    }
    assert.ok(await hasFocus(send), 'Tab reaches "Enviar solicitud"');
    await page.keyboard.press('Enter');

    const confirmation = page.getByRole('heading', { name: 'Solicitud generada' });
    await confirmation.waitFor({ timeout: 30_000 });
    assert.ok(await hasFocus(confirmation), 'focus moves to the confirmation heading, so a screen reader reads it');
    const number = (await page.locator('[part="request-number"]').textContent())!.trim();
    const { request, files } = readStoredRequest(desk.server, number, 'ins');
    assert.equal(request?.applicant_given_names, 'Rosa');
    assert.equal(request?.subject, 'Solicito una constancia, usando solo el teclado');
    assert.deepEqual(files.map((file) => file.name), ['solicitud-teclado.pdf']);
    await page.close();
  });
});
