/**
 * `DeskBackend` over the published HTTP contract (openapi.json).
 */
import type { IdentityDocumentType } from '../domain/identity.ts';
import {
  BackendError,
  type AltchaChallenge,
  type CitizenSession,
  type MyRequestChanges,
  type MyRequestSummary,
  type OrganizationLookup,
  type PersonLookup,
  type VerificationCodeSent,
  type VerificationToken,
  type CaptchaOptions,
  type CaptchaPlace,
  type CorrectionCase,
  type CorrectionReceipt,
  type CorrectionSubmission,
  type DeskBackend,
  type FilingSubmission,
  type Problem,
  type Receipt,
  type RequestDownload,
  type Tracking,
  type UploadGrant,
  type UploadGrantPurpose,
} from './types.ts';

function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** The captcha's answer travels in a header, outside the body an idempotency key hashes. */
/** Sessions travel as a header, not a cookie: the widget lives on other sites' pages. */
function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

function captchaHeader(options?: CaptchaOptions): Record<string, string> {
  return options?.captcha ? { 'captcha-response': options.captcha } : {};
}

const PROBLEM_MEMBERS = new Set(['type', 'title', 'status', 'code', 'detail', 'instance', 'errors', 'receipt']);

/**
 * A problem's members beyond the standard ones and ours (`attemptsLeft`, `resendAfter`…), and
 * the `Retry-After` header (in seconds) as `retryAfterSeconds`: a 429 says when to try again.
 */
function extensionsOf(problem: object, response: Response): Record<string, unknown> {
  const extensions: Record<string, unknown> = Object.fromEntries(Object.entries(problem).filter(([name]) => !PROBLEM_MEMBERS.has(name)));
  const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
  if (Number.isFinite(retryAfter) && retryAfter >= 0) extensions['retryAfterSeconds'] = retryAfter;
  return extensions;
}

export class HttpDeskBackend implements DeskBackend {
  readonly uploadEndpoint: string;

