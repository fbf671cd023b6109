/**
 * Where an element gets its agency config, in one place for every element that takes one
 * (`<mpd-desk>`, `<mpd-filing-form>`): the `.config` property, the `config-src` attribute (a URL)
 * or a child `<script type="application/json">`, in that order of preference.
 *
 * A config given in the page (property or nested JSON) is checked synchronously, so the element
 * renders it in the same update; a `config-src` is fetched through a `@lit/task` Task (aborted
 * when the URL changes, stale answers dropped). A config that cannot be read or is wrong becomes
 * a list of errors naming each wrong JSON path, logged once with `console.error`; an element
 * given no config at all says so after `missingDelay`.
 */
import { initialState, Task, TaskStatus } from '@lit/task';
import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { formatConfigErrors, type ConfigError } from '../config/errors.ts';
import { fetchAgencyConfig, parseAgencyConfig, parseAgencyConfigText, type ConfigResult } from '../config/load.ts';
import type { AgencyConfig, AgencyConfigInput } from '../config/schema.ts';
import type { Translator } from '../i18n/index.ts';

/** How long an element waits for a config given late (`.config` set by script) before saying none came. */
export const MISSING_CONFIG_DELAY_MS = 5_000;

export interface ConfigSources {
  /** The element's `.config` property. */
  config: AgencyConfig | AgencyConfigInput | undefined;
  /** The element's `config-src` attribute. */
  src: string | undefined;
}

export type ConfigState =
  | { status: 'loading' }
  | { status: 'ready'; config: AgencyConfig }
  | { status: 'invalid'; errors: readonly ConfigError[] };

export interface ConfigControllerOptions {
  /** Reads the element's own sources (called on every update). */
  sources: () => ConfigSources;
  /** Overrides `MISSING_CONFIG_DELAY_MS`. */
  missingDelay?: number;
}

type FetchArgs = [src: string | undefined];
type Fetched = { src: string; result: ConfigResult };

const NO_ERRORS: readonly ConfigError[] = Object.freeze([]);
const LOADING: ConfigState = Object.freeze({ status: 'loading' });

function missingConfigResult(): ConfigResult {
  return {
    ok: false,
    errors: [
      {
        code: 'config.fetch',
        path: '',
        message:
          'no se indicó la configuración: use el atributo config-src="/ruta/entidad.json", la propiedad .config o un <script type="application/json"> dentro del elemento',
      },
    ],
  };
}

