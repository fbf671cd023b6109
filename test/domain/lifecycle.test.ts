import assert from 'node:assert/strict';
import { stageLabel, INITIAL_STATUS, DESK_ORIGIN } from '../../src/domain/lifecycle.ts';
import { describe, test } from 'node:test';
import {
  canTransition,
  IllegalTransitionError,
  isFinal,
  isRequestStatus,
  observedOnce,
  REQUEST_STATUSES,
  STATUS_LABELS,
  statusLabel,
  transition,
  TRANSITIONS,
  type RequestStatus,
} from '../../src/domain/lifecycle.ts';

describe('request lifecycle', () => {
  test('the allowed transitions', () => {
    const allowed: [RequestStatus, RequestStatus][] = [
      ['RECIBIDO', 'OBSERVADO'],
      ['RECIBIDO', 'DERIVADO'],
      ['RECIBIDO', 'ATENDIDO'],
      ['RECIBIDO', 'ANULADO'],
      ['OBSERVADO', 'SUBSANADO'],
      ['OBSERVADO', 'NO_PRESENTADO'],
      ['SUBSANADO', 'DERIVADO'],
      ['SUBSANADO', 'ATENDIDO'],
      ['DERIVADO', 'DERIVADO'],
      ['DERIVADO', 'ATENDIDO'],
    ];
    for (const from of REQUEST_STATUSES) {
      for (const to of REQUEST_STATUSES) {
        const expected = allowed.some(([a, b]) => a === from && b === to);
        assert.equal(canTransition(from, to), expected, `${from} → ${to}`);
      }
    }
  });

  test('final states have no way out', () => {
    assert.deepEqual(
      REQUEST_STATUSES.filter((status) => isFinal(status)),
      ['ATENDIDO', 'ANULADO', 'NO_PRESENTADO'],
    );
    for (const status of REQUEST_STATUSES) assert.ok(Array.isArray(TRANSITIONS[status]));
  });

  test('transition returns the new state or throws a typed error in Spanish', () => {
    assert.equal(transition('RECIBIDO', 'DERIVADO'), 'DERIVADO');
    assert.equal(transition('DERIVADO', 'DERIVADO'), 'DERIVADO');
    assert.throws(
      () => transition('ANULADO', 'ATENDIDO'),
      (error: unknown) =>
        error instanceof IllegalTransitionError &&
        error.from === 'ANULADO' &&
        error.to === 'ATENDIDO' &&
        error.message === 'No se puede atender una solicitud anulada.',
    );
    assert.throws(() => transition('ATENDIDO', 'DERIVADO'), { message: 'No se puede derivar una solicitud atendida.' });
    assert.throws(() => transition('NO_PRESENTADO', 'SUBSANADO'), { message: 'No se puede subsanar una solicitud no presentada.' });
  });

  test('a request is observed once (art. 136)', () => {
    assert.equal(observedOnce(['RECIBIDO']), false);
    assert.equal(observedOnce(['RECIBIDO', 'OBSERVADO', 'SUBSANADO']), true);
    assert.equal(transition('RECIBIDO', 'OBSERVADO', ['RECIBIDO']), 'OBSERVADO');
    for (const [from, history] of [
      ['OBSERVADO', ['RECIBIDO', 'OBSERVADO']],
      ['SUBSANADO', ['RECIBIDO', 'OBSERVADO', 'SUBSANADO']],
      // Even from a state that could otherwise be observed, the history decides.
      ['RECIBIDO', ['RECIBIDO', 'OBSERVADO']],
    ] as [RequestStatus, string[]][]) {
      assert.throws(() => transition(from, 'OBSERVADO', history), {
        name: 'IllegalTransitionError',
        message: 'No se puede observar de nuevo: una solicitud se observa una sola vez.',
      });
    }
  });

  test('Spanish labels, with PENDIENTE DE VALIDACIÓN for agencies that use it', () => {
    assert.equal(STATUS_LABELS.NO_PRESENTADO, 'NO PRESENTADO');
    assert.equal(statusLabel('RECIBIDO'), 'RECIBIDO');
    assert.equal(statusLabel('RECIBIDO', { pendingValidation: true }), 'PENDIENTE DE VALIDACIÓN');
    assert.equal(statusLabel('DERIVADO', { pendingValidation: true }), 'DERIVADO');
    assert.equal(isRequestStatus('OBSERVADO'), true);
    assert.equal(isRequestStatus('PENDIENTE DE VALIDACIÓN'), false);
  });
});

describe('stageLabel and the desk constants', () => {
  test('known stages by their label, unknown codes as they are', () => {
    assert.equal(stageLabel('NO_PRESENTADO'), 'NO PRESENTADO');
    assert.equal(stageLabel('RECIBIDO', { pendingValidation: true }), 'PENDIENTE DE VALIDACIÓN');
    assert.equal(stageLabel('EN_ARCHIVO'), 'EN ARCHIVO');
    assert.equal(INITIAL_STATUS, 'RECIBIDO');
    assert.equal(DESK_ORIGIN, 'MESA DE PARTES');
  });
});
