/**
 * Peruvian identity documents: DNI and RUC check algorithms, pattern rules for the rest.
 *
 * Pure functions shared by the browser widget (validation as the citizen types) and the
 * reference backend (re-validation on submit), so both always agree.
 */

export type IdentityDocumentType = 'DNI' | 'RUC' | 'CE' | 'PTP' | 'CPP' | 'PASAPORTE';

/** How each identity document type is written out for the citizen (mails, the receipt PDF). */
export const IDENTITY_DOCUMENT_NAMES: Readonly<Record<IdentityDocumentType, string>> = {
  DNI: 'DNI',
  CE: 'Carné de extranjería',
  PTP: 'Permiso Temporal de Permanencia',
  CPP: 'Carné de Permiso Temporal de Permanencia',
  PASAPORTE: 'Pasaporte',
  RUC: 'RUC',
};

/** The name of a document type; a code this map does not know is shown as it is. */
export function identityDocumentName(type: string): string {
  return (IDENTITY_DOCUMENT_NAMES as Readonly<Record<string, string>>)[type] ?? type;
}

export type IdentityErrorCode =
  | 'required'
  | 'dni.format'
  | 'dni.check'
  | 'ruc.format'
  | 'ruc.prefix'
  | 'ruc.check'
  | 'ruc.naturalPerson'
  | 'pattern';

export type IdentityResult = { ok: true; value: string } | { ok: false; code: IdentityErrorCode };

/** Documents validated by a configurable pattern instead of a check algorithm. */
export type PatternDocumentType = 'CE' | 'PTP' | 'CPP' | 'PASAPORTE';

export type IdentityValidationOptions = {
  /** Regex source overriding the default pattern (CE, PTP, CPP, PASAPORTE only). */
  pattern?: string;
  /** RUC prefixes the agency accepts (RUC only). */
  rucPrefixes?: readonly string[];
};

const DNI_WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2] as const;
const DNI_CHECK_DIGITS = '65432110987';
const DNI_CHECK_LETTERS = 'KJIHGFEDCBA';
const RUC_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

export const DEFAULT_RUC_PREFIXES = ['10', '15', '16', '17', '20'] as const;

/**
 * What SUNAT's first two digits of a RUC say about its holder. `10`: a persona natural, `10` +
 * DNI + check digit (the number a natural person with a business gets). `20`: a persona jurídica
 * (companies, associations, public entities). `15`, `16` and `17` are older or special series
 * (non-domiciled or foreign holders, numbers given before the DNI series, "no longer used" for
 * 16); sources do not agree whether they hold only natural persons, so they are not refused for
 * an organization. Sources: SUNAT's own explanation reported by Infobae (2023-06-22, "10" natural,
 * "20" jurídica) and Oracle's Peru RUC validation reference (16 unused, 17 old or foreign).
 */
export const RUC_PREFIX = {
  naturalPerson: '10',
  legalEntity: '20',
} as const;

// Sources disagree on these formats (see docs/domain.md), so they are only defaults:
// agencies override them in their config.
export const DEFAULT_DOCUMENT_PATTERNS: Record<PatternDocumentType, string> = {
  CE: '^[A-Z0-9]{8,12}$',
  PTP: '^[A-Z0-9]{1,15}$',
  CPP: '^[A-Z0-9]{1,15}$',
  PASAPORTE: '^[A-Z0-9]{1,12}$',
};

const EIGHT_DIGITS = /^\d{8}$/;
// The check character is printed after a hyphen on the card; people also type it after a
// space or with spaces around the hyphen. A separator is required: nine digits typed
// together are more likely a typo than a DNI plus its check digit.
const DNI_WITH_CHECK = /^(\d{8})(?:\s*-\s*|\s+)([0-9A-Z])$/;
const ELEVEN_DIGITS = /^\d{11}$/;

function weightedSum(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += Number(digits[i]) * weights[i]!;
  return sum;
}

