import { css } from 'lit';
import { formElementStyles, panelStyles } from '../../internal/styles.ts';
import { emailCodeStyles } from '../email-verification/email-verification.styles.ts';

export default [
  ...formElementStyles,
  panelStyles,
  emailCodeStyles,
  css`
    .intro,
    .or,
    .muted {
      color: var(--_muted);
    }
    .message--success {
      border-color: var(--_success);
    }
    .session {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem 1rem;
      margin: 0 0 1rem;
    }
    .session p {
      margin: 0;
    }
    .button--warning {
      background: var(--_error);
      color: #ffffff;
    }
    .table-wrap {
      overflow-x: auto;
      margin: 0 0 1rem;
    }
    #requests,
    .changes {
      width: 100%;
      margin: 0 0 1rem;
      border-collapse: collapse;
    }
    #requests caption {
      margin-bottom: 0.5rem;
      font-weight: 700;
      text-align: start;
    }
    #requests :is(th, td),
    .changes :is(th, td) {
      padding: 0.5rem 0.75rem 0.5rem 0;
      border-bottom: 1px solid var(--_border);
      text-align: start;
      vertical-align: top;
      overflow-wrap: anywhere;
    }
    .row-actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .status {
      font-weight: 700;
    }
    .changes .after {
      font-weight: 700;
    }
    textarea {
      width: 100%;
      font: inherit;
      padding: 0.5rem;
      border: 2px solid var(--_text);
    }
  `,
];
