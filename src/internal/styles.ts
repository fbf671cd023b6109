/**
 * Styles shared by the mpd- elements: the private `--_x` variables that resolve each public
 * theme token with its gob.pe fallback, and the GOV.UK-style building blocks (labels above
 * fields, hints, inline errors, buttons, focus ring, visually hidden text).
 */
import { css, unsafeCSS } from 'lit';
import { GOB_PE_ACCENT, GOB_PE_THEME as D } from '../themes/tokens.ts';

const v = (value: string) => unsafeCSS(value);

/** Private variables every element derives from the public tokens. */
export const tokenStyles = css`
  :host {
    --_primary: var(--mpd-color-primary, ${v(D.colorPrimary)});
    --_on-primary: var(--mpd-color-on-primary, ${v(D.colorOnPrimary)});
    --_text: var(--mpd-color-text, ${v(D.colorText)});
    --_muted: var(--mpd-color-muted, ${v(D.colorMuted)});
    --_bg: var(--mpd-color-background, ${v(D.colorBackground)});
    --_surface: var(--mpd-color-surface, ${v(D.colorSurface)});
    --_border: var(--mpd-color-border, ${v(D.colorBorder)});
    --_error: var(--mpd-color-error, ${v(D.colorError)});
    --_success: var(--mpd-color-success, ${v(D.colorSuccess)});
    --_focus: var(--mpd-color-focus, ${v(D.colorFocus)});
    --_font: var(--mpd-font-family, ${v(D.fontFamily)});
    --_radius: var(--mpd-radius, ${v(D.radius)});
    --_accent: var(--mpd-color-accent, ${v(GOB_PE_ACCENT)});
    --_space: 1rem;

    /*
     * Inherited text properties flow in from the host page, and a page rule that matches the host
     * element (even "* { color: red }") beats a normal :host rule; an !important one here beats
     * the page's, !important or not. This fixes only the host's own values, which the shadow
     * content inherits; pages theme through the --mpd-* tokens.
     */
    color: var(--_text) !important;
    font-family: var(--_font) !important;
    /* 16 px minimum for text the citizen must read, even when the page sets a smaller root. */
    font-size: max(1rem, 16px) !important;
    line-height: 1.5 !important;
    font-style: normal !important;
    font-weight: 400 !important;
    font-variant: normal !important;
    letter-spacing: normal !important;
    word-spacing: normal !important;
    text-align: start !important;
    text-indent: 0 !important;
    text-transform: none !important;
    text-shadow: none !important;
    white-space: normal !important;
  }
`;

/** Text for screen readers only (GOV.UK's visually-hidden pattern). */
export const visuallyHidden = css`
  .visually-hidden {
    position: absolute !important;
    width: 1px !important;
    height: 1px !important;
    margin: 0 !important;
    padding: 0 !important;
    overflow: hidden !important;
    clip: rect(0 0 0 0) !important;
    clip-path: inset(50%) !important;
    border: 0 !important;
    white-space: nowrap !important;
  }
`;

export const baseStyles = css`
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  [hidden] {
    display: none !important;
  }

  ${visuallyHidden}

  h2,
  h3 {
    margin: 0 0 var(--_space);
    line-height: 1.25;
  }
  /* In rem, like the page's own headings, but never under the 16 px text when the page's root is small. */
  h2 {
    font-size: max(1.5rem, 24px);
  }
  h3 {
    font-size: max(1.25rem, 20px);
  }
  p {
    margin: 0 0 var(--_space);
  }

  a {
    color: var(--_primary);
    text-decoration: underline;
    text-underline-offset: 0.15em;
  }
  a:hover {
    text-decoration-thickness: 3px;
  }

  :focus-visible,
  a:focus,
  [tabindex='-1']:focus {
    outline: 3px solid var(--_focus);
    outline-offset: 0;
    box-shadow: 0 0 0 6px var(--_text);
  }
  [tabindex='-1']:focus:not(:focus-visible) {
    outline: none;
    box-shadow: none;
  }

  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
    min-height: 2.75rem;
    padding: 0.5rem 1.25rem;
    border: 2px solid var(--_primary);
    border-radius: var(--_radius);
    background: var(--_primary);
    color: var(--_on-primary);
    font: inherit;
    font-weight: 700;
    cursor: pointer;
    box-shadow: 0 2px 0 var(--_text);
  }
  .button:hover {
    filter: brightness(0.9);
  }
  .button:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 0;
    box-shadow: 0 0 0 6px var(--_text);
  }
  .button[disabled] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .button--secondary {
    background: var(--_bg);
    color: var(--_primary);
  }
  .button--link {
    background: none;
    border-color: transparent;
    box-shadow: none;
    color: var(--_primary);
    text-decoration: underline;
    padding-inline: 0.25rem;
  }

  /* Motion can make some citizens sick: with reduced motion asked, nothing moves. */
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
      scroll-behavior: auto !important;
    }
  }
`;

