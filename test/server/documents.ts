/**
 * Typed doors to the shared test-document makers (plain JS, also used by the browser tests).
 */
// @ts-expect-error -- documents.mjs has no type declarations; the types are given below.
import * as makers from '../support/documents.mjs';

type Bytes = Uint8Array<ArrayBuffer>;

export const makePdf: (options?: { pages?: number; title?: string; padBytes?: number }) => Promise<Bytes> = makers.makePdf;
export const makeEncryptedPdf: (options?: { password?: string }) => Promise<Bytes> = makers.makeEncryptedPdf;
export const makeRestrictedPdf: (options?: { pages?: number }) => Promise<Bytes> = makers.makeRestrictedPdf;
export const makeTruncatedPdf: () => Promise<Bytes> = makers.makeTruncatedPdf;
export const makeFakePdf: () => Bytes = makers.makeFakePdf;
export const makePng: () => Bytes = makers.makePng;
