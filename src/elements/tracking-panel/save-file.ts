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

/** `cargo-6-2026.pdf`, safe as a file name on every system. */
export function receiptFileName(requestNumber: string): string {
  return `cargo-${requestNumber.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
}