export class ConfigController implements ReactiveController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly options: ConfigControllerOptions;
  private readonly fetchTask: Task<FetchArgs, Fetched>;
  /** The text of the nested `<script type="application/json">`, if there is one. */
  private inline: string | undefined;
  private missing = false;
  private missingTimer: ReturnType<typeof setTimeout> | undefined;
  private observer: MutationObserver | undefined;
  /** The last synchronous check, by its input (the same object or text is not checked twice). */
  private checked: { input: unknown; result: ConfigResult } | undefined;
  private failed: { error: unknown; result: ConfigResult } | undefined;
  private missingResult: ConfigResult | undefined;
  private readonly states = new WeakMap<ConfigResult, ConfigState>();

  constructor(host: ReactiveControllerHost & HTMLElement, options: ConfigControllerOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
    this.fetchTask = new Task<FetchArgs, Fetched>(host, {
      args: () => [this.activeSrc()],
      task: async ([src], { signal }) => {
        if (!src) return initialState;
        let result: ConfigResult;
        try {
          result = await fetchAgencyConfig(src, (input, init) => fetch(input, { ...init, signal }));
        } catch (error) {
          // The connection broke while the body was read (a failed request is already a result).
          signal.throwIfAborted();
          const message = `no se pudo descargar ${src}: ${(error as Error | undefined)?.message ?? String(error)}`;
          result = { ok: false, errors: [{ code: 'config.fetch', path: '', message }] };
        }
        signal.throwIfAborted();
        return { src, result };
      },
    });
  }

  hostConnected(): void {
    this.readInline();
    // A page that defines the element before the parser reaches its children connects it
    // before the nested JSON exists: keep reading it as it arrives or changes.
    this.observer ??= new MutationObserver(() => this.readInline());
    this.observer.observe(this.host, { childList: true, subtree: true, characterData: true });
    clearTimeout(this.missingTimer);
    this.missingTimer = setTimeout(() => {
      this.missing = true;
      this.host.requestUpdate();
    }, this.options.missingDelay ?? MISSING_CONFIG_DELAY_MS);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    clearTimeout(this.missingTimer);
  }

  /** Where the config stands now: loading, ready, or invalid with every error. */
  get state(): ConfigState {
    const result = this.result();
    if (!result) return LOADING;
    let state = this.states.get(result);
    if (!state) {
      state = result.ok ? { status: 'ready', config: result.config } : { status: 'invalid', errors: result.errors };
      this.states.set(result, state);
      if (!result.ok) {
        console.error(
          `<${this.host.localName}>: la configuración de la mesa de partes tiene errores:\n${formatConfigErrors(result.errors)}`,
        );
      }
    }
    return state;
  }

  /** The validated config, once there is one. */
  get config(): AgencyConfig | undefined {
    const state = this.state;
    return state.status === 'ready' ? state.config : undefined;
  }

  /** What is wrong with the config (empty while loading or when it is fine). */
  get errors(): readonly ConfigError[] {
    const state = this.state;
    return state.status === 'invalid' ? state.errors : NO_ERRORS;
  }

  render<T>(renderers: { loading: () => T; ready: (config: AgencyConfig) => T; invalid: (errors: readonly ConfigError[]) => T }): T {
    const state = this.state;
    switch (state.status) {
      case 'loading':
        return renderers.loading();
      case 'ready':
        return renderers.ready(state.config);
      case 'invalid':
        return renderers.invalid(state.errors);
    }
  }

  /** The "Cargando…" line both elements show while the config is on its way. */
  static renderLoading(translator: Translator): TemplateResult {
    return html`<p class="loading" part="loading" role="status">${translator.t('desk.loading')}</p>`;
  }

  private activeSrc(): string | undefined {
    const { config, src } = this.options.sources();
    return config === undefined && src ? src : undefined;
  }

  private result(): ConfigResult | undefined {
    const { config, src } = this.options.sources();
    if (config !== undefined) return this.check(config, () => parseAgencyConfig(config));
    if (src) return this.fetched(src);
    const inline = this.inline;
    if (inline !== undefined) return this.check(inline, () => parseAgencyConfigText(inline));
    if (this.missing) return (this.missingResult ??= missingConfigResult());
    return undefined;
  }

  private check(input: unknown, parse: () => ConfigResult): ConfigResult {
    if (this.checked === undefined || this.checked.input !== input) this.checked = { input, result: parse() };
    return this.checked.result;
  }

  private fetched(src: string): ConfigResult | undefined {
    const task = this.fetchTask;
    if (task.status === TaskStatus.COMPLETE) {
      // Until the task starts on a new URL it still holds the previous URL's answer.
      return task.value?.src === src ? task.value.result : undefined;
    }
    if (task.status === TaskStatus.ERROR) {
      if (this.failed === undefined || this.failed.error !== task.error) {
        const message = String((task.error as Error | undefined)?.message ?? task.error);
        this.failed = { error: task.error, result: { ok: false, errors: [{ code: 'config.fetch', path: '', message }] } };
      }
      return this.failed.result;
    }
    return undefined;
  }

  private readInline(): void {
    const script = this.host.querySelector<HTMLScriptElement>(':scope > script[type="application/json"]');
    const text = script ? (script.textContent ?? '') : undefined;
    if (text === this.inline) return;
    this.inline = text;
    this.host.requestUpdate();
  }
}
