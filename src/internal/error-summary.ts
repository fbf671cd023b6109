/**
 * GOV.UK's error summary: a box at the top of the form that lists every problem, takes focus
 * after a failed submit, and links to each field. Links point at ids inside the element's own
 * shadow root, where the browser cannot follow a fragment, so activating one calls `onActivate`
 * and the element focuses the field itself.
 */
import { html, type TemplateResult } from 'lit';

export interface SummaryItem {
  /** Id of the control to focus; without one the item is plain text. */
  target?: string | undefined;
  text: string;
}

export interface ErrorSummaryOptions {
  id: string;
  title: string;
  items: readonly SummaryItem[];
  onActivate: (target: string) => void;
}

export function errorSummary(options: ErrorSummaryOptions): TemplateResult {
  return html`<div class="error-summary" id=${options.id} part="error-summary" tabindex="-1">
    <div role="alert">
      <h2 class="error-summary__title" id="${options.id}-title">${options.title}</h2>
      <ul class="error-summary__list">
        ${options.items.map((item) =>
          item.target
            ? html`<li>
                <a
                  href="#${item.target}"
                  @click=${(event: Event) => {
                    event.preventDefault();
                    options.onActivate(item.target!);
                  }}
                  >${item.text}</a
                >
              </li>`
            : html`<li>${item.text}</li>`,
        )}
      </ul>
    </div>
  </div>`;
}