/** The two accepted check characters of a DNI (the card prints one or the other). */
export function dniCheckCharacters(dni8: string): { digit: string; letter: string } {
  if (!EIGHT_DIGITS.test(dni8)) throw new RangeError(`A DNI has 8 digits, got "${dni8}"`);
  const c = weightedSum(dni8, DNI_WEIGHTS) % 11;
  return { digit: DNI_CHECK_DIGITS[c]!, letter: DNI_CHECK_LETTERS[c]! };
}

/**
 * A DNI typed with its check character ("12345678-9", "12345678 K", any case), split into the
 * eight digits and the uppercase check character; null when the input is not in that shape.
 * It says nothing about whether the check character is right (see `validateDni`).
 */
export function splitDniCheckCharacter(input: string): { dni: string; check: string } | null {
  const match = DNI_WITH_CHECK.exec(input.trim().toUpperCase());
  return match ? { dni: match[1]!, check: match[2]! } : null;
}

export function validateDni(input: string): IdentityResult {
  const text = input.trim().toUpperCase();
  if (text === '') return { ok: false, code: 'required' };
  if (EIGHT_DIGITS.test(text)) return { ok: true, value: text };
  const split = splitDniCheckCharacter(text);
  if (!split) return { ok: false, code: 'dni.format' };
  const { dni, check: typed } = split;
  const { digit, letter } = dniCheckCharacters(dni);
  if (typed !== digit && typed !== letter) return { ok: false, code: 'dni.check' };
  return { ok: true, value: dni };
}

/** Removes every whitespace character (people paste numbers with spaces) and uppercases. */
function compact(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

export function validateRuc(
  input: string,
  allowedPrefixes: readonly string[] = DEFAULT_RUC_PREFIXES,
): IdentityResult {
  const ruc = compact(input);
  if (ruc === '') return { ok: false, code: 'required' };
  if (!ELEVEN_DIGITS.test(ruc)) return { ok: false, code: 'ruc.format' };
  if (!allowedPrefixes.includes(ruc.slice(0, 2))) return { ok: false, code: 'ruc.prefix' };
  const check = (11 - (weightedSum(ruc, RUC_WEIGHTS) % 11)) % 10;
  if (check !== Number(ruc[10])) return { ok: false, code: 'ruc.check' };
  return { ok: true, value: ruc };
}

/** Prefix 10 is a persona natural with a business (10 + DNI + check); the rest are treated as persona jurídica. */
export function rucPersonType(ruc: string): 'natural' | 'juridica' {
  return compact(ruc).startsWith(RUC_PREFIX.naturalPerson) ? 'natural' : 'juridica';
}

/**
 * The RUC of the organization a persona jurídica files for: a valid RUC that is not a natural
 * person's (prefix 10), which would let anyone with a business RUC file in a company's name.
 */
export function validateOrganizationRuc(input: string, allowedPrefixes: readonly string[] = DEFAULT_RUC_PREFIXES): IdentityResult {
  const checked = validateRuc(input, allowedPrefixes);
  if (checked.ok && rucPersonType(checked.value) === 'natural') return { ok: false, code: 'ruc.naturalPerson' };
  return checked;
}

export function validateIdentityDocument(
  type: IdentityDocumentType,
  input: string,
  options: IdentityValidationOptions = {},
): IdentityResult {
  switch (type) {
    case 'DNI':
      return validateDni(input);
    case 'RUC':
      return validateRuc(input, options.rucPrefixes ?? DEFAULT_RUC_PREFIXES);
    default: {
      const value = compact(input);
      if (value === '') return { ok: false, code: 'required' };
      // An invalid pattern throws here on purpose: it is a config error the loader must
      // report, not something a citizen can fix.
      const pattern = new RegExp(options.pattern ?? DEFAULT_DOCUMENT_PATTERNS[type]);
      return pattern.test(value) ? { ok: true, value } : { ok: false, code: 'pattern' };
    }
  }
}
