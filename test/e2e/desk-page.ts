/**
 * What a citizen does on a demo desk page, for the end-to-end tests: open the page, fill the
 * applicant, attach files and wait for their uploads, send, read the number; and what the
 * server stored.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
// @ts-expect-error -- plain JS test-document makers shared with the browser tests.
import { makePdf } from '../support/documents.mjs';
import type { RunningServer } from './harness.ts';

const filesDir = mkdtempSync(join(tmpdir(), 'mpd-e2e-files-'));

export async function writePdf(name: string, pages: number): Promise<string> {
  const path = join(filesDir, name);
  writeFileSync(path, (await makePdf({ pages, title: name })) as Uint8Array);
  return path;
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Opens `<agency>.html` (plus `query`) and fails the test on any uncaught page error. */
export async function openDeskPage(browser: Browser, server: RunningServer, agency: string, query = ''): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (error) => assert.fail(`page error on ${agency}: ${error.message}`));
  await page.goto(`${server.url}${agency}.html${query}`);
  if (!query) await page.getByRole('heading', { name: 'Presentar solicitud' }).waitFor();
  return page;
}

export async function fillApplicant(page: Page, values: { dni: string; email: string }) {
  await page.getByLabel('Número de DNI').fill(values.dni);
  await page.getByLabel('Nombres').fill('Juan');
  await page.getByLabel('Apellidos').fill('Pérez Pérez');
  await page.getByRole('textbox', { name: 'Correo electrónico' }).fill(values.email);
}

/** The desk views whose dropzones the tests fill. */
export type DropzoneHost = 'mpd-filing-form' | 'mpd-correction-panel';

/** The names of the finished uploads a dropzone of the form (or the correction panel) holds. */
export function uploadedNames(page: Page, dropzoneIndex: number, hostTag: DropzoneHost = 'mpd-filing-form'): Promise<string[]> {
  return page.evaluate(
    ([index, tag]) => {
      const host = document.querySelector('mpd-desk')?.shadowRoot?.querySelector(tag)?.shadowRoot;
      const zone = host?.querySelectorAll('mpd-dropzone')[index] as unknown as { uploads: Array<{ name: string }> } | undefined;
      return zone?.uploads.map((upload) => upload.name) ?? [];
    },
    [dropzoneIndex, hostTag] as const,
  );
}

export async function attach(page: Page, dropzoneIndex: number, paths: string[], hostTag: DropzoneHost = 'mpd-filing-form') {
  const dropzone = page.locator(`${hostTag} mpd-dropzone`).nth(dropzoneIndex);
  await dropzone.locator('input[type="file"]').setInputFiles(paths);
  // Wait until every file is inspected and uploaded.
  const deadline = Date.now() + 30_000;
  while ((await uploadedNames(page, dropzoneIndex, hostTag)).length !== paths.length) {
    if (Date.now() > deadline) assert.fail(`uploads did not finish: ${paths.join(', ')}`);
    await page.waitForTimeout(100);
  }
}

export async function sendAndReadNumber(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Enviar solicitud' }).click();
  const dialog = page.getByRole('dialog');
  // Agencies with office hours ask to confirm first (INPE, SIS).
  const confirmation = page.getByRole('heading', { name: 'Solicitud generada' });
  await Promise.race([confirmation.waitFor({ timeout: 30_000 }), dialog.waitFor({ timeout: 30_000 })]);
  if (await dialog.isVisible()) await dialog.getByRole('button', { name: /Confirmar/ }).click();
  await confirmation.waitFor({ timeout: 30_000 });
  return (await page.locator('[part="request-number"]').textContent())!.trim();
}

/**
 * Waits until the `<mpd-captcha>` in `hostTag` (inside the desk, or on the page itself) has an
 * answer, or asks none: ALTCHA solves by itself in about a second. If it has not after a few
 * seconds, ticks "No soy un robot" as a citizen would, and waits again. `captchaId` picks one
 * captcha when the host has several (the correction panel's `send-captcha`).
 */
export async function solveCaptcha(page: Page, hostTag: string, captchaId?: string): Promise<void> {
  const ready = () =>
    page.evaluate(
      ([tag, id]) => {
        const host = document.querySelector('mpd-desk')?.shadowRoot?.querySelector(tag) ?? document.querySelector(tag);
        const captcha = host?.shadowRoot?.querySelector(id ? `#${id}` : 'mpd-captcha') as (Element & { active: boolean; value: string }) | null | undefined;
        return !captcha || !captcha.active || captcha.value !== '';
      },
      [hostTag, captchaId ?? ''] as const,
    );
  const waitUntil = async (ms: number) => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (await ready()) return true;
      await page.waitForTimeout(100);
    }
    return false;
  };
  if (await waitUntil(5_000)) return;
  const captcha = page.locator(`${hostTag} ${captchaId ? `#${captchaId}` : 'mpd-captcha'}`);
  await captcha.getByRole('checkbox', { name: 'No soy un robot' }).check();
  if (!(await waitUntil(25_000))) assert.fail(`the captcha in ${hostTag} was not solved`);
}

/**
 * The `Captcha-Response` header for a call the test makes itself (the tracking or correction
 * API), solved the way the widget does: the server's ALTCHA challenge, and the number whose
 * SHA-256 with the salt is the challenge. Empty when the agency has no ALTCHA. `place`: the route's
 * (`tracking`, `correction`…); an answer is refused anywhere else.
 */
export async function captchaHeader(server: RunningServer, agency: string, place: 'filing' | 'tracking' | 'correction' | 'verification'): Promise<Record<string, string>> {
  const response = await fetch(`${server.url}api/${agency}/captcha/challenge?place=${place}`);
  if (response.status === 404) return {};
  const challenge = (await response.json()) as { algorithm: string; challenge: string; maxnumber: number; salt: string; signature: string };
  for (let number = 0; number <= challenge.maxnumber; number++) {
    if (createHash('sha256').update(`${challenge.salt}${number}`).digest('hex') === challenge.challenge) {
      const payload = { algorithm: challenge.algorithm, challenge: challenge.challenge, number, salt: challenge.salt, signature: challenge.signature };
      return { 'captcha-response': Buffer.from(JSON.stringify(payload)).toString('base64') };
    }
  }
  return assert.fail('the ALTCHA challenge has no solution');
}

export function readStoredRequest(server: RunningServer, number: string, agency: string) {
  const db = new Database(join(server.dataDir, 'mesa-de-partes.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const request = db
      .prepare('select * from requests where agency_id = ? and request_number = ?')
      .get(agency, number) as Record<string, unknown> | undefined;
    const files = request
      ? (db.prepare('select * from request_files where request_id = ? order by slot desc, slot_index').all(request.id) as Array<
          Record<string, unknown>
        >)
      : [];
    return { request, files };
  } finally {
    db.close();
  }
}
