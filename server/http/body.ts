/** Reading a JSON request body, the same way on every route that takes one. */
import type { Context } from 'hono';
import { ProblemError } from './problems.ts';

/**
 * The parsed JSON body; a `request.malformed` problem when the Content-Type is not JSON (or a
 * `+json` type) or the body does not parse. `what` names the body in the Spanish detail
 * ("la solicitud", "la consulta", "los datos").
 */
export async function readJsonBody(c: Context, what = 'la solicitud'): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new ProblemError('request.malformed', { detail: `Envíe ${what} como JSON (Content-Type: application/json).` });
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ProblemError('request.malformed', { detail: 'El cuerpo enviado no es JSON válido.' });
  }
  if (nestedDeeperThan(body, MAX_JSON_DEPTH)) {
    throw new ProblemError('request.malformed', { detail: `El JSON enviado está anidado a más de ${MAX_JSON_DEPTH} niveles; ningún formulario de la mesa de partes envía algo así.` });
  }
  return body;
}

/**
 * The deepest nesting a body may have. The desk's bodies go four or five levels deep; a body
 * nested thousands of levels (a few KB of `[[[[`) parses, but every recursive walk over it after
 * (hashing it for the idempotency key, validating it) overflows the stack.
 */
export const MAX_JSON_DEPTH = 32;

/** Whether a parsed JSON value nests objects or arrays more than `max` levels; without recursion. */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth > max) return true;
    for (const member of Object.values(item)) pending.push([member, depth + 1]);
  }
  return false;
}
