/**
 * The third-party captchas (reCAPTCHA, hCaptcha, Turnstile) in the browser: each provider's
 * script, loaded only when the agency configured that provider (never otherwise), and its
 * explicit-render API behind one interface. The three APIs have the same shape: `render(element,
 * {sitekey, callback, 'expired-callback', 'error-callback'})` → widget id, `reset(id)`.
 */
export type ThirdPartyProvider = 'recaptcha' | 'hcaptcha' | 'turnstile';

export interface ProviderApi {
  render(container: HTMLElement, options: Record<string, unknown>): string | number;
  reset(widgetId?: string | number): void;
}

/** The global each script defines, and where the script lives (Spanish where the provider takes a language). */
export const PROVIDER_SCRIPTS: Record<ThirdPartyProvider, { global: string; src: (language: string) => string }> = {
  recaptcha: { global: 'grecaptcha', src: (language) => `https://www.google.com/recaptcha/api.js?render=explicit&hl=${language}` },
  hcaptcha: { global: 'hcaptcha', src: (language) => `https://js.hcaptcha.com/1/api.js?render=explicit&recaptchacompat=off&hl=${language}` },
  turnstile: { global: 'turnstile', src: () => 'https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit' },
};

function apiOf(provider: ThirdPartyProvider): ProviderApi | undefined {
  const api = (globalThis as Record<string, unknown>)[PROVIDER_SCRIPTS[provider].global] as Partial<ProviderApi> | undefined;
  return typeof api?.render === 'function' && typeof api.reset === 'function' ? (api as ProviderApi) : undefined;
}

const loading = new Map<ThirdPartyProvider, Promise<ProviderApi>>();

/** How long to wait for a provider's script before telling the citizen it did not load. */
const SCRIPT_TIMEOUT_MS = 20_000;

/**
 * The provider's API, loading its script once per page (in the document's head: the providers
 * look for themselves there). A page that already loaded it, or a test double behind the same
 * global, is used as it is.
 */
export function loadProvider(provider: ThirdPartyProvider, language: string): Promise<ProviderApi> {
  const ready = apiOf(provider);
  if (ready) return Promise.resolve(ready);
  let promise = loading.get(provider);
  if (!promise) {
    promise = new Promise<ProviderApi>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = PROVIDER_SCRIPTS[provider].src(language);
      script.async = true;
      script.defer = true;
      script.dataset.mpdCaptcha = provider;
      const started = Date.now();
      const poll = () => {
        const api = apiOf(provider);
        // Each script defines its global a moment after `load` (reCAPTCHA through `ready`).
        if (api) resolve(api);
        else if (Date.now() - started > SCRIPT_TIMEOUT_MS) reject(new Error(`${provider} did not load`));
        else setTimeout(poll, 100);
      };
      script.addEventListener('load', poll);
      script.addEventListener('error', () => reject(new Error(`${provider} script failed`)));
      document.head.append(script);
    });
    // A failed load may be retried later (the citizen's connection came back).
    promise.catch(() => loading.delete(provider));
    loading.set(provider, promise);
  }
  return promise;
}
