import { css } from 'lit';
import { formElementStyles, panelStyles } from '../../internal/styles.ts';

export default [
  ...formElementStyles,
  panelStyles,
  css`
    .deadline strong {
      display: block;
    }

    .observed {
      margin: 0 0 1.5rem;
      padding: 1rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    .observed__title {
      margin: 0 0 0.5rem;
      font-size: 1.125rem;
    }
    .observed__file {
      margin: 0 0 0.5rem;
      overflow-wrap: anywhere;
    }
    .observed__note {
      margin: 0 0 1rem;
      padding: 0.5rem 0.75rem;
      border-inline-start: 5px solid var(--_error);
      background: var(--_surface);
    }
    .observed__icon {
      font-size: 1.25em;
      line-height: 1;
    }

    .files {
      margin: 0 0 1.5rem;
      padding-inline-start: 1.25rem;
    }
    .files li {
      margin-bottom: 0.25rem;
      overflow-wrap: anywhere;
    }
    .file-meta {
      color: var(--_muted);
    }
    .message .button {
      margin-top: 0.5rem;
      font-weight: 400;
    }
  `,
];
