/**
 * The steps the end-to-end tests share around the desk page: filing on the CENARES page, staff
 * actions through the staff API (as the demo's staff user), and the mails the in-process SMTP
 * server received.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { attach, fillApplicant, openDeskPage, sendAndReadNumber } from './desk-page.ts';
import type { RunningServer } from './harness.ts';
import { staffSignIn } from '../support/staff-session.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  attachments: Array<{ filename: string; size: number }>;
}

/** The demo's CENARES staff user, signed in afresh (a test may move the server clock past a session). */
const staffHeaders = (server: RunningServer) => staffSignIn(server.url, 'cenares', 'mesa', 'mesa-cenares');

export async function staffAction(
  server: RunningServer,
  number: string,
  action: 'observe' | 'forward' | 'attend',
  body: unknown,
): Promise<void> {
  const response = await fetch(`${server.url}api/cenares/staff/requests/${encodeURIComponent(number)}/${action}`, {
    method: 'POST',
    headers: { ...(await staffHeaders(server)), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200, `${action} ${number}: ${await response.text()}`);
}

/** GET on the CENARES staff API (`path` under `staff/`), as JSON or as the raw response. */
export async function staffGet(server: RunningServer, path: string): Promise<Response> {
  const response = await fetch(`${server.url}api/cenares/staff/${path}`, { headers: await staffHeaders(server) });
  assert.equal(response.status, 200, `GET staff/${path}: ${response.status}`);
  return response;
}

/** Waits for the desk's mail sender (it runs every few seconds) to deliver `count` mails for `number`. */
export async function mailsFor(server: RunningServer, number: string, count: number): Promise<Mail[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { mails } = (await (await fetch(`${server.url}dev/mails`)).json()) as { mails: Mail[] };
    const mine = mails.filter((mail) => mail.text.includes(number)).reverse();
    if (mine.length >= count) return mine;
    if (Date.now() > deadline) assert.fail(`expected ${count} mails for ${number}, got ${mine.map((mail) => mail.subject).join(' | ')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Files a request on the CENARES page as the DNI 10117410 with `mainPath` as its main document. */
export async function fileCenares(browser: Browser, server: RunningServer, email: string, subject: string, mainPath: string): Promise<string> {
  const page = await openDeskPage(browser, server, 'cenares');
  await fillApplicant(page, { dni: '10117410', email });
  await page.getByLabel('Teléfono o celular').fill('987654321');
  await page.getByLabel('Trámite a realizar').selectOption({ label: 'PRESENTACIÓN DE SERVICIOS' });
  await page.getByLabel('Asunto').fill(subject);
  await verifyEmailOnForm(page, server, email);
  await attach(page, 0, [mainPath]);
  await page.getByLabel('Acepto los Términos y Condiciones de la Mesa de Partes Digital.').check();
  await page.getByLabel('Autorizo el envío de información al correo electrónico.').check();
  const number = await sendAndReadNumber(page);
  await page.close();
  return number;
}

/** The link to `view` (`seguimiento`, `subsanar`) in a mail's text. */
export const linkIn = (mail: Mail, view: string): string | undefined => mail.text.match(new RegExp(`https?://\\S+#vista=${view}\\S+`))?.[0];

/** The newest verification code mailed to `email` (the dev mailbox receives every mail). */
export async function codeMailedTo(server: RunningServer, email: string, after = 0): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { mails } = (await (await fetch(`${server.url}dev/mails`)).json()) as { mails: Mail[] };
    const codes = mails
      .filter((mail) => mail.to === email && /código de validación/i.test(mail.subject))
      .map((mail) => /\b(\d{6})\b/.exec(mail.subject)?.[1] ?? /\b(\d{6})\b/.exec(mail.text)?.[1])
      .filter((code): code is string => Boolean(code));
    if (codes.length > after) return codes[0]!;
    if (Date.now() > deadline) assert.fail(`no verification code reached ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** CENARES's "Código de validación" on the filing form: asks for the code, reads it from the mail, types it. */
export async function verifyEmailOnForm(page: Page, server: RunningServer, email: string): Promise<void> {
  const step = page.locator('mpd-filing-form mpd-email-verification');
  await step.getByRole('button', { name: 'Enviar código de validación' }).click();
  await step.getByLabel('Código de validación').fill(await codeMailedTo(server, email));
  await step.getByRole('button', { name: 'Validar' }).click();
  await step.getByText('Correo validado').waitFor({ timeout: 30_000 });
}
