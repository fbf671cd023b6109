import { css } from 'lit';
import { formElementStyles, panelStyles } from '../../internal/styles.ts';

/** Shared with `<mpd-my-requests>`, which renders the same code pieces. */
export const emailCodeStyles = css`
  .email-code__send {
    margin: 0 0 1.5rem;
  }
  .email-code__send .hint,
  .email-code__send .error-message {
    margin: 0.5rem 0 0;
  }
  .verified {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    margin: 0 0 1rem;
    font-weight: 700;
    color: var(--_success);
  }
  .verified__icon {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 1.5rem;
    height: 1.5rem;
    border-radius: 50%;
    background: var(--_success);
    color: #ffffff;
  }
`;

export default [
  ...formElementStyles,
  panelStyles,
  emailCodeStyles,
  css`
    .intro {
      margin: 0 0 1rem;
      color: var(--_muted);
    }
  `,
];
