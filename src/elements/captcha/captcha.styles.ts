import { css } from 'lit';
import { tokenStyles } from '../../internal/styles.ts';

export default [
  tokenStyles,
  css`
    :host {
      display: block;
      margin: 0 0 1.5rem;
      font-family: var(--mpd-font-family, inherit);
      color: var(--mpd-color-text, inherit);
    }
    :host([hidden]),
    :host([data-inactive]) {
      display: none;
    }
    .captcha--error {
      border-left: 5px solid var(--_error);
      padding-left: 0.75rem;
    }
    .message {
      margin: 0 0 0.5rem;
      color: var(--_error);
      font-weight: 700;
    }
    .message:focus {
      outline: 3px solid var(--_focus);
      outline-offset: 0;
    }
    /* The ALTCHA widget follows the agency's theme, and the default theme's 7:1 colours. */
    altcha-widget {
      --altcha-color-primary: var(--_primary);
      --altcha-color-success: var(--_success);
      --altcha-color-error: var(--_error);
      --altcha-border-radius: var(--_radius);
      --altcha-checkbox-outline-color: var(--_focus);
      --altcha-max-width: 100%;
    }
  `,
];
