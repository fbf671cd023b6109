/**
 * The embedding examples of demo/examples, as `npm start` serves them, against the real server:
 * plain HTML (`config-src`), React 19 and Vue 3 (the config and the backend handed as
 * properties, the desk's events received by the framework). Each must render the agency's form;
 * React's page files a request and shows the number React got from `mpd-submitted`; Vue's logs
 * `mpd-files-change` when a file is added.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { attach, fillApplicant, sendAndReadNumber, writePdf } from './desk-page.ts';
import { useDemoDesk } from './harness.ts';

const desk = useDemoDesk();

/** Opens an example page, failing the test on any uncaught page error, and waits for the form. */
async function openExample(path: string): Promise<Page> {
  const page = await desk.browser.newPage();
  page.on('pageerror', (error) => assert.fail(`page error on ${path}: ${error.message}`));
  await page.goto(`${desk.server.url}examples/${path}`);
  await page.getByRole('heading', { name: 'Presentar solicitud' }).waitFor({ timeout: 30_000 });
  return page;
}

const agencyName = (page: Page) => page.locator('mpd-desk [part="agency-name"]').innerText();

describe('the embedding examples', { timeout: 120_000 }, () => {
  it('plain HTML: <mpd-desk config-src> shows the agency named in its config', async () => {
    const page = await openExample('plain.html');
    assert.match(await agencyName(page), /Centro Nacional de Abastecimiento de Recursos Estratégicos en Salud/);
    await page.close();
  });

  it('React: the config arrives as a property, and React receives mpd-submitted with the request number', async () => {
    const page = await openExample('react/index.html');
    assert.match(await agencyName(page), /Instituto Nacional de Salud/);
    // A property, not an attribute: React 19 would write "[object Object]" into an attribute.
    assert.equal(await page.locator('mpd-desk').getAttribute('config'), null);
    await fillApplicant(page, { dni: '10117410', email: 'react@example.pe' });
    await page.getByLabel('Descripción de su solicitud').fill('Solicito información desde una aplicación React');
    await attach(page, 0, [await writePdf('react.pdf', 1)]);
    const number = await sendAndReadNumber(page);
    assert.match(number, /^INS-\d{4}-\d{5}$/);
    await page.getByTestId('filed').getByText(number).waitFor({ timeout: 10_000 });
    await page.close();
  });

  it('Vue: the config arrives as a property, and Vue logs the mpd- events the desk fires', async () => {
    const page = await openExample('vue/index.html');
    assert.match(await agencyName(page), /Seguro Integral de Salud/);
    assert.equal(await page.locator('mpd-desk').getAttribute('config'), null);
    await page.locator('mpd-filing-form mpd-dropzone').first().locator('input[type="file"]').setInputFiles(await writePdf('vue.pdf', 1));
    await page.getByTestId('events').getByText(/mpd-files-change/).first().waitFor({ timeout: 10_000 });
    await page.close();
  });
});
