/**
 * The receipt download in the browser, shared by the filing confirmation and the tracking
 * panel: the file name (the server's, from src/domain), the cancelable `mpd-receipt-download`
 * event and the browser's own save.
 */
import { BackendError } from '../api/types.ts';
import { receiptFilename } from '../domain/request-number.ts';

/** `detail` of `mpd-receipt-download`. */
export interface ReceiptDownloadDetail {
  blob: Blob;
  filename: string;
}

/**
 * Saves a downloaded file (the receipt PDF) the way a link with `download` would: the browser's
 * own download, from an object URL that is released right after.
 */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Some browsers read the URL after click() returns.
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  }
}

/**
 * Hands the receipt of `requestNumber` to the page: fires the cancelable `mpd-receipt-download`
 * from `host` (bubbling, composed) and, unless a listener called `preventDefault()`, saves it.
 * Returns the file name, for the "Se descargó…" message.
 */
export function deliverReceipt(host: EventTarget, blob: Blob, requestNumber: string): string {
  const filename = receiptFilename(requestNumber);
  const event = new CustomEvent<ReceiptDownloadDetail>('mpd-receipt-download', {
    detail: { blob, filename },
    bubbles: true,
    composed: true,
    cancelable: true,
  });
  if (host.dispatchEvent(event)) saveFile(blob, filename);
  return filename;
}

/** Why a receipt download failed, as the message key to show. */
export type ReceiptFailure = 'tracking.receipt.failed' | 'tracking.receipt.expired';

/**
 * `tracking.downloadExpired` (the permission a search or a filing gave lasts an hour) asks the
 * citizen to search again; anything else is worth retrying as it is.
 */
export function receiptFailure(error: unknown): ReceiptFailure {
  return error instanceof BackendError && error.code === 'tracking.downloadExpired' ? 'tracking.receipt.expired' : 'tracking.receipt.failed';
}
