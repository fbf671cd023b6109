// Shared by the email-code and "Mis trámites" element tests: an in-test DeskBackend with the
// account calls (codes, sessions, the citizen's requests), which answers and fails the way the
// contract in src/api/types.ts says, and records what it was asked.
import { BackendError, type CitizenSession, type MyRequestChanges, type MyRequestSummary, type VerificationCodeSent, type VerificationToken } from '../../src/api/types.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import type { IdentityDocumentType } from '../../src/domain/identity.ts';
import { FakeBackend, agency } from './filing-form.fixtures.ts';

export { $, $$, agency, text, typeInto, waitFor } from './filing-form.fixtures.ts';

export type AccountCall = 'requestVerificationCode' | 'confirmVerificationCode' | 'signInWithEmailCode' | 'listMyRequests' | 'updateMyRequest' | 'cancelMyRequest' | 'signOut' | 'signInWithOidc';

export const EMAIL = 'ana.quispe@example.pe';
export const DNI = '10117410';
export const RIGHT_CODE = '246810';

export function pendingRequest(overrides: Partial<MyRequestSummary> = {}): MyRequestSummary {
  return {
    requestNumber: 'INPE-2026-000012',
    status: 'RECIBIDO',
    statusLabel: 'RECIBIDO',
    subject: 'Solicito copia certificada de mi expediente.',
    receivedAt: '2026-07-24T15:00:00.000Z',
    deemedFiledDate: '2026-07-24',
    canUpdate: true,
    canCancel: true,
    documentNumber: 'CARTA 005-2026',
    email: EMAIL,
    phone: '987654321',
    ...overrides,
  };
}

export function attendedRequest(): MyRequestSummary {
  return pendingRequest({
    requestNumber: 'INPE-2026-000007',
    status: 'ATENDIDO',
    statusLabel: 'ATENDIDO',
    subject: 'Solicito constancia de reclusión.',
    receivedAt: '2026-07-01T15:00:00.000Z',
    canUpdate: false,
    canCancel: false,
  });
}

export class AccountBackend extends FakeBackend {
  readonly log: Array<{ call: AccountCall; args: unknown[] }> = [];
  readonly sessions = new Set<string>();
  requests: MyRequestSummary[] = [pendingRequest(), attendedRequest()];
  /** Seconds from now of `resendAfter` and `expiresAt`. */
  resendAfterSeconds = 60;
  private readonly planned = new Map<AccountCall, unknown[]>();
  private sessionCount = 0;

  constructor(config: AgencyConfig = agency('inpe')) {
    super(config);
  }

  /** The next `call` throws `error` instead of answering. */
  failNextCall(call: AccountCall, error: unknown): void {
    this.planned.set(call, [...(this.planned.get(call) ?? []), error]);
  }

  callsOf(call: AccountCall): unknown[][] {
    return this.log.filter((entry) => entry.call === call).map((entry) => entry.args);
  }

  /** Ends every session, as the server does when they expire. */
  expireSessions(): void {
    this.sessions.clear();
  }

  private record(call: AccountCall, ...args: unknown[]): void {
    this.log.push({ call, args: structuredClone(args) });
    const errors = this.planned.get(call);
    if (errors?.length) throw errors.shift();
  }

  private checkSession(token: string): void {
    if (!this.sessions.has(token)) throw new BackendError(401, 'session.expired', 'Su sesión terminó');
  }

  private checkCode(code: string): void {
    if (code !== RIGHT_CODE) throw new BackendError(422, 'verification.wrongCode', 'Código incorrecto', [], undefined, { attemptsLeft: 2 });
  }

  async requestVerificationCode(email: string, options?: { captcha?: string }): Promise<VerificationCodeSent> {
    this.record('requestVerificationCode', email, options ?? null);
    const now = Date.now();
    return {
      expiresAt: new Date(now + 600_000).toISOString(),
      resendAfter: new Date(now + this.resendAfterSeconds * 1000).toISOString(),
    };
  }

  async confirmVerificationCode(email: string, code: string): Promise<VerificationToken> {
    this.record('confirmVerificationCode', email, code);
    this.checkCode(code);
    return { token: `token-for-${email}`, email, expiresAt: new Date(Date.now() + 1_800_000).toISOString() };
  }

  private newSession(email: string, method: CitizenSession['method'], documentType?: IdentityDocumentType, documentNumber?: string): CitizenSession {
    const token = `session-${++this.sessionCount}`;
    this.sessions.add(token);
    return {
      token,
      email,
      method,
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      ...(documentType && { documentType }),
      ...(documentNumber && { documentNumber }),
    };
  }

  async signInWithEmailCode(input: { email: string; code: string; documentType: IdentityDocumentType; documentNumber: string }): Promise<CitizenSession> {
    this.record('signInWithEmailCode', input);
    this.checkCode(input.code);
    return this.newSession(input.email, 'email-code', input.documentType, input.documentNumber);
  }

  async signInWithOidc(input: { code: string; codeVerifier: string; redirectUri: string }): Promise<CitizenSession> {
    this.record('signInWithOidc', input);
    return this.newSession('ana.oidc@example.pe', 'oidc');
  }

  async signOut(token: string): Promise<void> {
    this.record('signOut', token);
    this.sessions.delete(token);
  }

  async listMyRequests(token: string): Promise<MyRequestSummary[]> {
    this.record('listMyRequests', token);
    this.checkSession(token);
    return structuredClone(this.requests);
  }

  private owned(number: string): MyRequestSummary {
    const request = this.requests.find((item) => item.requestNumber === number);
    if (!request) throw new BackendError(404, 'request.notFound', 'No encontramos la solicitud');
    if (!request.canUpdate) throw new BackendError(409, 'request.illegalTransition', 'Ya no está pendiente');
    return request;
  }

  async updateMyRequest(token: string, number: string, changes: MyRequestChanges): Promise<MyRequestSummary> {
    this.record('updateMyRequest', token, number, changes);
    this.checkSession(token);
    const request = this.owned(number);
    Object.assign(request, changes);
    return structuredClone(request);
  }

  async cancelMyRequest(token: string, number: string, reason: string | null): Promise<MyRequestSummary> {
    this.record('cancelMyRequest', token, number, reason);
    this.checkSession(token);
    const request = this.owned(number);
    Object.assign(request, { status: 'ANULADO', statusLabel: 'ANULADO', canUpdate: false, canCancel: false });
    return structuredClone(request);
  }
}
