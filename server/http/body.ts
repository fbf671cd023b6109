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
  try {
    return await c.req.json();
  } catch {
    throw new ProblemError('request.malformed', { detail: 'El cuerpo enviado no es JSON válido.' });
  }
}
