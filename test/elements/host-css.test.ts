// The desk lives on pages whose CSS nobody here controls. Selectors do not cross the shadow
// root, but inherited properties (colour, font, spacing of text) flow into it from the host
// element, and a page's `* { … !important }` reaches the host itself. This mounts the desk under
// a hostile page stylesheet and checks that the form still reads as the theme says; and that the
// widget's own styles leave the page alone.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.ts';
import type { Desk } from '../../src/elements/desk/desk.ts';
import type { FilingForm } from '../../src/elements/filing-form/filing-form.ts';
import { GOB_PE_THEME } from '../../src/themes/tokens.ts';
import { $, FakeBackend, agency, waitFor } from './filing-form.fixtures.ts';

declare function describe(name: string, body: () => void): void;
declare function it(name: string, body: () => void | Promise<void>): void;
declare function afterEach(body: () => void): void;

const HOSTILE = `
  * {
    color: red !important;
    font-size: 8px;
    line-height: 1 !important;
    font-family: "Courier New", monospace !important;
    letter-spacing: 4px;
    word-spacing: 12px;
    text-transform: uppercase;
    text-align: right;
    font-style: italic;
    font-weight: 100;
    text-indent: 40px;
    white-space: nowrap;
    visibility: visible;
  }
  p, label, h2, button, input { display: none !important; }
  form { display: none; }
`;

/** `rgb(…)` of a hex colour, as getComputedStyle answers. */
function rgb(hex: string): string {
  const [red, green, blue] = [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16));
  return `rgb(${red}, ${green}, ${blue})`;
}

let sheet: HTMLStyleElement | undefined;
afterEach(() => {
  sheet?.remove();
  sheet = undefined;
});

async function hostileDesk(): Promise<FilingForm> {
  sheet = document.createElement('style');
  sheet.textContent = HOSTILE;
  document.head.append(sheet);
  // The default theme, so the colours checked are the documented defaults.
  const config = { ...agency('ins'), theme: {} };
  const desk = await fixture<Desk>(html`<mpd-desk .config=${config} .backend=${new FakeBackend(config)}></mpd-desk>`);
  await waitFor(() => Boolean($(desk, 'mpd-filing-form')), 'the filing form');
  const form = $<FilingForm>(desk, 'mpd-filing-form')!;
  await waitFor(() => Boolean($(form, 'form')), 'the form inside the filing form');
  return form;
}

describe('a hostile host page stylesheet', () => {
  it('cannot hide, recolour or shrink the form inside the desk', async () => {
    const form = await hostileDesk();
    const inside = (selector: string) => getComputedStyle($(form, selector)!);
    const label = inside('label');
    expect(inside('form').display, 'the form').to.not.equal('none');
    expect(label.display, 'a label').to.not.equal('none');
    expect(inside('button[type="submit"], button.button').display, 'the send button').to.not.equal('none');
    expect(label.color, 'label colour').to.equal(rgb(GOB_PE_THEME.colorText));
    expect(Number.parseFloat(label.fontSize), 'label size').to.be.at.least(16);
    expect(Number.parseFloat(label.lineHeight), 'line height').to.be.greaterThan(Number.parseFloat(label.fontSize));
    expect(label.fontFamily, 'font').to.not.match(/courier/i);
    expect(label.letterSpacing, 'letter spacing').to.equal('normal');
    expect(label.wordSpacing, 'word spacing').to.equal('0px');
    expect(label.textTransform, 'text transform').to.equal('none');
    expect(label.fontStyle, 'font style').to.equal('normal');
    expect(label.textIndent, 'text indent').to.equal('0px');
    expect(label.whiteSpace, 'white space').to.equal('normal');
    const heading = inside('h2');
    expect(Number.parseFloat(heading.fontSize), 'heading size').to.be.at.least(20);
    expect(inside('input').display, 'an input').to.not.equal('none');
  });

  it("cannot restyle the desk's own text (its contact footer inherits from the host)", async () => {
    const form = await hostileDesk();
    const desk = form.closest('mpd-desk') ?? (form.getRootNode() as ShadowRoot).host;
    const footer = getComputedStyle($(desk, '[part="footer"] address, [part="footer"]')!);
    expect(footer.color).to.equal(rgb(GOB_PE_THEME.colorText));
    expect(footer.fontFamily).to.not.match(/courier/i);
    expect(Number.parseFloat(footer.fontSize)).to.be.at.least(16);
    expect(footer.textTransform).to.equal('none');
    expect(footer.fontWeight).to.equal('400');
  });
});

/** What the page's own heading, paragraph and button look like. */
function pageStyles(page: HTMLElement): string[] {
  return ['h2', 'p', 'button'].map((selector) => {
    const style = getComputedStyle(page.querySelector(selector)!);
    return [style.color, style.fontSize, style.fontFamily, style.margin, style.background, style.border].join('|');
  });
}

describe("the widget's own styles", () => {
  it('do not reach the page around it', async () => {
    const page = await fixture<HTMLElement>(html`<div>
      <h2>Título de la página</h2>
      <p>Texto de la página</p>
      <button type="button">Botón de la página</button>
    </div>`);
    const before = pageStyles(page);
    const config = agency('cenares');
    const desk = document.createElement('mpd-desk') as Desk;
    desk.config = config;
    desk.backend = new FakeBackend(config);
    page.append(desk);
    await waitFor(() => Boolean($(desk, 'mpd-filing-form')), 'the filing form');
    expect(pageStyles(page)).to.deep.equal(before);
  });
});
