/**
 * The panel shown instead of a desk whose config is wrong: what is wrong and where (JSON path →
 * message), for the webmaster, with one line for a citizen who lands on a broken page.
 */
import { html, type TemplateResult } from 'lit';
import type { ConfigError } from '../config/errors.ts';
import type { Translator } from '../i18n/index.ts';

export function configErrorPanel(errors: readonly ConfigError[], translator: Translator): TemplateResult {
  return html`<div class="config-errors" part="config-errors" role="alert">
    <h2>${translator.t('desk.config.title')}</h2>
    <p>${translator.t('desk.config.intro')}</p>
    <ul>
      ${errors.map(
        (error) => html`<li><code class="config-errors__path">${error.path || translator.t('desk.config.file')}</code>: ${error.message}</li>`,
      )}
    </ul>
    <p>${translator.t('desk.config.citizen')}</p>
  </div>`;
}
