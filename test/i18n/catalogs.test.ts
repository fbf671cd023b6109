// The message catalogs: every Spanish key has its English counterpart and the other way round,
// with the same placeholders, area by area; an element's language loads only its own catalogs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasMessage } from '../../src/i18n/all.ts';
import { CATALOGS, Translator, loadMessages, type Catalog, type MessageArea } from '../../src/i18n/index.ts';

const areas = Object.keys(CATALOGS['es-PE']) as MessageArea[];

async function catalog(locale: 'es-PE' | 'en', area: MessageArea): Promise<Catalog> {
  return (await CATALOGS[locale][area]()).messages;
}

const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('message catalogs', () => {
  it('have the same areas in Spanish and English', () => {
    assert.deepEqual(Object.keys(CATALOGS.en).sort(), [...areas].sort());
  });

  for (const area of areas) {
    it(`${area}: every Spanish key in English and every English key in Spanish, with the same placeholders`, async () => {
      const spanish = await catalog('es-PE', area);
      const english = await catalog('en', area);
      assert.ok(Object.keys(spanish).length > 0);
      assert.deepEqual(Object.keys(spanish).filter((key) => !(key in english)), [], 'Spanish keys with no English');
      assert.deepEqual(Object.keys(english).filter((key) => !(key in spanish)), [], 'English keys with no Spanish');
      for (const key of Object.keys(spanish)) {
        assert.deepEqual(placeholders(english[key]!), placeholders(spanish[key]!), `${key}: placeholders`);
        assert.notEqual(english[key]!.trim(), '', `${key}: empty in English`);
      }
    });
  }

  it('no key in two areas (an area loaded later would silently replace a message)', async () => {
    const seen = new Map<string, MessageArea>();
    for (const area of areas) {
      for (const key of Object.keys(await catalog('es-PE', area))) {
        assert.equal(seen.get(key), undefined, `${key} is in ${seen.get(key)} and ${area}`);
        seen.set(key, area);
      }
    }
  });

  it('hasMessage knows every key of every area, whatever is loaded', async () => {
    for (const area of areas) for (const key of Object.keys(await catalog('es-PE', area))) assert.ok(hasMessage(key), key);
    assert.equal(hasMessage('form.no.such.key'), false);
  });

  it('a translator says a loaded area in its locale; a locale not loaded falls back to Spanish, then the key', async () => {
    const english = new Translator('en');
    assert.equal(english.t('desk.loading'), 'Cargando…', 'only the Spanish shell is there at first');
    assert.equal(english.t('captcha.label'), 'captcha.label');
    await loadMessages('en', ['desk', 'captcha']);
    assert.equal(english.t('desk.loading'), 'Loading…');
    assert.equal(english.t('captcha.label'), "I'm not a robot");
    assert.equal(new Translator('es-PE').t('captcha.label'), 'captcha.label', 'Spanish captcha not loaded yet');
    assert.equal(loadMessages('en', ['captcha']), undefined, 'nothing to wait for once loaded');
    await loadMessages('es-PE', ['captcha']);
    assert.equal(new Translator('es-PE').t('captcha.label'), 'No soy un robot');
    assert.equal(new Translator('en', { 'captcha.label': 'Not a bot' }).t('captcha.label'), 'Not a bot');
  });
});
