/**
 * Reading an agency config from any of the places a host page may put it. Nothing here throws
 * for a bad config: callers get every problem at once, so a webmaster fixes the file in one go.
 */
import * as v from 'valibot';
import { checkConfigRules } from './checks.ts';
import { AgencyConfigError, describeIssue, type ConfigError } from './errors.ts';
import { AgencyConfigSchema, type AgencyConfig } from './schema.ts';

export type ConfigResult = { ok: true; config: AgencyConfig } | { ok: false; errors: ConfigError[] };

export function parseAgencyConfig(input: unknown): ConfigResult {
  const parsed = v.safeParse(AgencyConfigSchema, input, { abortEarly: false });
  if (!parsed.success) return { ok: false, errors: parsed.issues.map(describeIssue) };
  const errors = checkConfigRules(parsed.output);
  return errors.length ? { ok: false, errors } : { ok: true, config: parsed.output };
}

export function parseAgencyConfigText(text: string): ConfigResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      errors: [{ code: 'config.json', path: '', message: `el archivo no es JSON válido: ${(error as Error).message}` }],
    };
  }
  return parseAgencyConfig(json);
}

export async function fetchAgencyConfig(url: string | URL, fetchImpl: typeof fetch = fetch): Promise<ConfigResult> {
  let response: Response;
  try {
    response = await fetchImpl(url, { headers: { accept: 'application/json' } });
  } catch (error) {
    return {
      ok: false,
      errors: [{ code: 'config.fetch', path: '', message: `no se pudo descargar ${String(url)}: ${(error as Error).message}` }],
    };
  }
  if (!response.ok) {
    return {
      ok: false,
      errors: [{ code: 'config.fetch', path: '', message: `no se pudo descargar ${String(url)} (HTTP ${response.status})` }],
    };
  }
  return parseAgencyConfigText(await response.text());
}

/** For code that cannot go on without a config (the server at start-up). */
export function assertAgencyConfig(input: unknown): AgencyConfig {
  const result = parseAgencyConfig(input);
  if (!result.ok) throw new AgencyConfigError(result.errors);
  return result.config;
}
