// The receipt download shared by the filing confirmation and the tracking panel.
import { expect } from '@open-wc/testing';
import { deliverReceipt, type ReceiptDownloadDetail } from '../../src/internal/save-file.ts';

declare function describe(name: string, body: () => void): void;
declare function it(name: string, body: () => void | Promise<void>): void;

describe('deliverReceipt', () => {
  it('names the file with the shared cargo-<n>.pdf, safe on every system', () => {
    const host = document.createElement('div');
    const names: string[] = [];
    host.addEventListener('mpd-receipt-download', (event) => {
      event.preventDefault();
      names.push((event as CustomEvent<ReceiptDownloadDetail>).detail.filename);
    });
    expect(deliverReceipt(host, new Blob([]), '6/2026 x')).to.equal('cargo-6_2026_x.pdf');
    expect(names).to.deep.equal(['cargo-6_2026_x.pdf']);
  });

  it('fires a cancelable, bubbling, composed mpd-receipt-download; a listener that prevents it keeps the browser from saving', () => {
    const host = document.createElement('div');
    document.body.append(host);
    const events: CustomEvent<ReceiptDownloadDetail>[] = [];
    const listener = (event: Event) => {
      event.preventDefault();
      events.push(event as CustomEvent<ReceiptDownloadDetail>);
    };
    document.addEventListener('mpd-receipt-download', listener);
    const clicks: HTMLAnchorElement[] = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicks.push(this);
    };
    try {
      const blob = new Blob(['%PDF-1.7'], { type: 'application/pdf' });
      expect(deliverReceipt(host, blob, '6-2026')).to.equal('cargo-6-2026.pdf');
      expect(events).to.have.length(1);
      expect(events[0]!.cancelable && events[0]!.bubbles && events[0]!.composed).to.equal(true);
      expect(events[0]!.detail).to.deep.equal({ blob, filename: 'cargo-6-2026.pdf' });
      expect(clicks).to.have.length(0);

      document.removeEventListener('mpd-receipt-download', listener);
      expect(deliverReceipt(host, blob, '7-2026')).to.equal('cargo-7-2026.pdf');
      expect(clicks.map((link) => link.download)).to.deep.equal(['cargo-7-2026.pdf']);
      expect(clicks[0]!.href).to.match(/^blob:/);
      expect(clicks[0]!.isConnected).to.equal(false);
    } finally {
      HTMLAnchorElement.prototype.click = click;
      document.removeEventListener('mpd-receipt-download', listener);
      host.remove();
    }
  });
});
