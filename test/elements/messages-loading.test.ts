// Which catalogs a page downloads: a Spanish page never the English ones, and only the areas of
// what it shows (the desk and its filing form, not "Mis trámites" or the correction panel).
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.ts';
import type { Desk } from '../../src/elements/desk/desk.ts';
import { $, FakeBackend, agency, waitFor } from './filing-form.fixtures.ts';

declare function describe(name: string, body: () => void): void;
declare function it(name: string, body: () => void | Promise<void>): void;

/** The catalog modules fetched so far, as `<locale>/<area>`. */
function catalogsFetched(): string[] {
  return performance
    .getEntriesByType('resource')
    .map((entry) => /\/i18n\/messages\/([\w-]+\/\w+)\.ts/.exec(entry.name)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}

describe('catalogs downloaded', () => {
  it('a Spanish desk with its filing form: the Spanish catalogs of the form only', async () => {
    const config = agency('sis');
    const desk = await fixture<Desk>(html`<mpd-desk .config=${config} .backend=${new FakeBackend(config)}></mpd-desk>`);
    await waitFor(() => Boolean($(desk, 'mpd-filing-form')), 'the filing form');
    await desk.updateComplete;
    const fetched = catalogsFetched();
    expect(fetched.filter((name) => name.startsWith('en/')), 'no English').to.deep.equal([]);
    expect(fetched).to.include.members(['es-PE/form', 'es-PE/files', 'es-PE/captcha']);
    // Nor the areas of views not opened, nor the receipt's words before there is a receipt.
    for (const later of ['es-PE/correction', 'es-PE/account', 'es-PE/verify', 'es-PE/tracking']) expect(fetched).to.not.include(later);
  });
});
