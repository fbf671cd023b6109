import { css } from 'lit';
import { visuallyHidden } from '../../internal/styles.ts';

/*
 * Colours meet AAA contrast (7:1) on white and on the zone's shading; every text is at least
 * 16 px; nothing is told by colour alone (statuses and errors also have words and an icon).
 */
export const dropzoneStyles = [
  visuallyHidden,
  css`
  :host {
    --_primary: var(--mpd-color-primary, #003876);
    --_text: var(--mpd-color-text, #0b0c0c);
    --_muted: var(--mpd-color-muted, #404040);
    --_error: var(--mpd-color-error, #8a1c1c);
    --_success: var(--mpd-color-success, #14532d);
    --_surface: var(--mpd-color-surface, #ffffff);
    --_zone: var(--mpd-dropzone-background, #f3f2f1);
    --_zone-active: var(--mpd-dropzone-background-active, #dbe7f3);
    --_border: var(--mpd-color-border, #505a5f);
    --_focus: var(--mpd-color-focus, #ffbf47);
    --_radius: var(--mpd-radius, 4px);
    --_space: var(--mpd-space, 1rem);

    display: block;
    color: var(--_text);
    font-family: var(--mpd-font-family, inherit);
    font-size: max(16px, 1rem);
    line-height: 1.4;
  }

  :host([hidden]) {
    display: none;
  }

  .field {
    display: grid;
    gap: calc(var(--_space) / 2);
  }

  .field--error {
    border-inline-start: 5px solid var(--_error);
    padding-inline-start: calc(var(--_space) * 0.75);
  }

  .label {
    font-weight: 700;
    font-size: max(16px, 1.1875rem);
  }

  .optional {
    font-weight: 400;
  }

  .hint,
  .rules {
    color: var(--_muted);
  }

  .rules p {
    margin: 0;
  }

  .error {
    display: flex;
    gap: 0.5rem;
    align-items: flex-start;
    margin: 0;
    color: var(--_error);
    font-weight: 700;
  }

  svg.icon {
    flex: none;
    width: 1.25em;
    height: 1.25em;
    fill: currentColor;
  }

  .zone {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    align-items: center;
    padding: var(--_space);
    border: 2px dashed var(--_border);
    border-radius: var(--_radius);
    background: var(--_zone);
    cursor: pointer;
    transition: background-color 120ms ease-out, border-color 120ms ease-out;
  }

  .zone--active {
    border-style: solid;
    border-color: var(--_primary);
    background: var(--_zone-active);
  }

  .zone--disabled {
    cursor: not-allowed;
    opacity: 0.7;
  }

  button {
    font: inherit;
    font-size: max(16px, 1rem);
    min-height: 44px;
    min-width: 44px;
    padding: 0.5rem 1rem;
    border-radius: var(--_radius);
    cursor: pointer;
  }

  button:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 0;
    box-shadow: 0 0 0 6px var(--_text);
  }

  button:disabled {
    cursor: not-allowed;
  }

  .choose {
    border: 2px solid var(--_primary);
    background: var(--_surface);
    color: var(--_primary);
    font-weight: 700;
  }

  .choose[aria-invalid='true'] {
    border-color: var(--_error);
  }

  .drop-text {
    color: var(--_text);
  }

  .files {
    display: grid;
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .file {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 0.25rem 1rem;
    align-items: center;
    padding: 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }

  .file--rejected,
  .file--failed {
    border-inline-start: 5px solid var(--_error);
  }

  .file--complete {
    border-inline-start: 5px solid var(--_success);
  }

  .file-name {
    font-weight: 700;
    overflow-wrap: anywhere;
  }

  .file-facts {
    color: var(--_muted);
  }

  .file-status {
    grid-column: 1 / -1;
    display: flex;
    gap: 0.5rem;
    align-items: flex-start;
  }

  .file--complete .file-status {
    color: var(--_success);
  }

  .file--rejected .file-status,
  .file--failed .file-status {
    color: var(--_error);
  }

  .file-actions {
    grid-row: 1 / span 2;
    grid-column: 2;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    justify-content: flex-end;
  }

  .remove,
  .retry {
    border: 2px solid var(--_border);
    background: var(--_surface);
    color: var(--_text);
  }

  .retry {
    border-color: var(--_primary);
    color: var(--_primary);
    font-weight: 700;
  }

  progress {
    grid-column: 1 / -1;
    width: 100%;
    height: 0.75rem;
    accent-color: var(--_primary);
  }

  .spinner {
    animation: spin 1s linear infinite;
  }

  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .zone {
      transition: none;
    }
    .spinner {
      animation: none;
    }
  }

  @media (forced-colors: active) {
    .zone--active {
      border-color: Highlight;
    }
    svg.icon {
      fill: CanvasText;
    }
  }
`,
];
