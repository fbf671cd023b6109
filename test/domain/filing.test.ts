import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertAgencyConfig } from '../../src/config/load.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import { checkFoliosAgainstPages, normalizeFiling, validateFiling, type FilingSubmission } from '../../src/domain/filing.ts';

const demoConfig = (id: string): AgencyConfig =>
  assertAgencyConfig(JSON.parse(readFileSync(new URL(`../../demo/configs/${id}.json`, import.meta.url), 'utf8')));

const cenares = demoConfig('cenares');
const inpe = demoConfig('inpe');

/** A CENARES filing as a citizen types it: spaces around everything, the DNI with its check digit. */
function typed(): FilingSubmission {
  return {
    personKind: 'juridica',
    applicant: {
      documentType: 'DNI',
      documentNumber: ' 10117410-2 ',
      givenNames: ' Rosa María ',
      surnames: ' Quispe Mamani ',
      email: ' rosa.quispe@example.pe ',
      phone: ' 987 654 321 ',
    },
    organization: { ruc: ' 205 382 984 85 ', name: ' Centro Nacional de Abastecimiento ' },
    procedureId: 'devolucion-carta-fianza',
    documentNumber: ' CARTA N° 001-2026 ',
    folios: 4,
    subject: ' Solicito la devolución ',
    consents: cenares.consents.map((consent) => consent.id).reverse(),
    attachments: { main: { uploadId: 'm' }, annexes: [{ uploadId: 'a' }] },
  };
}

describe('normalizeFiling', () => {
  it('gives the values as stored and printed: trimmed, the DNI without its check digit, the RUC without spaces', () => {
    const result = normalizeFiling(cenares, typed());
    assert.ok(result.ok, JSON.stringify(result));
    const { filing } = result;
    assert.deepEqual(filing.applicant, {
      documentType: 'DNI',
      documentNumber: '10117410',
      givenNames: 'Rosa María',
      surnames: 'Quispe Mamani',
      email: 'rosa.quispe@example.pe',
      ...(cenares.fields.phone !== 'off' && { phone: '987 654 321' }),
    });
    assert.deepEqual(filing.organization, { ruc: '20538298485', name: 'Centro Nacional de Abastecimiento' });
    assert.deepEqual(filing.procedure, { id: 'devolucion-carta-fianza', name: 'DEVOLUCIÓN DE CARTA FIANZA' });
    assert.equal(filing.documentNumber, 'CARTA N° 001-2026');
    assert.equal(filing.subject, 'Solicito la devolución');
    assert.deepEqual(filing.consents, cenares.consents.map((consent) => consent.id), 'in the config order');
    assert.deepEqual(filing.attachments, { main: { uploadId: 'm' }, annexes: [{ uploadId: 'a' }] });
  });

  it('drops what the config hides: CENARES asks for no folios, office or document kind', () => {
    const result = normalizeFiling(cenares, { ...typed(), officeId: 'x', documentKindId: 'y' });
    assert.ok(result.ok);
    assert.equal(result.filing.folios, undefined);
    assert.equal('office' in result.filing, false);
    assert.equal('documentKind' in result.filing, false);
  });

  it('INPE: "sn" becomes "SN", folios and the office name are kept', () => {
    const filing: FilingSubmission = {
      ...typed(),
      personKind: 'natural',
      organization: undefined,
      procedureId: undefined,
      officeId: inpe.offices[0]!.id,
      documentKindId: inpe.documentKinds[0]!.id,
      documentNumber: ' sn ',
      consents: inpe.consents.map((consent) => consent.id),
    };
    const result = normalizeFiling(inpe, filing);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.filing.documentNumber, 'SN');
    assert.equal(result.filing.folios, 4);
    assert.deepEqual(result.filing.office, { id: inpe.offices[0]!.id, name: inpe.offices[0]!.name });
    assert.equal(result.filing.organization, undefined);
  });

  it('gives the same errors as validateFiling, and no values, when something must be corrected', () => {
    const wrong = typed();
    wrong.applicant.documentNumber = '10117410-5';
    const result = normalizeFiling(cenares, wrong);
    assert.deepEqual(result, { ok: false, errors: validateFiling(cenares, wrong) });
    assert.deepEqual(validateFiling(cenares, wrong), [{ field: 'documentNumber', code: 'identity.dni.check' }]);
  });
});

describe('checkFoliosAgainstPages', () => {
  it('refuses fewer folios than the counted PDF pages, naming the pages', () => {
    assert.deepEqual(checkFoliosAgainstPages(4, [3, 2]), { field: 'folios', code: 'folios.belowPages', params: { pages: 5 } });
  });

  it('accepts as many or more (files without a page count add none), and no declared number', () => {
    assert.equal(checkFoliosAgainstPages(5, [3, 2]), null);
    assert.equal(checkFoliosAgainstPages(9, [3, null, 2]), null);
    assert.equal(checkFoliosAgainstPages(1, [null, null]), null);
    assert.equal(checkFoliosAgainstPages(undefined, [30]), null);
  });
});
