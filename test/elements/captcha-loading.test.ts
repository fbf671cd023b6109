// When <mpd-captcha> loads its widget: not when it renders (ALTCHA is 36 kB the page need not pay
// to show a form), but on the citizen's first interaction around it, when it scrolls into view, or
// when an answer is asked, whichever comes first.
import { expect, fixture, html } from '@open-wc/testing';
import type { DeskBackend } from '../../src/api/types.ts';
import type { CaptchaConfig } from '../../src/config/schema.ts';
import { Captcha } from '../../src/elements/captcha/captcha.ts';
import { defineElement } from '../../src/internal/define.ts';
import { FakeBackend, agency } from './filing-form.fixtures.ts';
import { waitFor } from './support.ts';

type MochaContext = { timeout(ms: number): void };
declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: (this: MochaContext) => Promise<void> | void) => void;

defineElement(Captcha);

const ALTCHA: CaptchaConfig = { provider: 'altcha', on: ['filing'] };

/** A backend whose challenges are counted: the widget asks one as soon as it is mounted. */
type CountingBackend = FakeBackend & { challenges: number; captchaChallenge: NonNullable<DeskBackend['captchaChallenge']> };

function countingBackend(): CountingBackend {
  const backend = new FakeBackend(agency('cenares')) as CountingBackend;
  backend.challenges = 0;
  backend.captchaChallenge = async () => {
    backend.challenges++;
    // An unsolvable challenge: this test is about when the widget appears, not its answer.
    return { algorithm: 'SHA-256', challenge: '0'.repeat(64), maxnumber: 1, salt: 'x', signature: 'x' };
  };
  return backend;
}

/** A captcha below a page-high spacer: out of view until scrolled to. */
async function belowTheFold(): Promise<{ captcha: Captcha; backend: ReturnType<typeof countingBackend> }> {
  const backend = countingBackend();
  const page = await fixture<HTMLDivElement>(html`<div>
    <input id="name" />
    <div style="height: 300vh"></div>
    <mpd-captcha .captcha=${ALTCHA} .backend=${backend} place="filing"></mpd-captcha>
  </div>`);
  const captcha = page.querySelector('mpd-captcha')!;
  await captcha.updateComplete;
  return { captcha, backend };
}

const widgetOf = (captcha: Captcha) => captcha.shadowRoot!.querySelector('altcha-widget');

/** Two animation frames: long enough for an IntersectionObserver to have reported. */
const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

describe('<mpd-captcha> loads its widget when wanted', () => {
  it('not on render, out of view and untouched; at the first interaction on the page around it', async function () {
    this.timeout(20000);
    window.scrollTo(0, 0);
    const { captcha, backend } = await belowTheFold();
    await frames();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(captcha.active).to.equal(true);
    expect(widgetOf(captcha), 'no widget before the citizen starts').to.equal(null);
    expect(backend.challenges).to.equal(0);

    document.querySelector<HTMLInputElement>('#name')!.focus();
    await waitFor(() => widgetOf(captcha) !== null, 'the widget after focus moved into the form');
    await waitFor(() => backend.challenges > 0, 'a challenge asked');
  });

  it('when it scrolls into view', async function () {
    this.timeout(20000);
    window.scrollTo(0, 0);
    const { captcha } = await belowTheFold();
    await frames();
    expect(widgetOf(captcha)).to.equal(null);
    captcha.scrollIntoView();
    await waitFor(() => widgetOf(captcha) !== null, 'the widget once in view');
  });

  it('when an answer is asked before anything else (a script sending the form)', async function () {
    this.timeout(20000);
    window.scrollTo(0, 0);
    const { captcha, backend } = await belowTheFold();
    await frames();
    expect(widgetOf(captcha)).to.equal(null);
    void captcha.answer();
    await waitFor(() => widgetOf(captcha) !== null && backend.challenges > 0, 'the widget mounted for the answer');
  });
});
