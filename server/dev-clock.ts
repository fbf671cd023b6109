/**
 * `GET /dev/clock` and `PUT /dev/clock` `{ "now": "<ISO instant>" }`: reading and placing the
 * server's clock, for end-to-end tests (a correction deadline that passes, NO PRESENTADO). Mounted
 * by server/main.ts only with MPD_TEST_CLOCK=1: never by default, never because of MPD_DEMO, as
 * anyone reaching the server could otherwise move the time every deadline is judged by.
 */
import type { Env, Hono } from 'hono';
import type { OffsetClock } from './clock.ts';
import { readJsonBody } from './http/body.ts';
import { ProblemError } from './http/problems.ts';

export function mountDevClock<E extends Env>(app: Hono<E>, clock: OffsetClock): void {
  app.get('/dev/clock', (c) => {
    c.header('cache-control', 'no-store');
    return c.json({ now: clock.now().toISOString() });
  });
  app.put('/dev/clock', async (c) => {
    const body = await readJsonBody(c, 'la hora');
    const now = typeof body === 'object' && body !== null ? (body as { now?: unknown }).now : undefined;
    if (typeof now !== 'string' || Number.isNaN(Date.parse(now))) {
      throw new ProblemError('request.malformed', { detail: 'Envíe { "now": "<instante ISO 8601>" }, por ejemplo "2026-03-20T05:00:00Z".' });
    }
    clock.set(now);
    c.header('cache-control', 'no-store');
    return c.json({ now: clock.now().toISOString() });
  });
}
