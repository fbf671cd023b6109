// The one date formatter shared by the elements and the demo pages (staff console, mail).
import { expect } from '@open-wc/testing';
import { formatLimaDateTime, formatNumericDate } from '../../src/internal/format.ts';

declare function describe(name: string, body: () => void): void;
declare function it(name: string, body: () => void | Promise<void>): void;

describe('format', () => {
  it('writes a calendar date as dd/mm/yyyy, whatever the device time zone', () => {
    expect(formatNumericDate('2026-07-27')).to.equal('27/07/2026');
    expect(formatNumericDate('2026-01-01')).to.equal('01/01/2026');
    expect(formatNumericDate('2026-12-31', 'en')).to.equal('31/12/2026');
  });

  it('writes an instant in Lima time with a four-digit year', () => {
    expect(formatLimaDateTime('2026-07-24T23:00:00.000Z')).to.equal('24/07/2026 18:00:00');
  });
});
