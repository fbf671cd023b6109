import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { configJsonSchema } from '../../src/config/json-schema.ts';
import {
  fetchAgencyConfig,
  largestSlotBytes,
  parseAgencyConfig,
  parseAgencyConfigText,
  slotRule,
  type AgencyConfig,
  type ConfigError,
} from '../../src/config/index.ts';

const configDir = new URL('../../demo/configs/', import.meta.url);
const demoConfigs = readdirSync(configDir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ file, json: JSON.parse(readFileSync(new URL(file, configDir), 'utf8')) as Record<string, unknown> }));
const cenares = () => structuredClone(demoConfigs.find((entry) => entry.file === 'cenares.json')!.json) as any;
const MB = 1024 * 1024;

function errorsOf(input: unknown): ConfigError[] {
  const result = parseAgencyConfig(input);
  assert.equal(result.ok, false, 'expected the config to be refused');
  return result.ok ? [] : result.errors;
}

function parsed(input: unknown): AgencyConfig {
  const result = parseAgencyConfig(input);
  if (!result.ok) assert.fail(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.config;
}

describe('agency configs of the demo', () => {
  it('has the four agencies of the seeds', () => {
    assert.deepEqual(demoConfigs.map((entry) => entry.file).sort(), ['cenares.json', 'inpe.json', 'ins.json', 'sis.json']);
  });
  for (const { file, json } of demoConfigs) {
    it(`${file} is valid for the loader and for the published JSON Schema`, () => {
      const config = parsed(json);
      assert.equal(`${config.id}.json`, file);
      const ajv = new Ajv2020({ allErrors: true, strict: false });
      const validate = ajv.compile(configJsonSchema());
      assert.equal(validate(json), true, JSON.stringify(validate.errors));
    });
  }
  it('fills defaults the webmaster left out', () => {
    const config = parsed(demoConfigs.find((entry) => entry.file === 'sis.json')!.json);
    assert.deepEqual(config.procedures, []);
    assert.equal(config.fields.documentNumber, 'off');
    assert.equal(config.fields.subjectMaxLength, 300);
    assert.equal(config.locale, 'es-PE');
  });
});

describe('a wrong config gets messages that name the JSON path', () => {
  it('a size written as text', () => {
    const input = cenares();
    input.attachments.main.maxSizeMB = '100MB';
    const [error] = errorsOf(input);
    assert.equal(error!.path, 'attachments.main.maxSizeMB');
    assert.match(error!.message, /número de MB/);
    assert.match(error!.message, /"100MB"/);
  });
  it('a misspelt key', () => {
    const input = cenares();
    input.attachments.annexes.maxSizeMb = 5;
    const errors = errorsOf(input);
    assert.ok(errors.some((error) => error.path === 'attachments.annexes.maxSizeMb' && /no es un dato conocido/.test(error.message)));
  });
  it('a missing required section', () => {
    const input = cenares();
    delete input.filingHours;
    const errors = errorsOf(input);
    assert.ok(errors.some((error) => error.path === 'filingHours' && /falta/.test(error.message)), JSON.stringify(errors));
  });
  it('an unknown identity document type inside a list', () => {
    const input = cenares();
    input.personTypes[1].documentTypes = ['DNI', 'LIBRETA'];
    const errors = errorsOf(input);
    assert.ok(errors.some((error) => error.path === 'personTypes[1].documentTypes[1]' && /DNI, RUC/.test(error.message)));
  });
  it('an unknown filing-hours kind', () => {
    const input = cenares();
    input.filingHours = { kind: 'nine-to-five' };
    const errors = errorsOf(input);
    assert.ok(errors.some((error) => error.path === 'filingHours.kind'), JSON.stringify(errors));
  });
  it('office hours that close before they open', () => {
    const input = cenares();
    input.filingHours = { kind: 'office-hours', opens: '17:00', closes: '08:00' };
    assert.deepEqual(
      errorsOf(input).map((error) => error.path),
      ['filingHours.closes'],
    );
  });
  it('a request-number pattern without {seq}', () => {
    const input = cenares();
    input.requestNumber = { pattern: 'MPV-{year}' };
    const [error] = errorsOf(input);
    assert.equal(error!.path, 'requestNumber.pattern');
    assert.equal(error!.code, 'config.rule');
  });
  it('a request-number pattern without {year} (numbers restart every year)', () => {
    const input = cenares();
    input.requestNumber = { pattern: 'MPV-{seq:6}' };
    assert.deepEqual(errorsOf(input).map((error) => error.path), ['requestNumber.pattern']);
  });
  it('a file type whose content nobody can check', () => {
    const input = cenares();
    input.attachments.annexes.accept = ['.pdf', '.tif'];
    const [error] = errorsOf(input);
    assert.equal(error!.path, 'attachments.annexes.accept[1]');
    assert.match(error!.message, /\.tif/);
  });
  it('a repeated procedure id', () => {
    const input = cenares();
    input.procedures[1].id = input.procedures[0].id;
    assert.deepEqual(errorsOf(input).map((error) => error.path), ['procedures[1].id']);
  });
  it('a size rule for an annex that cannot exist', () => {
    const input = cenares();
    input.attachments.annexes.sizeBySlot = [{ slot: 3, maxSizeMB: 30 }];
    assert.deepEqual(errorsOf(input).map((error) => error.path), ['attachments.annexes.sizeBySlot[0].slot']);
  });
  it('a non-working day that does not exist in the calendar', () => {
    const input = cenares();
    input.nonWorkingDays = [{ date: '2026-02-30', name: 'Día no laborable' }];
    assert.deepEqual(errorsOf(input).map((error) => error.path), ['nonWorkingDays[0].date']);
  });
  it('a theme value that would break out of CSS', () => {
    const input = cenares();
    input.theme.fontFamily = 'Arial; } body { display: none';
    assert.deepEqual(errorsOf(input).map((error) => error.path), ['theme.fontFamily']);
  });
  it('reports every problem at once', () => {
    const input = cenares();
    input.id = 'CENARES';
    input.attachments.main.maxSizeMB = -1;
    assert.equal(errorsOf(input).length, 2);
  });
  it('text that is not JSON says so', () => {
    const result = parseAgencyConfigText('{ "id": "cenares", }');
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.errors[0]!.code, 'config.json');
      assert.match(result.errors[0]!.message, /no es JSON válido/);
    }
  });
  it('a config URL that answers 404 names the URL and the status', async () => {
    const notFound: typeof fetch = async () => new Response('no', { status: 404 });
    const result = await fetchAgencyConfig('/configs/nada.json', notFound);
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.errors[0]!.message, /\/configs\/nada\.json \(HTTP 404\)/);
  });
});

describe('slot rules derived from the config', () => {
  it("expresses INPE's 30 MB for annex 1 and 5 MB for the others", () => {
    const inpe = parsed(demoConfigs.find((entry) => entry.file === 'inpe.json')!.json);
    assert.equal(slotRule(inpe, { kind: 'annex', index: 1 }).maxBytes, 30 * MB);
    assert.equal(slotRule(inpe, { kind: 'annex', index: 2 }).maxBytes, 5 * MB);
    assert.equal(slotRule(inpe, { kind: 'main' }).maxBytes, 20 * MB);
    assert.ok(slotRule(inpe, { kind: 'annex', index: 2 }).accept.includes('.docx'));
    assert.equal(largestSlotBytes(inpe), 30 * MB);
  });
});

describe('the published JSON Schema', () => {
  it('is the one generated from the valibot schema (run `npm run schema` after changing it)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../src/config/agency-config.schema.json', import.meta.url), 'utf8'));
    assert.deepEqual(committed, configJsonSchema());
  });
});
