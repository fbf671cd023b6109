// <mpd-captcha> in real Chromium: ALTCHA solved by the real widget against the real reference
// backend (wtr's `start-backend`), nothing at all where no captcha is asked, and the third-party
// providers' scripts loaded only when configured (a double stands behind Turnstile's global, the
// one thing that cannot run here).
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { HttpDeskBackend } from '../../src/api/client.ts';
import { BackendError, type DeskBackend } from '../../src/api/types.ts';
import type { CaptchaConfig, CaptchaPlace } from '../../src/config/schema.ts';
import { Captcha, captchaOptions } from '../../src/elements/captcha/captcha.ts';
import { PROVIDER_SCRIPTS } from '../../src/elements/captcha/providers.ts';
import { defineElement } from '../../src/internal/define.ts';
import { FakeBackend, agency } from './filing-form.fixtures.ts';
import { waitFor } from './support.ts';

type MochaContext = { timeout(ms: number): void };
declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: (this: MochaContext) => Promise<void> | void) => void;
declare const before: (body: (this: MochaContext) => Promise<void> | void) => void;
declare const after: (body: (this: MochaContext) => Promise<void> | void) => void;

defineElement(Captcha);

const ALTCHA: CaptchaConfig = { provider: 'altcha', on: ['filing', 'tracking', 'correction', 'verification'] };
const THIRD_PARTY_HOSTS = /google\.com|gstatic|recaptcha|hcaptcha|cloudflare/;

function thirdPartyScripts(): string[] {
  return [...document.querySelectorAll('script[src]')].map((script) => (script as HTMLScriptElement).src).filter((src) => THIRD_PARTY_HOSTS.test(src));
}

async function mount(captcha: CaptchaConfig | undefined, backend: DeskBackend | undefined, place = 'tracking'): Promise<Captcha> {
  const element = await fixture<Captcha>(html`<mpd-captcha .captcha=${captcha} .backend=${backend} place=${place}></mpd-captcha>`);
  await element.updateComplete;
  return element;
}

describe('<mpd-captcha> with ALTCHA and the reference backend', () => {
  let origin = '';
  let backend: HttpDeskBackend;

  before(async function () {
    this.timeout(60000);
    origin = (await executeServerCommand<{ origin: string }, Record<string, never>>('start-backend', {})).origin.replace(/\/$/, '');
    backend = new HttpDeskBackend(`${origin}/api/cenares/`);
  });

  it('solves by itself, in Spanish, labelled "No soy un robot", and the server accepts the answer once', async function () {
    this.timeout(30000);
    const changes: string[] = [];
    const element = await fixture<Captcha>(html`<mpd-captcha
      .captcha=${ALTCHA}
      .backend=${backend}
      place="tracking"
      @mpd-captcha-change=${(event: CustomEvent<{ value: string }>) => changes.push(event.detail.value)}
    ></mpd-captcha>`);
    expect(element.active).to.equal(true);
    let answer = await element.answer();
    expect(answer).to.match(/^[A-Za-z0-9+/=]{40,}$/);
    expect(element.value).to.equal(answer);
    expect(changes.at(-1)).to.equal(answer);
    const widget = element.shadowRoot!.querySelector('altcha-widget')!;
    expect(widget).to.exist;
    // The widget's own words, in Spanish: "Verificado" once solved; its checkbox keeps our label.
    expect(widget.textContent).to.contain('Verificado');
    const checkbox = widget.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    expect(checkbox).to.exist;
    element.reset();
    await waitFor(() => /No soy un robot|Verificando/.test(widget.textContent ?? ''), 'the label while solving the next');
    expect(widget.textContent).to.match(/No soy un robot|Verificando/);
    // The answer as handed out: the widget may solve once more after a reset, and a later value
    // would be a different (unused) answer.
    answer = await element.answer();
    // Styled inside the shadow root (the widget's own CSS goes to the document's head).
    expect(getComputedStyle(widget.querySelector('.altcha')!).display).to.not.equal('none');
    expect(thirdPartyScripts()).to.deep.equal([]);

    const payload = JSON.parse(atob(answer)) as { salt: string };
    expect(new URLSearchParams(payload.salt.split('?')[1]).get('agency')).to.equal('cenares');
    expect(new URLSearchParams(payload.salt.split('?')[1]).get('place')).to.equal('tracking');
    // Made for tracking: another place refuses it (without spending it).
    const elsewhere = await backend.lookupCorrection('999-2026', '10117410', undefined, { captcha: answer }).catch((error: BackendError) => error);
    expect((elsewhere as BackendError).code).to.equal('captcha.invalid');
    const first = await backend.trackRequest('999-2026', '10117410', undefined, { captcha: answer }).catch((error: BackendError) => error);
    expect((first as BackendError).code).to.equal('tracking.notFound');
    const again = await backend.trackRequest('999-2026', '10117410', undefined, { captcha: answer }).catch((error: BackendError) => error);
    expect((again as BackendError).code).to.equal('captcha.invalid');

    element.reset();
    expect(element.value).to.equal('');
    const next = await element.answer();
    expect(next).to.not.equal(answer);
    expect(next).to.not.equal('');
  });

  it('asks challenges for its own place, and for the new one when the place changes', async function () {
    this.timeout(30000);
    const asked: string[] = [];
    const recording = {
      captchaChallenge: (place: CaptchaPlace, signal?: AbortSignal) => {
        asked.push(place);
        return backend.captchaChallenge(place, signal);
      },
    } as unknown as DeskBackend;
    const element = await mount(ALTCHA, recording, 'correction');
    const forCorrection = await element.answer();
    expect(asked).to.deep.equal(['correction']);
    const found = await backend.lookupCorrection('999-2026', '10117410', undefined, { captcha: forCorrection }).catch((error: BackendError) => error);
    expect((found as BackendError).code).to.not.equal('captcha.invalid');

    element.place = 'verification';
    await element.updateComplete;
    expect(element.value, 'the answer made for correction is dropped').to.equal('');
    const forVerification = await element.answer();
    expect(asked.at(-1)).to.equal('verification');
    expect(new URLSearchParams((JSON.parse(atob(forVerification)) as { salt: string }).salt.split('?')[1]).get('place')).to.equal('verification');
  });

  it('says a refusal next to itself, focused, and clears it with the next answer', async function () {
    this.timeout(30000);
    const element = await mount(ALTCHA, backend);
    await element.answer();
    expect(element.showProblem('tracking.notFound')).to.equal(false);
    expect(element.showProblem('captcha.invalid')).to.equal(true);
    await element.updateComplete;
    const message = element.shadowRoot!.querySelector<HTMLElement>('#message')!;
    expect(message.textContent).to.equal('La verificación «No soy un robot» no es válida o ya se usó. Vuelva a marcarla. Sus datos siguen aquí.');
    expect(message.getAttribute('role')).to.equal('alert');
    await waitFor(() => element.shadowRoot!.activeElement === message, 'focus on the message');
    element.reset();
    await element.answer();
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('#message')).to.equal(null);
  });
});