/** Labels above fields, hints, inline errors: the GOV.UK form pattern. */
export const fieldStyles = css`
  .field {
    margin: 0 0 1.5rem;
  }
  .field--error {
    border-inline-start: 5px solid var(--_error);
    padding-inline-start: 0.75rem;
  }
  fieldset {
    margin: 0 0 1.5rem;
    padding: 0;
    border: 0;
    min-width: 0;
  }
  legend {
    padding: 0;
    font-weight: 700;
  }
  .section > legend {
    margin-bottom: 1rem;
    font-size: 1.25rem;
  }
  label,
  .label {
    display: block;
    margin-bottom: 0.25rem;
    font-weight: 700;
  }
  .optional {
    font-weight: 400;
  }
  .hint {
    display: block;
    margin: 0 0 0.5rem;
    color: var(--_muted);
  }
  .error-message {
    display: block;
    margin: 0 0 0.5rem;
    color: var(--_error);
    font-weight: 700;
  }
  .error-message::before {
    content: '⚠ ';
  }
  input[type='text'],
  input[type='email'],
  input[type='tel'],
  select,
  textarea {
    display: block;
    width: 100%;
    max-width: 36rem;
    min-height: 2.75rem;
    padding: 0.4rem 0.6rem;
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_text);
    font: inherit;
  }
  .input--short {
    max-width: 12rem;
  }
  .input--medium {
    max-width: 20rem;
  }
  textarea {
    min-height: 7rem;
    resize: vertical;
  }
  input:focus,
  select:focus,
  textarea:focus {
    outline: 3px solid var(--_focus);
    outline-offset: 0;
    box-shadow: inset 0 0 0 2px var(--_text);
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
  }
  .choices {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }
  .choices--inline {
    flex-flow: row wrap;
    gap: 0.5rem 1.5rem;
  }
  .choice {
    display: flex;
    align-items: flex-start;
    gap: 0.6rem;
  }
  .choice input {
    flex: none;
    width: 1.5rem;
    height: 1.5rem;
    margin: 0.05rem 0 0;
    accent-color: var(--_primary);
  }
  .choice label {
    margin: 0;
    font-weight: 400;
  }
  .choice input:focus {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
    box-shadow: 0 0 0 5px var(--_text);
  }
  .counter {
    display: block;
    margin-top: 0.25rem;
    color: var(--_muted);
  }
  .counter--over {
    color: var(--_error);
    font-weight: 700;
  }
  details {
    margin: 0.5rem 0 0 2.1rem;
  }
  summary {
    color: var(--_primary);
    text-decoration: underline;
    cursor: pointer;
  }
  details > div {
    margin-top: 0.5rem;
    padding: 0.75rem 1rem;
    border-inline-start: 5px solid var(--_border);
    background: var(--_surface);
  }
`;

/** The panel that lists what is wrong with an agency config. */
export const configErrorStyles = css`
  .config-errors {
    padding: 1.25rem;
    border: 5px solid var(--_error);
    background: var(--_bg);
  }
  .config-errors h2 {
    color: var(--_error);
    font-size: 1.25rem;
  }
  .config-errors ul {
    margin: 0 0 1rem;
    padding-inline-start: 1.25rem;
  }
  .config-errors li {
    margin-bottom: 0.25rem;
  }
  .config-errors code {
    font-weight: 700;
    overflow-wrap: anywhere;
  }
`;

/** The GOV.UK error summary (src/internal/error-summary.ts) and the loading line, as every form shows them. */
export const errorSummaryStyles = css`
  .loading {
    margin: 0;
    padding: 1.5rem 0;
  }

  .error-summary {
    margin: 0 0 1.5rem;
    padding: 1rem 1.25rem;
    border: 5px solid var(--_error);
    background: var(--_bg);
  }
  .error-summary__title {
    font-size: 1.25rem;
  }
  .error-summary__list {
    margin: 0;
    padding-inline-start: 1.25rem;
  }
  .error-summary__list a {
    color: var(--_error);
    font-weight: 700;
  }
`;

/** Everything an element built of form fields starts from (the filing form, the tracking panel). */
export const formElementStyles = [tokenStyles, baseStyles, fieldStyles, configErrorStyles, errorSummaryStyles];

/**
 * What the filing form and the panels that look a request up (tracking, correction) share: the
 * host, the message box of a failed search or sending, notices, the row of actions, the result
 * under its rule, the facts list and the green confirmation banner.
 */
export const panelStyles = css`
  :host {
    display: block;
    background: var(--_bg);
  }

  .message {
    margin: 1.5rem 0;
    padding: 1rem 1.25rem;
    border: 5px solid var(--_error);
    color: var(--_text);
    font-weight: 700;
  }
  .message--info {
    border-color: var(--_primary);
  }
  .message p:last-child {
    margin-bottom: 0;
  }

  .notice {
    margin: 0 0 1.5rem;
    padding: 0.75rem 1rem;
    border-inline-start: 5px solid var(--_primary);
    background: var(--_surface);
  }
  .notice p:last-child {
    margin-bottom: 0;
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 1rem;
    margin-top: 1rem;
  }
  .searching,
  .sending {
    color: var(--_muted);
  }

  .result {
    margin-top: 2rem;
    padding-top: 1rem;
    border-top: 3px solid var(--_primary);
  }
  .facts {
    margin: 0 0 1.5rem;
  }
  .facts dt {
    font-weight: 700;
  }
  .facts dd {
    margin: 0 0 0.75rem;
    overflow-wrap: anywhere;
  }

  .confirmation-panel {
    margin: 0 0 1.5rem;
    padding: 1.5rem;
    background: var(--_success);
    color: #ffffff;
    text-align: center;
  }
  .confirmation-panel h2 {
    font-size: 2rem;
  }
`;
