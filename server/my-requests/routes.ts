/**
 * "Mis trámites" (Bearer session from server/sessions):
 *
 *   GET   /api/{agencyId}/my/requests                    → {items: MyRequestSummary[]}, newest first
 *   PATCH /api/{agencyId}/my/requests/{number}           MyRequestChanges (+ emailToken for a new email) → MyRequestSummary
 *   POST  /api/{agencyId}/my/requests/{number}/cancel    {reason} → MyRequestSummary
 */
import type { Context, Env, Hono } from 'hono';
import type { AgencyConfig } from '../../src/config/schema.ts';
import type { Clock } from '../clock.ts';
import type { DeskDatabase } from '../db/schema.ts';
import { readJsonBody } from '../http/body.ts';
import { ProblemError } from '../http/problems.ts';
import { queryBodyLimit } from '../tracking/routes.ts';
import { requireAccounts, type CitizenSessions } from '../sessions/sessions.ts';
import { MyRequests, readChanges } from './my-requests.ts';

export interface MyRequestRouteOptions {
  db: DeskDatabase;
  clock: Clock;
  configOf: (agencyId: string) => AgencyConfig | undefined;
  sessions: CitizenSessions;
}

export function mountMyRequests<E extends Env>(app: Hono<E>, options: MyRequestRouteOptions): void {
  const desks = new Map<string, MyRequests>();
  const open = async (c: Context) => {
    const config = options.configOf(c.req.param('agencyId') ?? '')!;
    requireAccounts(config);
    const session = await options.sessions.current(c, config);
    let desk = desks.get(config.id);
    if (!desk) desks.set(config.id, (desk = new MyRequests(config, options.db, options.clock)));
    c.header('cache-control', 'no-store');
    return { desk, session };
  };

  app.get('/api/:agencyId/my/requests', async (c) => {
    const { desk, session } = await open(c);
    return c.json({ items: await desk.list(session) });
  });

  app.patch('/api/:agencyId/my/requests/:number', queryBodyLimit(), async (c) => {
    const { desk, session } = await open(c);
    const { changes, emailToken } = readChanges(await readJsonBody(c, 'los cambios'));
    return c.json(await desk.update(session, c.req.param('number'), changes, emailToken));
  });

  app.post('/api/:agencyId/my/requests/:number/cancel', queryBodyLimit(), async (c) => {
    const { desk, session } = await open(c);
    const body = await readJsonBody(c, 'la anulación');
    const reason = typeof body === 'object' && body !== null ? (body as { reason?: unknown }).reason : undefined;
    if (reason !== undefined && reason !== null && typeof reason !== 'string') {
      throw new ProblemError('request.malformed', { detail: 'El motivo debe ser un texto (o null).' });
    }
    return c.json(await desk.cancel(session, c.req.param('number'), reason as string | null | undefined));
  });
}