/** A backend that could give challenges (so only the config decides). */
function withChallenge(backend: FakeBackend): DeskBackend {
  return Object.assign(backend, { captchaChallenge: () => Promise.reject(new Error('no challenge should be asked')) });
}

describe('<mpd-captcha> where no captcha is asked', () => {
  it('a backend without captchaChallenge, provider "none", a place not in "on": nothing rendered, value ""', async () => {
    const cases: Array<[CaptchaConfig | undefined, DeskBackend | undefined, string]> = [
      [ALTCHA, new FakeBackend(agency('cenares')), 'tracking'],
      [{ provider: 'none' }, new FakeBackend(agency('cenares')), 'tracking'],
      [{ provider: 'altcha', on: ['filing'] }, withChallenge(new FakeBackend(agency('cenares'))), 'tracking'],
      [undefined, undefined, 'filing'],
    ];
    for (const [captcha, backend, place] of cases) {
      const element = await mount(captcha, backend, place);
      expect(element.active, JSON.stringify(captcha)).to.equal(false);
      expect(element.value).to.equal('');
      expect(await element.answer()).to.equal('');
      expect(await captchaOptions(element)).to.equal(undefined);
      expect(element.shadowRoot!.children.length === 0 || !element.shadowRoot!.querySelector('#widget')).to.equal(true);
      expect(element.getBoundingClientRect().height).to.equal(0);
    }
    expect(thirdPartyScripts()).to.deep.equal([]);
  });
});

describe('<mpd-captcha> with a third-party provider', () => {
  const added: HTMLScriptElement[] = [];
  after(() => {
    for (const script of added) script.remove();
    delete (globalThis as Record<string, unknown>).turnstile;
  });

  it('loads the provider’s script only when configured: reCAPTCHA and hCaptcha get their own, in Spanish', async () => {
    for (const provider of ['recaptcha', 'hcaptcha'] as const) {
      const element = await mount({ provider, siteKey: `sitio-${provider}`, on: ['tracking'] }, new FakeBackend(agency('cenares')));
      // Loaded once the captcha is in view (the fixture is), not in the same task as the render.
      await waitFor(() => Boolean(document.querySelector(`script[data-mpd-captcha="${provider}"]`)), `${provider}: the script`);
      const script = document.querySelector<HTMLScriptElement>(`script[data-mpd-captcha="${provider}"]`)!;
      added.push(script);
      expect(script.src).to.equal(PROVIDER_SCRIPTS[provider].src('es-419'));
      expect(script.src).to.contain('render=explicit');
      // The script cannot load here (no internet): the citizen is told, in plain words.
      await waitFor(() => Boolean(element.shadowRoot!.querySelector('#message')), `${provider}: the message`, 8000);
      expect(element.shadowRoot!.querySelector('#message')!.textContent).to.contain('No se pudo cargar la verificación «No soy un robot»');
      expect(element.value).to.equal('');
    }
  });

  it('renders the provider’s widget with the site key; its token is the value; reset asks the provider', async () => {
    const calls: unknown[] = [];
    let callback: ((token: string) => void) | undefined;
    // The one part that cannot run here: Turnstile's API, behind its documented global.
    (globalThis as Record<string, unknown>).turnstile = {
      render(container: HTMLElement, options: Record<string, unknown>) {
        calls.push(['render', container.isConnected, options.sitekey, options.language, options.action]);
        callback = options.callback as (token: string) => void;
        return 'w1';
      },
      reset(id: string) {
        calls.push(['reset', id]);
      },
    };
    const element = await mount({ provider: 'turnstile', siteKey: 'sitio-turnstile', on: ['tracking'] }, new FakeBackend(agency('cenares')));
    await waitFor(() => calls.length > 0, 'render');
    // The place as Turnstile's action: the server requires the token's action to be the place.
    expect(calls).to.deep.equal([['render', true, 'sitio-turnstile', 'es-419', 'tracking']]);
    expect(document.querySelector('script[data-mpd-captcha="turnstile"]')).to.equal(null);
    expect(element.value).to.equal('');
    expect(await element.answer()).to.equal('', 'a third-party checkbox needs the citizen: no waiting');
    callback!('token-de-turnstile');
    expect(element.value).to.equal('token-de-turnstile');
    expect(await captchaOptions(element)).to.deep.equal({ captcha: 'token-de-turnstile' });
    element.reset();
    expect(element.value).to.equal('');
    expect(calls.at(-1)).to.deep.equal(['reset', 'w1']);
  });
});
