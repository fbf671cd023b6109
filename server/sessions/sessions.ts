/**
 * Citizen sessions ("Mis trámites"): opaque tokens sent as `Authorization: Bearer …` (never a
 * cookie: the widget lives on other sites' pages, and a header cannot be sent by a forged form,
 * so there is no CSRF to defend against). Only the token's SHA-256 is stored, with the agency, the
 * email and, when the sign-in gave one, the identity document it is bound to.
 *
 * A session ends 2 hours after its last use or 12 hours after sign-in, whichever comes first,
 * or when signed out; an ended session answers 401 `session.expired`.
 */
import type { Context } from 'hono';
import type { CitizenSession } from '../../src/api/types.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import type { IdentityDocumentType } from '../../src/domain/identity.ts';
import type { Clock } from '../clock.ts';
import type { CitizenSessionsTable, DeskDatabase } from '../db/schema.ts';
import { ProblemError } from '../http/problems.ts';
import { newSecret, secretHash } from '../verification/options.ts';

export const SESSION_IDLE_MS = 2 * 3_600_000;
export const SESSION_ABSOLUTE_MS = 12 * 3_600_000;

export interface SessionIdentity {
  /** As the citizen wrote it or the provider gave it; kept lowercased. */
  email: string;
  method: CitizenSession['method'];
  documentType?: IdentityDocumentType;
  documentNumber?: string;
  name?: string;
}

export function accountDisabled(): ProblemError {
  return new ProblemError('account.disabled', { detail: 'Esta mesa de partes no ofrece «Mis trámites».' });
}

/** Refuses agencies without "Mis trámites". */
export function requireAccounts(config: AgencyConfig): void {
  if (!config.account.myRequests) throw accountDisabled();
}

export class CitizenSessions {
  constructor(
    private readonly db: DeskDatabase,
    private readonly clock: Clock,
  ) {}

  async open(config: AgencyConfig, identity: SessionIdentity): Promise<CitizenSession> {
    const now = this.clock.now();
    const token = newSecret();
    const absolute = new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString();
    await this.db
      .insertInto('citizen_sessions')
      .values({
        token_hash: secretHash(token),
        agency_id: config.id,
        email: identity.email.trim().toLowerCase(),
        method: identity.method,
        document_type: identity.documentType ?? null,
        document_number: identity.documentNumber ?? null,
        name: identity.name ?? null,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: absolute,
        revoked_at: null,
      })
      .execute();
    return {
      token,
      expiresAt: new Date(Math.min(now.getTime() + SESSION_IDLE_MS, Date.parse(absolute))).toISOString(),
      email: identity.email.trim(),
      method: identity.method,
      ...(identity.documentType && { documentType: identity.documentType }),
      ...(identity.documentNumber && { documentNumber: identity.documentNumber }),
      ...(identity.name && { name: identity.name }),
    };
  }

  /** The live session of the request's Bearer token (and marks it used), or 401 `session.expired`. */
  async current(c: Context, config: AgencyConfig): Promise<CitizenSessionsTable> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    if (!match) throw expired('Ingrese a «Mis trámites» para continuar.');
    const now = this.clock.now();
    const row = await this.db
      .selectFrom('citizen_sessions')
      .selectAll()
      .where('token_hash', '=', secretHash(match[1]!))
      .where('agency_id', '=', config.id)
      .executeTakeFirst();
    if (!row || row.revoked_at !== null || Date.parse(row.expires_at) <= now.getTime() || Date.parse(row.last_seen_at) + SESSION_IDLE_MS <= now.getTime()) {
      throw expired('Su sesión terminó. Vuelva a ingresar; lo que escribió no se perdió.');
    }
    await this.db.updateTable('citizen_sessions').set({ last_seen_at: now.toISOString() }).where('token_hash', '=', row.token_hash).execute();
    return row;
  }

  async revoke(session: CitizenSessionsTable): Promise<void> {
    await this.db.updateTable('citizen_sessions').set({ revoked_at: this.clock.now().toISOString() }).where('token_hash', '=', session.token_hash).execute();
  }
}

function expired(detail: string): ProblemError {
  return new ProblemError('session.expired', { detail });
}
