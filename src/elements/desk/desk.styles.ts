import { css } from 'lit';
import { baseStyles, configErrorStyles, tokenStyles } from '../../internal/styles.ts';

export default [
  tokenStyles,
  baseStyles,
  configErrorStyles,
  css`
    :host {
      display: block;
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }

    .header {
      display: flex;
      align-items: center;
      gap: 1rem;
      padding: 1rem 1.25rem;
      border-block-start: 6px solid var(--_accent);
      border-block-end: 4px solid var(--_primary);
      background: var(--_bg);
    }
    .logo {
      flex: none;
      max-height: 4rem;
      max-width: 12rem;
    }
    .titles p {
      margin: 0;
    }
    .desk-title {
      color: var(--_muted);
    }
    .agency {
      color: var(--_primary);
      font-size: 1.25rem;
      font-weight: 700;
      line-height: 1.3;
    }

    .nav ul {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem;
      margin: 0;
      padding: 0.5rem 1.25rem 0;
      list-style: none;
      background: var(--_surface);
      border-block-end: 1px solid var(--_border);
    }
    .nav button {
      min-height: 2.75rem;
      padding: 0.5rem 1rem;
      border: 0;
      border-block-end: 4px solid transparent;
      background: none;
      color: var(--_primary);
      font: inherit;
      text-decoration: underline;
      cursor: pointer;
    }
    .nav button[aria-current='page'] {
      border-block-end-color: var(--_primary);
      color: var(--_text);
      font-weight: 700;
      text-decoration: none;
    }

    .body {
      padding: 1.5rem 1.25rem;
    }

    .footer {
      padding: 1rem 1.25rem;
      border-block-start: 1px solid var(--_border);
      background: var(--_surface);
    }
    .footer address {
      font-style: normal;
    }
    .footer ul {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1.5rem;
      margin: 0;
      padding: 0;
      list-style: none;
    }

    .loading {
      padding: 1.5rem 1.25rem;
      margin: 0;
    }
    /* "Cargando…" while a view's element downloads, or what to do when it could not. */
    .view-status {
      margin: 0;
    }
    .view-status p {
      margin: 0 0 1rem;
    }

  `,
];
