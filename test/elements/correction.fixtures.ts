// The observed request the correction panel tests (and the accessibility checks) open.
import type { CorrectionCase, CorrectionReceipt, CorrectionSubmission, ObservedDocument } from '../../src/api/types.ts';

/** The server's clock in these cases: Monday 23 November 2026, 08:59 in Lima. */
export const NOW = '2026-11-23T13:59:00.000Z';

export const MAIN: ObservedDocument = {
  slot: 'main',
  index: 0,
  label: 'Documento principal',
  name: 'test.pdf',
  note: 'Está faltando incluir los datos del pedido.',
};
export const ANNEX_2: ObservedDocument = { slot: 'annex', index: 2, label: 'Anexo 2', name: 'anexo-2.pdf', note: 'El anexo no está firmado.' };

/** An observed request as the server answers it (observed on Friday 20; deadline Tuesday 24, 23:59). */
export function observedCase(patch: Partial<CorrectionCase> = {}): CorrectionCase {
  return {
    requestNumber: '16-2026',
    status: 'OBSERVADO',
    statusLabel: 'OBSERVADO',
    state: 'open',
    procedure: { id: 'reconocimiento-deuda', name: 'SOLICITUD DE RECONOCIMIENTO DE DEUDA' },
    subject: 'Solicito el reconocimiento de deuda',
    applicant: { name: 'JUAN PEREZ PEREZ', documentType: 'DNI', documentNumber: '11111111', emailHint: 'j•••••z@micorreo.com' },
    organization: { ruc: '20538298485', name: 'EMPRESA DEMO S.A.C.' },
    receivedAt: '2026-11-20T15:00:00.000Z',
    deemedFiledDate: '2026-11-20',
    observation: {
      note: 'Se genera observación en la solicitud.',
      observedAt: '2026-11-20T20:00:00.000Z',
      deadline: { date: '2026-11-24', endsAt: '2026-11-25T04:59:59.999Z' },
      documents: [MAIN, ANNEX_2],
    },
    now: NOW,
    ...patch,
  };
}

/** What the server answers a correction it accepted: version 2 of each replaced document. */
export function correctionReceipt(submission: CorrectionSubmission): CorrectionReceipt {
  return {
    requestNumber: submission.requestNumber,
    status: 'SUBSANADO',
    statusLabel: 'SUBSANADO',
    applicantName: 'JUAN PEREZ PEREZ',
    emailHint: 'j•••••z@micorreo.com',
    receivedAt: '2026-11-23T14:10:04.000Z',
    deemedFiledDate: '2026-11-20',
    files: submission.documents.map((document) => ({
      slot: document.slot,
      index: document.index,
      label: document.slot === 'main' ? 'Documento principal' : `Anexo ${document.index}`,
      version: 2,
      name: document.slot === 'main' ? 'solicitud-corregida.pdf' : 'anexo-2-firmado.pdf',
      size: 120_000,
      pages: document.slot === 'main' ? 2 : 1,
      sha256: 'c'.repeat(64),
      ...(document.documentNumber ? { documentNumber: document.documentNumber } : {}),
    })),
  };
}
