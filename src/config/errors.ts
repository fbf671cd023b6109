/**
 * Turns schema issues into messages a webmaster can act on: the JSON path that is wrong and
 * what was expected, in plain Spanish (GOV.UK Frontend's "config checked against a schema with
 * typed errors", applied to a JSON file).
 */
import type * as v from 'valibot';

export type ConfigErrorCode = 'config.fetch' | 'config.json' | 'config.schema' | 'config.rule';

export interface ConfigError {
  code: ConfigErrorCode;
  /** JSON path such as `attachments.annexes.sizeBySlot[0].maxSizeMB`; '' for the whole file. */
  path: string;
  message: string;
}

export function jsonPath(keys: ReadonlyArray<string | number>): string {
  return keys
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`))
    .join('');
}

const TYPE_NAMES: Record<string, string> = {
  string: 'un texto',
  number: 'un número',
  boolean: 'true o false',
  array: 'una lista [ … ]',
  object: 'un objeto { … }',
  strict_object: 'un objeto { … }',
  record: 'un objeto { … }',
  literal: 'un valor fijo',
};

function describeReceived(received: string): string {
  return received === 'undefined' ? 'nada' : received;
}

/** Messages written in the schema are already for webmasters; valibot's own start with "Invalid". */
function isOwnMessage(message: string): boolean {
  return !/^Invalid \w+:/.test(message);
}

export function describeIssue(issue: v.BaseIssue<unknown>): ConfigError {
  const keys = (issue.path ?? []).map((item) => item.key as string | number);
  const path = jsonPath(keys);
  const received = describeReceived(issue.received);
  let message: string;
  if ((issue.type === 'strict_object' || issue.type === 'object') && issue.expected === 'never') {
    message = `«${String(keys.at(-1))}» no es un dato conocido aquí: revise si está bien escrito o quítelo`;
  } else if (issue.received === 'undefined' && keys.length > 0 && issue.kind === 'schema' && /object$/.test(issue.type)) {
    message = 'falta este dato obligatorio';
  } else if (isOwnMessage(issue.message)) {
    message = `${issue.message} (se recibió ${received})`;
  } else if (issue.type === 'picklist' || issue.type === 'variant') {
    const choices = (issue.expected ?? '').replace(/[()]/g, '').split(' | ').join(', ');
    message = `use uno de: ${choices} (se recibió ${received})`;
  } else if (issue.kind === 'schema') {
    message = `debe ser ${TYPE_NAMES[issue.type] ?? issue.expected} (se recibió ${received})`;
  } else {
    message = `no cumple la regla ${issue.type} ${issue.expected ?? ''} (se recibió ${received})`.replace(/\s+/g, ' ');
  }
  return { code: 'config.schema', path, message };
}

/** One readable block, e.g. for the element's message to the webmaster or the CLI. */
export function formatConfigErrors(errors: readonly ConfigError[]): string {
  return errors.map((error) => `• ${error.path || '(archivo)'}: ${error.message}`).join('\n');
}

export class AgencyConfigError extends Error {
  constructor(readonly errors: readonly ConfigError[]) {
    super(`Configuración de la mesa de partes no válida:\n${formatConfigErrors(errors)}`);
    this.name = 'AgencyConfigError';
  }
}
