// The stand-ins for browser APIs older browsers (Safari < 17.4, Chrome < 116) and plain-http
// pages lack: each test takes the native API away, checks the fallback, and puts it back.
import { expect } from '@open-wc/testing';
import { anySignal, randomUuid, timeoutSignal } from '../../src/internal/compat.ts';
import { without } from './filing-form.fixtures.ts';

declare function describe(name: string, body: () => void): void;
declare function it(name: string, body: () => void | Promise<void>): void;

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('compat fallbacks', () => {
  it('anySignal without AbortSignal.any: aborts with the reason of the first signal that aborts', async () => {
    await without(AbortSignal, 'any', () => {
      expect((AbortSignal as { any?: unknown }).any).to.equal(undefined);
      const a = new AbortController();
      const b = new AbortController();
      const combined = anySignal([a.signal, b.signal]);
      expect(combined.aborted).to.equal(false);
      b.abort(new DOMException('stop', 'TimeoutError'));
      expect(combined.aborted).to.equal(true);
      expect((combined.reason as DOMException).name).to.equal('TimeoutError');
      a.abort(new Error('later'));
      expect((combined.reason as DOMException).name, 'the first reason stays').to.equal('TimeoutError');

      const done = new AbortController();
      done.abort('ya');
      const already = anySignal([new AbortController().signal, done.signal]);
      expect(already.aborted).to.equal(true);
      expect(already.reason).to.equal('ya');
    });
    expect(typeof AbortSignal.any, 'restored').to.equal('function');
  });

  it('timeoutSignal without AbortSignal.timeout: aborts with a TimeoutError after the time', async () => {
    await without(AbortSignal, 'timeout', async () => {
      const signal = timeoutSignal(20);
      expect(signal.aborted).to.equal(false);
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      expect((signal.reason as DOMException).name).to.equal('TimeoutError');
    });
    expect(typeof AbortSignal.timeout, 'restored').to.equal('function');
  });

  it('randomUuid without crypto.randomUUID (Safari < 15.4, plain http), and even without getRandomValues', async () => {
    await without(Crypto.prototype, 'randomUUID', async () => {
      expect((crypto as { randomUUID?: unknown }).randomUUID).to.equal(undefined);
      const keys = new Set(Array.from({ length: 200 }, () => randomUuid()));
      expect(keys.size).to.equal(200);
      for (const key of keys) expect(key).to.match(UUID_V4);
      await without(Crypto.prototype, 'getRandomValues', () => {
        expect(randomUuid()).to.match(UUID_V4);
      });
    });
    expect(randomUuid()).to.match(UUID_V4);
  });
});
