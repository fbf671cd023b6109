/**
 * `DeskBackend` over the published HTTP contract (openapi.json).
 */
import {
  BackendError,
  type CorrectionCase,
  type CorrectionReceipt,
  type CorrectionSubmission,
  type DeskBackend,
  type FilingSubmission,
  type Problem,
  type Receipt,
  type Tracking,
} from './types.ts';

function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

export class HttpDeskBackend implements DeskBackend {
  readonly uploadEndpoint: string;

  constructor(
    readonly baseUrl: string,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {
    this.uploadEndpoint = joinUrl(baseUrl, 'uploads/');
  }

  async submitFiling(filing: FilingSubmission, idempotencyKey: string, signal?: AbortSignal): Promise<Receipt> {
    return this.request<Receipt>('filings', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(filing),
      signal,
    });
  }

  async serverTime(signal?: AbortSignal): Promise<Date> {
    const { now } = await this.request<{ now: string }>('time', { signal });
    return new Date(now);
  }

  async trackRequest(requestNumber: string, documentNumber: string, signal?: AbortSignal): Promise<Tracking> {
    return this.request<Tracking>('tracking', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requestNumber, documentNumber }),
      signal,
    });
  }

  async downloadReceipt(requestNumber: string, documentNumber: string, signal?: AbortSignal): Promise<Blob> {
    const response = await this.send('receipts', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/pdf, application/problem+json' },
      body: JSON.stringify({ requestNumber, documentNumber }),
      signal,
    });
    if (!response.ok) throw await this.failure(response);
    const bytes = await response.arrayBuffer();
    return new Blob([bytes], { type: 'application/pdf' });
  }

  async lookupCorrection(requestNumber: string, documentNumber: string, signal?: AbortSignal): Promise<CorrectionCase> {
    return this.request<CorrectionCase>('corrections/lookup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requestNumber, documentNumber }),
      signal,
    });
  }

  async submitCorrection(submission: CorrectionSubmission, idempotencyKey: string, signal?: AbortSignal): Promise<CorrectionReceipt> {
    return this.request<CorrectionReceipt>('corrections', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(submission),
      signal,
    });
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
    );
  }

  private async request<T>(path: string, init: RequestInit): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchImpl(joinUrl(this.baseUrl, path), {
        ...init,
        headers: { accept: 'application/json, application/problem+json', ...init.headers },
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new BackendError(0, 'network.unreachable', (error as Error).message);
    }
    const body = await response.text();
    if (response.ok) return JSON.parse(body) as T;
    let problem: Partial<Problem> = {};
    try {
      problem = JSON.parse(body) as Problem;
    } catch {
      // A proxy's HTML error page: keep the status, the message comes from the catalog.
    }
    throw new BackendError(
      response.status,
      problem.code ?? (response.status >= 500 ? 'server.error' : 'request.failed'),
      problem.detail ?? problem.title ?? response.statusText,
      problem.errors ?? [],
      problem.receipt,
    );
  }
}