  constructor(
    readonly baseUrl: string,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {
    this.uploadEndpoint = joinUrl(baseUrl, 'uploads/');
  }

  async submitFiling(filing: FilingSubmission, idempotencyKey: string, signal?: AbortSignal, options?: CaptchaOptions): Promise<Receipt> {
    return this.request<Receipt>('filings', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey, ...captchaHeader(options) },
      body: JSON.stringify(filing),
      signal,
    });
  }

  async serverTime(signal?: AbortSignal): Promise<Date> {
    const { now } = await this.request<{ now: string }>('time', { signal });
    return new Date(now);
  }

  async trackRequest(requestNumber: string, documentNumber: string, signal?: AbortSignal, options?: CaptchaOptions): Promise<Tracking> {
    return this.request<Tracking>('tracking', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...captchaHeader(options) },
      body: JSON.stringify({ requestNumber, documentNumber }),
      signal,
    });
  }

  async downloadReceipt(download: RequestDownload, signal?: AbortSignal): Promise<Blob> {
    const { requestNumber, documentNumber, downloadToken } = download;
    const response = await this.send('receipts', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/pdf, application/problem+json' },
      body: JSON.stringify({ requestNumber, documentNumber, downloadToken }),
      signal,
    });
    if (!response.ok) throw await this.failure(response);
    const bytes = await response.arrayBuffer();
    return new Blob([bytes], { type: 'application/pdf' });
  }

  async lookupCorrection(requestNumber: string, documentNumber: string, signal?: AbortSignal, options?: CaptchaOptions): Promise<CorrectionCase> {
    return this.request<CorrectionCase>('corrections/lookup', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...captchaHeader(options) },
      body: JSON.stringify({ requestNumber, documentNumber }),
      signal,
    });
  }

  async submitCorrection(
    submission: CorrectionSubmission,
    idempotencyKey: string,
    signal?: AbortSignal,
    options?: CaptchaOptions,
  ): Promise<CorrectionReceipt> {
    return this.request<CorrectionReceipt>('corrections', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey, ...captchaHeader(options) },
      body: JSON.stringify(submission),
      signal,
    });
  }

  // ── Captcha, email code, look-ups, "Mis trámites" ───────────────────────────────────────

  async createUploadGrant(purpose: UploadGrantPurpose, options?: CaptchaOptions, signal?: AbortSignal): Promise<UploadGrant> {
    return this.postJson<UploadGrant>('upload-grants', { purpose }, signal, captchaHeader(options));
  }

  async captchaChallenge(place: CaptchaPlace, signal?: AbortSignal): Promise<AltchaChallenge> {
    return this.request<AltchaChallenge>(`captcha/challenge?place=${encodeURIComponent(place)}`, { signal });
  }

  async requestVerificationCode(email: string, options?: CaptchaOptions, signal?: AbortSignal): Promise<VerificationCodeSent> {
    return this.postJson<VerificationCodeSent>('verification/codes', { email }, signal, captchaHeader(options));
  }

  async confirmVerificationCode(email: string, code: string, signal?: AbortSignal): Promise<VerificationToken> {
    return this.postJson<VerificationToken>('verification/tokens', { email, code }, signal);
  }

  // POST, so identity document numbers stay out of URLs and access logs.
  async lookupPerson(dni: string, signal?: AbortSignal): Promise<PersonLookup> {
    return this.postJson<PersonLookup>('lookups/person', { dni }, signal);
  }

  async lookupOrganization(ruc: string, signal?: AbortSignal): Promise<OrganizationLookup> {
    return this.postJson<OrganizationLookup>('lookups/organization', { ruc }, signal);
  }

  async signInWithEmailCode(
    input: { email: string; code: string; documentType: IdentityDocumentType; documentNumber: string },
    signal?: AbortSignal,
  ): Promise<CitizenSession> {
    return this.postJson<CitizenSession>('sessions', input, signal);
  }

  async signInWithOidc(input: { code: string; codeVerifier: string; redirectUri: string }, signal?: AbortSignal): Promise<CitizenSession> {
    return this.postJson<CitizenSession>('sessions/oidc', input, signal);
  }

  async signOut(token: string, signal?: AbortSignal): Promise<void> {
    await this.request<void>('sessions/current', { method: 'DELETE', headers: bearer(token), signal });
  }

  async listMyRequests(token: string, signal?: AbortSignal): Promise<MyRequestSummary[]> {
    const { items } = await this.request<{ items: MyRequestSummary[] }>('my/requests', { headers: bearer(token), signal });
    return items;
  }

  async updateMyRequest(token: string, requestNumber: string, changes: MyRequestChanges, signal?: AbortSignal): Promise<MyRequestSummary> {
    return this.request<MyRequestSummary>(`my/requests/${encodeURIComponent(requestNumber)}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...bearer(token) },
      body: JSON.stringify(changes),
      signal,
    });
  }

  async cancelMyRequest(token: string, requestNumber: string, reason: string | null, signal?: AbortSignal): Promise<MyRequestSummary> {
    return this.postJson<MyRequestSummary>(`my/requests/${encodeURIComponent(requestNumber)}/cancel`, { reason }, signal, bearer(token));
  }

  private postJson<T>(path: string, body: unknown, signal?: AbortSignal, headers: Record<string, string> = {}): Promise<T> {
    return this.request<T>(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal });
  }

  private async send(path: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchImpl(joinUrl(this.baseUrl, path), {
        ...init,
        headers: { accept: 'application/json, application/problem+json', ...init.headers },
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new BackendError(0, 'network.unreachable', (error as Error).message);
    }
  }

  private async failure(response: Response): Promise<BackendError> {
    const body = await response.text();
    let problem: Partial<Problem> = {};
    try {
      problem = JSON.parse(body) as Problem;
    } catch {
      // A proxy's HTML error page: keep the status, the message comes from the catalog.
    }
    return new BackendError(
      response.status,
      problem.code ?? (response.status >= 500 ? 'server.error' : 'request.failed'),
      problem.detail ?? problem.title ?? response.statusText,
      problem.errors ?? [],
      problem.receipt,
      extensionsOf(problem, response),
    );
  }

  private async request<T>(path: string, init: RequestInit): Promise<T> {
    const response = await this.send(path, init);
    if (!response.ok) throw await this.failure(response);
    const body = await response.text();
    return (body === '' ? undefined : JSON.parse(body)) as T;
  }
}
