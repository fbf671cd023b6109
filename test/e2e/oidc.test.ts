/**
 * "Mis trámites" signed in with OpenID Connect (as ID GOB.PE would do it), in Chromium: a real
 * local provider (`oidc-provider`, its development login and consent pages) and the real server
 * with an INPE config that names that provider. The citizen clicks the button, signs in at the
 * provider, comes back to the desk page and sees the requests filed with that email and DNI.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startOidcProvider, type TestOidcProvider } from '../server/oidc-provider.ts';
import { attach, fillApplicant, openDeskPage, sendAndReadNumber, writePdf } from './desk-page.ts';
import { launchBrowser, startServer, type RunningServer } from './harness.ts';

let server: RunningServer;
let provider: TestOidcProvider;
let browser: Browser;
const EMAIL = 'lucia.flores@example.pe';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('"Mis trámites" with OpenID Connect sign-in', { timeout: 240_000 }, () => {
  before(async () => {
    const port = await freePort();
    provider = await startOidcProvider({
      accounts: [{ id: 'lucia', email: EMAIL, name: 'LUCÍA FLORES', docType: 'DNI', docNumber: '10117410' }],
      redirectUri: `http://127.0.0.1:${port}/inpe.html`,
    });
    // The demo configs, with INPE naming the local provider.
    const configDir = mkdtempSync(join(tmpdir(), 'mpd-e2e-configs-'));
    cpSync('demo/configs', configDir, { recursive: true });
    const inpe = JSON.parse(readFileSync(join(configDir, 'inpe.json'), 'utf8')) as { account: Record<string, unknown> };
    inpe.account = { ...inpe.account, oidc: { issuer: provider.issuer, clientId: provider.clientId, scopes: ['openid', 'email', 'profile', 'dni'], label: 'Ingresar con ID GOB.PE' } };
    writeFileSync(join(configDir, 'inpe.json'), JSON.stringify(inpe));
    server = await startServer({ port, env: { CONFIG_DIR: configDir } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await provider?.close();
  });

  it('signs in at the provider and lists the requests of that email and DNI', async () => {
    const filing = await openDeskPage(browser, server, 'inpe');
    await fillApplicant(filing, { dni: '10117410', email: EMAIL });
    await filing.getByLabel('Teléfono o celular').fill('987654321');
    await filing.getByLabel('Dependencia de destino').selectOption({ label: 'Sede Central' });
    await filing.getByLabel('Tipo de documento a presentar').selectOption({ label: 'Carta' });
    await filing.getByLabel(/El documento no tiene número/).check();
    await attach(filing, 0, [await writePdf('carta-oidc.pdf', 1)]);
    await filing.getByLabel('Asunto del documento').fill('Solicito constancia de reclusión');
    await filing.getByLabel('He leído y acepto la política de privacidad.').check();
    const number = await sendAndReadNumber(filing);
    await filing.close();

    const page = await browser.newPage();
    page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
    await page.goto(`${server.url}inpe.html#vista=mis-tramites`);
    await page.locator('mpd-my-requests').getByRole('button', { name: 'Ingresar con ID GOB.PE' }).click();

    // The provider's own pages (oidc-provider's development login and consent).
    await page.waitForURL((url) => url.href.startsWith(provider.issuer), { timeout: 30_000 });
    await page.locator('input[name="login"]').fill('lucia');
    await page.locator('input[name="password"]').fill('cualquiera');
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]').click(); // consent
    await page.waitForURL((url) => url.href.startsWith(server.url), { timeout: 30_000 });

    const row = page.locator('mpd-my-requests #requests tbody tr', { hasText: number });
    await row.waitFor({ timeout: 30_000 });
    assert.match(await row.innerText(), /PENDIENTE DE VALIDACIÓN/);
    assert.equal(new URL(page.url()).search, '', 'the code and state are cleaned from the address bar');
    await page.close();
  });
});
