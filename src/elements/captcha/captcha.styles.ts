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
      border-left: 5px solid var(--mpd-color-error, #d4351c);
      padding-left: 0.75rem;
    }
    .message {
      margin: 0 0 0.5rem;
      color: var(--mpd-color-error, #d4351c);
      font-weight: 700;
    }
    .message:focus {
      outline: 3px solid var(--mpd-color-focus, #ffdd00);
      outline-offset: 0;
    }
    /* The ALTCHA widget follows the agency's theme. */
    altcha-widget {
      --altcha-color-primary: var(--mpd-color-primary, #1d70b8);
      --altcha-color-success: var(--mpd-color-success, #00703c);
      --altcha-color-error: var(--mpd-color-error, #d4351c);
      --altcha-border-radius: var(--mpd-radius, 0);
      --altcha-checkbox-outline-color: var(--mpd-color-focus, #ffdd00);
      --altcha-max-width: 100%;
    }
  `,
];
