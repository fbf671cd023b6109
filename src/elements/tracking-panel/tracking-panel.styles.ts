import { css } from 'lit';
import { formElementStyles, panelStyles } from '../../internal/styles.ts';

export default [
  ...formElementStyles,
  panelStyles,
  css`
    .status {
      display: inline-block;
      padding: 0.125rem 0.5rem;
      border: 2px solid currentColor;
      font-weight: 700;
      letter-spacing: 0.02em;
    }

    .table-wrap {
      overflow-x: auto;
      margin: 0 0 1rem;
    }
    table {
      width: 100%;
      border-collapse: collapse;
    }
    caption {
      margin-bottom: 0.5rem;
      font-size: 1.125rem;
      font-weight: 700;
      text-align: start;
    }
    th,
    td {
      padding: 0.5rem 0.75rem 0.5rem 0;
      border-bottom: 1px solid var(--_border);
      text-align: start;
      vertical-align: top;
    }
    thead th {
      border-bottom-width: 2px;
    }
    tr.current {
      background: var(--_surface);
    }
    .current-mark {
      display: block;
      font-weight: 700;
    }
    .current-mark::before {
      content: '▶ ';
    }
    .count {
      color: var(--_muted);
    }
    .download-status {
      font-weight: 700;
    }
    .download-status--failed {
      color: var(--_error);
    }
  `,
];
