// `mesa-de-partes check-config` (bin/mesa-de-partes.mjs → src/cli/check-config.ts) and the advice
// it gives on valid configs (src/config/advice.ts).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { configAdvice, contrastRatio, TEXT_CONTRAST } from '../../src/config/advice.ts';
import { parseAgencyConfig, type AgencyConfig } from '../../src/config/index.ts';
import { GOB_PE_THEME } from '../../src/themes/tokens.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/mesa-de-partes.mjs');

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function demoConfig(): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(root, 'demo/configs/sis.json'), 'utf8')) as Record<string, unknown>;
}

describe('contrast', () => {
  test('matches the WCAG ratios: black on white 21:1, #777 on white just under 4.5:1, a colour on itself 1:1', () => {
    assert.equal(contrastRatio('#000000', '#ffffff'), 21);
    assert.equal(contrastRatio('#fff', '#000'), 21);
    assert.ok(Math.abs(contrastRatio('#777777', '#ffffff') - 4.48) < 0.01);
    assert.equal(contrastRatio('#003876', '#003876'), 1);
  });

  test('the default gob.pe theme gives every text 7:1 on what it is drawn on', async () => {
    const config = parseAgencyConfig({ ...(await demoConfig()), theme: { ...GOB_PE_THEME } });
    assert.ok(config.ok);
    assert.deepEqual(configAdvice(config.config), []);
    assert.ok(contrastRatio(GOB_PE_THEME.colorMuted, GOB_PE_THEME.colorSurface) >= TEXT_CONTRAST);
  });

  test('a theme colour below 7:1 is named with its ratio; below 4.5:1 says it fails even AA', async () => {
    const parsed = parseAgencyConfig({ ...(await demoConfig()), theme: { colorMuted: '#777777', colorOnPrimary: '#8899aa' } });
    assert.ok(parsed.ok);
    const advice = configAdvice(parsed.config as AgencyConfig);
    const muted = advice.filter((item) => item.path === 'theme.colorMuted');
    assert.equal(muted.length, 2, 'on the background and on the surfaces');
    assert.match(muted[0]!.message, /#777777 sobre #ffffff\) tiene un contraste de 4,4\d:1, por debajo incluso del mínimo de 4,5:1/);
    const onPrimary = advice.find((item) => item.path === 'theme.colorOnPrimary');
    assert.match(onPrimary?.message ?? '', /botones.*se necesita al menos 7:1/);
  });
});

describe('mesa-de-partes check-config', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mpd-check-config-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('passes every demo config', async () => {
    const files = ['cenares', 'inpe', 'ins', 'sis'].map((id) => `demo/configs/${id}.json`);
    const { code, stdout } = await cli('check-config', ...files);
    assert.equal(code, 0, stdout);
    assert.equal(stdout.match(/^✓ /gm)?.length, 4);
    assert.match(stdout, /✓ demo\/configs\/inpe\.json: configuración válida para .*Instituto Nacional Penitenciario.*«inpe»/);
  });

  test('explains every problem of a broken file at once, with where it is, and exits 1', async () => {
    const config = await demoConfig();
    const broken = join(dir, 'broken.json');
    await writeFile(broken, JSON.stringify({ ...config, theme: { colorPrimary: 'blue' }, locale: 'fr', colour: true }));
    const { code, stdout } = await cli('check-config', broken);
    assert.equal(code, 1);
    assert.match(stdout, /✗ .*broken\.json: 3 problemas que impiden usar esta configuración/);
    assert.match(stdout, /• theme\.colorPrimary: use un color hexadecimal/);
    assert.match(stdout, /• locale: use "es-PE" o "en"/);
    assert.match(stdout, /• colour: «colour» no es un dato conocido aquí/);
  });

  test('says when a file is not JSON or does not exist', async () => {
    const notJson = join(dir, 'not.json');
    await writeFile(notJson, '{ "id": "x", }');
    const { code, stdout } = await cli('check-config', notJson, join(dir, 'missing.json'));
    assert.equal(code, 1);
    assert.match(stdout, /not\.json: 1 problema que impide usar esta configuración\n {2}• el archivo no es JSON válido/);
    assert.match(stdout, /missing\.json: 1 problema[^\n]*\n {2}• no se pudo leer .*missing\.json: el archivo no existe/);
  });

  test('gives advice on a valid file (exit 0), and fails on it with --strict', async () => {
    const advised = join(dir, 'advised.json');
    await writeFile(advised, JSON.stringify({ ...(await demoConfig()), theme: { colorText: '#888888' }, texts: { 'form.sumbit': 'Enviar' } }));
    const relaxed = await cli('check-config', advised);
    assert.equal(relaxed.code, 0, relaxed.stdout);
    assert.match(relaxed.stdout, /✓ .*advised\.json/);
    assert.match(relaxed.stdout, /3 recomendaciones:/);
    assert.match(relaxed.stdout, /• texts\["form\.sumbit"\]: ningún mensaje usa la clave «form\.sumbit»/);
    const strict = await cli('check-config', '--strict', advised);
    assert.equal(strict.code, 1);
  });

  test('a wrong command line prints the usage and exits 2', async () => {
    assert.equal((await cli()).code, 2);
    const unknown = await cli('chek-config', 'x.json');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /No conozco la orden «chek-config»[\s\S]*Uso: mesa-de-partes check-config/);
    assert.equal((await cli('check-config')).code, 2);
    const help = await cli('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--strict/);
  });
});
