/**
 * Field pieces rendered inside an element's own shadow root (so `aria-describedby`, labels and
 * the error summary's links all resolve within one tree): GOV.UK's label above the field, hint,
 * inline error with a visually hidden "Error:" prefix, `aria-invalid`, `aria-describedby`.
 *
 * Ids: the control has `id`; its hint is `${id}-hint`; its error `${id}-error`.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';

export interface FieldChrome {
  id: string;
  label: string;
  hint?: string | TemplateResult | undefined;
  /** The inline error message, when the field has one. */
  error?: string | undefined;
  /** Adds the "(opcional)" marker to the label. */
  optional?: boolean;
  optionalText?: string;
  /** Visually hidden prefix of inline errors ("Error:"). */
  errorPrefix: string;
  /** Ids of more descriptions (a counter, a status) to add to `aria-describedby`. */
  describedBy?: readonly string[];
}

export interface Option {
  value: string;
  label: string;
}

export function describedBy(chrome: Pick<FieldChrome, 'id' | 'hint' | 'error' | 'describedBy'>): string | undefined {
  const ids = [
    chrome.hint ? `${chrome.id}-hint` : '',
    chrome.error ? `${chrome.id}-error` : '',
    ...(chrome.describedBy ?? []),
  ].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function hint(chrome: Pick<FieldChrome, 'id' | 'hint'>): TemplateResult | typeof nothing {
  return chrome.hint ? html`<div class="hint" id="${chrome.id}-hint" part="hint">${chrome.hint}</div>` : nothing;
}

export function errorMessage(chrome: Pick<FieldChrome, 'id' | 'error' | 'errorPrefix'>): TemplateResult | typeof nothing {
  return chrome.error
    ? html`<p class="error-message" id="${chrome.id}-error" part="error-message">
        <span class="visually-hidden">${chrome.errorPrefix}</span> ${chrome.error}
      </p>`
    : nothing;
}

function labelText(chrome: FieldChrome): TemplateResult {
  return html`${chrome.label}${chrome.optional ? html` <span class="optional">${chrome.optionalText}</span>` : nothing}`;
}

function fieldClass(chrome: FieldChrome): string {
  return chrome.error ? 'field field--error' : 'field';
}

export interface TextFieldOptions extends FieldChrome {
  name?: string;
  value: string;
  type?: 'text' | 'email' | 'tel';
  autocomplete?: string;
  inputmode?: 'text' | 'numeric' | 'email' | 'tel';
  maxlength?: number;
  spellcheck?: boolean;
  width?: 'short' | 'medium' | 'full';
  after?: TemplateResult | typeof nothing;
  onInput: (value: string, event: InputEvent) => void;
  onBlur?: (event: FocusEvent) => void;
}

export function textField(options: TextFieldOptions): TemplateResult {
  const width = options.width && options.width !== 'full' ? `input--${options.width}` : '';
  return html`<div class=${fieldClass(options)} part="field" data-field=${options.id}>
    <label for=${options.id} part="label">${labelText(options)}</label>
    ${hint(options)} ${errorMessage(options)}
    <input
      id=${options.id}
      name=${ifDefined(options.name)}
      class=${width}
      part="input"
      type=${options.type ?? 'text'}
      .value=${live(options.value)}
      autocomplete=${ifDefined(options.autocomplete)}
      inputmode=${ifDefined(options.inputmode)}
      maxlength=${ifDefined(options.maxlength)}
      spellcheck=${options.spellcheck === false ? 'false' : nothing}
      aria-invalid=${options.error ? 'true' : 'false'}
      aria-describedby=${ifDefined(describedBy(options))}
      @input=${(event: InputEvent) => options.onInput((event.target as HTMLInputElement).value, event)}
      @blur=${(event: FocusEvent) => options.onBlur?.(event)}
    />
    ${options.after ?? nothing}
  </div>`;
}

export interface SelectFieldOptions extends FieldChrome {
  name?: string;
  value: string;
  options: readonly Option[];
  /** A first, empty choice ("Seleccione"); leave it out when the field has a default. */
  placeholder?: string;
  onChange: (value: string) => void;
}

export function selectField(options: SelectFieldOptions): TemplateResult {
  return html`<div class=${fieldClass(options)} part="field" data-field=${options.id}>
    <label for=${options.id} part="label">${labelText(options)}</label>
    ${hint(options)} ${errorMessage(options)}
    <select
      id=${options.id}
      name=${ifDefined(options.name)}
      part="select"
      aria-invalid=${options.error ? 'true' : 'false'}
      aria-describedby=${ifDefined(describedBy(options))}
      @change=${(event: Event) => options.onChange((event.target as HTMLSelectElement).value)}
    >
      ${options.placeholder === undefined
        ? nothing
        : html`<option value="" .selected=${live(options.value === '')}>${options.placeholder}</option>`}
      ${options.options.map(
        (option) => html`<option value=${option.value} .selected=${live(option.value === options.value)}>${option.label}</option>`,
      )}
    </select>
  </div>`;
}

export interface RadioGroupOptions extends FieldChrome {
  name: string;
  value: string;
  options: readonly Option[];
  inline?: boolean;
  onChange: (value: string) => void;
}

/** A fieldset of radios; the first radio carries `id`, so error links can focus it. */
export function radioGroup(options: RadioGroupOptions): TemplateResult {
  return html`<div class=${fieldClass(options)} part="field" data-field=${options.id}>
    <fieldset aria-describedby=${ifDefined(describedBy(options))}>
      <legend part="label">${labelText(options)}</legend>
      ${hint(options)} ${errorMessage(options)}
      <div class=${options.inline ? 'choices choices--inline' : 'choices'}>
        ${options.options.map((option, index) => {
          const id = index === 0 ? options.id : `${options.id}-${index}`;
          return html`<div class="choice">
            <input
              type="radio"
              id=${id}
              name=${options.name}
              value=${option.value}
              .checked=${live(option.value === options.value)}
              @change=${() => options.onChange(option.value)}
            />
            <label for=${id}>${option.label}</label>
          </div>`;
        })}
      </div>
    </fieldset>
  </div>`;
}

export interface CheckboxOptions extends Omit<FieldChrome, 'label'> {
  name?: string;
  label: string | TemplateResult;
  checked: boolean;
  /** Shown under the checkbox, e.g. a <details> with the full terms. */
  after?: TemplateResult | typeof nothing;
  onChange: (checked: boolean) => void;
}

export function checkbox(options: CheckboxOptions): TemplateResult {
  return html`<div class=${options.error ? 'field field--error' : 'field'} part="field" data-field=${options.id}>
    ${errorMessage(options)}
    <div class="choice">
      <input
        type="checkbox"
        id=${options.id}
        name=${ifDefined(options.name)}
        .checked=${live(options.checked)}
        aria-invalid=${options.error ? 'true' : 'false'}
        aria-describedby=${ifDefined(describedBy(options))}
        @change=${(event: Event) => options.onChange((event.target as HTMLInputElement).checked)}
      />
      <label for=${options.id}>${options.label}</label>
    </div>
    ${hint(options)} ${options.after ?? nothing}
  </div>`;
}
