/**
 * The citizen's correction routes: `POST /api/{agencyId}/corrections/lookup` (the observed
 * request as the correction panel shows it) and `POST /api/{agencyId}/corrections` (the
 * replacements, with an `Idempotency-Key`). Both find the request exactly as tracking does (same
 * 400 and byte-identical 404), and both settle a deadline that passed before answering.
 *
 * The agency middleware of app.ts has already refused unknown agencies when these run.
 */
import type { Env, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AgencyConfig } from '../../src/config/schema.ts';
import type { CaptchaGate } from '../captcha/captcha.ts';
import type { Clock } from '../clock.ts';
import type { DeskDatabase } from '../db/schema.ts';
import { readJsonBody } from '../http/body.ts';
import { requireIdempotencyKey } from '../http/idempotency.ts';
import { makeProblem, ProblemError, problemResponse } from '../http/problems.ts';
import { findForCitizen, queryBodyLimit, readQuery } from '../tracking/routes.ts';
import { CorrectionDesk, readCorrectionShape } from './correction-desk.ts';

/**
 * How correction-desk.ts stores correction keys in `idempotency_keys` (its `KEY_PREFIX`, not
 * exported there): a retry with a key already answered needs no new captcha.
 * test/server/captcha.test.ts replays a correction, so a change there fails a test here.
 */
const CORRECTION_KEY_PREFIX = 'correction:';

export interface CorrectionRoutesOptions {
  db: DeskDatabase;
  clock: Clock;
  /** The config of a known agency id. */
  configOf: (agencyId: string) => AgencyConfig | undefined;
  /** The captcha of both routes (place `correction`); none: no captcha asked. */
  captcha?: CaptchaGate;
  /** Runs before the captcha of both routes (each finds a request): the per-address limit (server/http/citizen-limits.ts). */
  lookupLimit?: MiddlewareHandler;
}

/** A correction is a few document references; anything far larger is not one. */
const MAX_SUBMISSION_BYTES = 64 * 1024;

export function mountCorrections<E extends Env>(app: Hono<E>, options: CorrectionRoutesOptions): void {
  const desks = new Map<string, CorrectionDesk>();
  const deskOf = (agencyId: string) => {
    const config = options.configOf(agencyId);
    if (!config) throw new ProblemError('agency.notFound');
    let desk = desks.get(agencyId);
    if (!desk) desks.set(agencyId, (desk = new CorrectionDesk(config, options.db, options.clock)));
    return { config, desk };
  };

  const pass: MiddlewareHandler = (_c, next) => next();
  const lookupLimit = options.lookupLimit ?? pass;
  const lookupCaptcha = options.captcha?.requireCaptcha('correction') ?? pass;
  // A retry of a correction that went through (same Idempotency-Key) needs no new captcha.
  const submitCaptcha = options.captcha?.requireCaptcha('correction', { idempotencyPrefix: CORRECTION_KEY_PREFIX }) ?? pass;

  app.post('/api/:agencyId/corrections/lookup', queryBodyLimit(), lookupLimit, lookupCaptcha, async (c) => {
    const { config, desk } = deskOf(c.req.param('agencyId') ?? '');
    const query = await readQuery(c);
    if (query instanceof Response) return query;
    const found = await findForCitizen(options, config, query);
    if ('response' in found) return found.response;
    c.header('cache-control', 'no-store');
    return c.json(await desk.caseOf(found.request));
  });

  app.post(
    '/api/:agencyId/corrections',
    bodyLimit({
      maxSize: MAX_SUBMISSION_BYTES,
      onError: () => problemResponse(makeProblem('request.tooLarge', { detail: 'Los datos de la subsanación son demasiado grandes.' })),
    }),
    lookupLimit,
    submitCaptcha,
    async (c) => {
      const { config, desk } = deskOf(c.req.param('agencyId') ?? '');
      const key = requireIdempotencyKey(c.req.header('idempotency-key'));
      const body = await readJsonBody(c, 'la subsanación');
      const submission = readCorrectionShape(body);
      const found = await findForCitizen(options, config, submission);
      if ('response' in found) return found.response;
      c.header('cache-control', 'no-store');
      const result = await desk.submit(key, body, submission, found.request);
      if (result.replayed) c.header('idempotent-replayed', 'true');
      return c.json(result.receipt, 201);
    },
  );
}
