import { css } from 'lit';
import { formElementStyles, panelStyles } from '../../internal/styles.ts';

export default [
  ...formElementStyles,
  panelStyles,
  css`
    .notice--warning {
      border-inline-start-color: var(--_text);
      font-weight: 700;
    }

    .send-error {
      margin: 0 0 1.5rem;
      padding: 1rem 1.25rem;
      border: 5px solid var(--_error);
      color: var(--_text);
      font-weight: 700;
    }

    .section {
      margin-bottom: 2rem;
    }

    .status-ok {
      display: block;
      margin-top: 0.25rem;
      color: var(--_success);
      font-weight: 700;
    }
    .status-ok::before {
      content: '✓ ';
    }

    .lookup-button {
      margin-top: 0.5rem;
    }
    .lookup-status {
      margin: 0.5rem 0 0;
    }
    .lookup-warning {
      display: flex;
      gap: 0.5rem;
      margin: 0.5rem 0 0;
      padding: 0.5rem 0.75rem;
      border-inline-start: 5px solid var(--_text);
      background: var(--_surface);
      font-weight: 700;
    }
    .lookup-warning__icon {
      flex: none;
    }

    .sn {
      margin-top: 0.75rem;
    }

    dialog {
      max-width: min(36rem, calc(100vw - 2rem));
      padding: 1.5rem;
      border: 3px solid var(--_text);
      border-radius: var(--_radius);
      background: var(--_bg);
      color: var(--_text);
    }
    dialog::backdrop {
      background: rgb(0 0 0 / 0.6);
    }
    .dialog-warning {
      padding: 0.75rem 1rem;
      border-inline-start: 5px solid var(--_error);
      background: var(--_surface);
      font-weight: 700;
    }

    .confirmation-panel p {
      margin: 0;
    }
    .request-number {
      display: block;
      margin-top: 0.25rem;
      /* Shrinks on a phone so "INPE-2026-000001" stays on one line; breaks only if it must. */
      font-size: clamp(1.5rem, 7vw, 2.25rem);
      font-weight: 700;
      letter-spacing: 0.02em;
      overflow-wrap: anywhere;
      user-select: all;
    }
    .copy-row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.75rem;
      margin: 0 0 1.5rem;
    }
    .copy-status {
      color: var(--_success);
      font-weight: 700;
    }
    .copy-status--failed {
      color: var(--_error);
    }
    .facts dd p {
      margin: 0.25rem 0 0;
      color: var(--_muted);
    }
    .received-files {
      margin: 0 0 1.5rem;
      padding-inline-start: 1.25rem;
    }
    .received-files li {
      margin-bottom: 0.25rem;
    }
    .file-meta {
      color: var(--_muted);
    }
  `,
];
