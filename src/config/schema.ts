/**
 * The agency config schema: the single source of truth for what an agency's JSON file may say.
 *
 * - TypeScript types are inferred from it (`AgencyConfig` below).
 * - The JSON Schema for editors (`agency-config.schema.json`) is generated from it by
 *   `npm run schema`; a test fails when the committed file drifts.
 * - The browser and the reference server validate with it, so both read a config the same way.
 *
 * Every message here is for the agency's webmaster, in Spanish like the rest of the product.
 * Cross-field rules (unique ids, a valid request-number pattern, opening before closing…) live in
 * `checks.ts`, because JSON Schema cannot express them.
 */
import { checkEmail } from '../domain/email.ts';
import * as v from 'valibot';

const text = (label: string) =>
  v.pipe(v.string(`${label} debe ser un texto`), v.trim(), v.minLength(1, `${label} no puede estar vacío`));

const id = v.pipe(
  v.string('el identificador debe ser un texto'),
  v.regex(/^[a-z0-9][a-z0-9-]*$/, 'use solo minúsculas, números y guiones (por ejemplo "acceso-informacion")'),
);

const httpUrl = v.pipe(
  v.string('la dirección debe ser un texto'),
  v.regex(/^(https?:\/\/|\/|\.{1,2}\/)/, 'use una dirección que empiece con https://, http:// o /'),
);

const hhmm = v.pipe(
  v.string('la hora debe ser un texto'),
  v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use el formato de 24 horas HH:mm, por ejemplo "08:00" o "17:00"'),
);

const isoDate = v.pipe(
  v.string('la fecha debe ser un texto'),
  v.regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'use el formato AAAA-MM-DD, por ejemplo "2026-01-02"'),
);

const cssColor = v.pipe(
  v.string('el color debe ser un texto'),
  v.regex(/^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/, 'use un color hexadecimal, por ejemplo "#C1272D"'),
);

/** Plain CSS values: anything that cannot close a declaration or a rule. */
const cssValue = v.pipe(
  v.string('el valor debe ser un texto'),
  v.regex(/^[^;{}<>]*$/, 'no use ; { } < > en valores de estilo'),
);

export const IDENTITY_DOCUMENT_TYPES = ['DNI', 'RUC', 'CE', 'PTP', 'CPP', 'PASAPORTE'] as const;
export const PERSON_KINDS = ['natural', 'juridica'] as const;
export const FIELD_MODES = ['off', 'optional', 'required'] as const;

const fieldMode = (fallback: (typeof FIELD_MODES)[number]) =>
  v.optional(v.picklist(FIELD_MODES, `use uno de: ${FIELD_MODES.join(', ')}`), fallback);

const extension = v.pipe(
  v.string('la extensión debe ser un texto'),
  v.regex(/^\.[a-z0-9]+$/, 'escriba la extensión en minúsculas con punto, por ejemplo ".pdf"'),
);

const sizeMB = v.pipe(
  v.number('el tamaño debe ser un número de MB'),
  v.minValue(0.001, 'el tamaño debe ser mayor que 0'),
  v.maxValue(2048, 'el tamaño no puede pasar de 2048 MB'),
);

const option = v.strictObject({
  id,
  name: text('el nombre'),
});

const link = v.strictObject({
  href: httpUrl,
  text: v.optional(text('el texto del enlace')),
});

const AgencySchema = v.strictObject({
  name: text('el nombre de la entidad'),
  shortName: text('el nombre corto de la entidad'),
  logo: v.optional(
    v.strictObject({
      src: httpUrl,
      alt: text('el texto alternativo del logo'),
    }),
  ),
  contact: v.optional(
    v.strictObject({
      // The desk's one address rule too: this is the Reply-To of every mail.
      email: v.optional(v.pipe(v.string(), v.email('escriba un correo válido'), v.check((value) => checkEmail(value).ok, 'escriba un solo correo válido, sin comas, comillas ni puntos de más'))),
      phone: v.optional(text('el teléfono')),
      address: v.optional(text('la dirección')),
      office: v.optional(text('el nombre de la oficina')),
      web: v.optional(httpUrl),
    }),
  ),
});

const PersonTypeSchema = v.strictObject({
  kind: v.picklist(PERSON_KINDS, `use uno de: ${PERSON_KINDS.join(', ')}`),
  /** Shown on the choice, e.g. "Persona jurídica (pública o privada)". */
  label: v.optional(text('la etiqueta')),
  /** Identity documents of the person who files (for "juridica": the representative). */
  documentTypes: v.pipe(
    v.array(v.picklist(IDENTITY_DOCUMENT_TYPES, `use uno de: ${IDENTITY_DOCUMENT_TYPES.join(', ')}`)),
    v.minLength(1, 'indique al menos un tipo de documento'),
  ),
});

const IdentityRulesSchema = v.optional(
  v.strictObject({
    /** Override the built-in pattern of a document type (regex source). Unverified rules live here. */
    patterns: v.optional(
      v.strictObject({
        CE: v.optional(v.string()),
        PTP: v.optional(v.string()),
        CPP: v.optional(v.string()),
        PASAPORTE: v.optional(v.string()),
      }),
      {},
    ),
    rucPrefixes: v.optional(v.array(v.pipe(v.string(), v.regex(/^\d\d$/, 'cada prefijo de RUC son 2 dígitos'))), [
      '10',
      '15',
      '16',
      '17',
      '20',
    ]),
  }),
  {},
);

const SlotSchema = v.strictObject({
  label: v.optional(text('la etiqueta')),
  accept: v.optional(v.pipe(v.array(extension), v.minLength(1, 'indique al menos una extensión')), ['.pdf']),
  maxSizeMB: sizeMB,
});

const AnnexesSchema = v.strictObject({
  label: v.optional(text('la etiqueta')),
  max: v.pipe(v.number('debe ser un número'), v.integer('debe ser un número entero'), v.minValue(0), v.maxValue(50)),
  accept: v.optional(v.pipe(v.array(extension), v.minLength(1, 'indique al menos una extensión')), ['.pdf']),
  maxSizeMB: sizeMB,
  /** Per-position limits, e.g. INPE: annex 1 up to 30 MB, the rest 5 MB. */
  sizeBySlot: v.optional(
    v.array(
      v.strictObject({
        slot: v.pipe(v.number(), v.integer('debe ser un número entero'), v.minValue(1, 'los anexos se cuentan desde 1')),
        maxSizeMB: sizeMB,
      }),
    ),
    [],
  ),
});

const FilingHoursSchema = v.variant(
  'kind',
  [
    v.strictObject({ kind: v.literal('always-open') }),
    v.strictObject({ kind: v.literal('office-hours'), opens: hhmm, closes: hhmm }),
  ],
  'use "always-open" (24 horas) u "office-hours" (con horario de corte)',
);

const ConsentSchema = v.strictObject({
  id,
  kind: v.optional(v.picklist(['terms', 'privacy', 'sworn-declaration', 'email-notifications', 'other']), 'other'),
  label: text('la etiqueta'),
  /** Longer text shown in a disclosure under the checkbox (e.g. the terms themselves). */
  details: v.optional(text('el detalle')),
  link: v.optional(link),
  required: v.optional(v.boolean('debe ser true o false'), true),
});

const ThemeSchema = v.optional(
  v.strictObject({
    colorPrimary: v.optional(cssColor),
    colorOnPrimary: v.optional(cssColor),
    colorText: v.optional(cssColor),
    colorMuted: v.optional(cssColor),
    colorBackground: v.optional(cssColor),
    colorSurface: v.optional(cssColor),
    colorBorder: v.optional(cssColor),
    colorError: v.optional(cssColor),
    colorSuccess: v.optional(cssColor),
    colorFocus: v.optional(cssColor),
    fontFamily: v.optional(cssValue),
    radius: v.optional(cssValue),
  }),
  {},
);

/** Where a captcha may be asked: sending a filing, tracking, correcting, asking for an email code. */
export const CAPTCHA_PLACES = ['filing', 'tracking', 'correction', 'verification'] as const;
/**
 * Places not listed in `captcha.on`: an upload grant (`upload`, the right to store up to one
 * filing's bytes) is the costliest thing the desk gives a stranger, so it is asked whenever the
 * agency asks a captcha at any place (see `asksCaptchaAt`), never switched off on its own.
 */
export const IMPLIED_CAPTCHA_PLACES = ['upload'] as const;
const captchaPlaces = v.optional(
  v.array(v.picklist(CAPTCHA_PLACES, `use uno de: ${CAPTCHA_PLACES.join(', ')}`)),
  ['filing', 'tracking', 'correction', 'verification'],
);

const captchaHostnames = v.optional(
  v.pipe(
    v.array(
      v.pipe(
        v.string('el nombre del sitio debe ser un texto'),
        v.regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, 'escriba solo el nombre del sitio en minúsculas, sin https:// ni /, por ejemplo "www.gob.pe"'),
      ),
      'use una lista de nombres de sitio, por ejemplo ["www.gob.pe"]',
    ),
    v.minLength(1, 'dé al menos un nombre de sitio, o quite "hostnames"'),
    v.description(
      'Los sitios (hostname) donde la entidad muestra la mesa de partes, por ejemplo ["www.gob.pe"]. Si se indican, el servidor rechaza una verificación resuelta en otro sitio, aunque use la misma clave del sitio. Sin indicar: cualquier sitio (el servidor lo advierte al iniciar). Además, solo las respuestas de ALTCHA y Turnstile quedan atadas al paso donde se resolvieron (presentar, seguimiento…); las de reCAPTCHA v2 y hCaptcha no dicen el paso, así que una resuelta en un paso sirve en otro.',
    ),
  ),
);

/**
 * The captcha. ALTCHA (proof of work solved in the browser, verified by this backend: no third
 * party) is the default; reCAPTCHA, hCaptcha and Turnstile load the provider's script only when
 * chosen here, and their secret lives in the server's environment, never in this public file.
 */
const CaptchaSchema = v.optional(
  v.variant(
    'provider',
    [
      v.strictObject({ provider: v.literal('none') }),
      v.strictObject({ provider: v.literal('altcha'), on: captchaPlaces }),
      v.strictObject({
        provider: v.literal('recaptcha'),
        siteKey: text('la clave del sitio'),
        on: captchaPlaces,
        hostnames: captchaHostnames,
        minScore: v.optional(
          v.pipe(
            v.number('el puntaje mínimo debe ser un número entre 0 y 1'),
            v.minValue(0, 'el puntaje mínimo va de 0 a 1'),
            v.maxValue(1, 'el puntaje mínimo va de 0 a 1'),
            v.description(
              'reCAPTCHA v3: el puntaje mínimo (de 0, robot, a 1, persona) que el servidor acepta cuando reCAPTCHA da uno. Por defecto 0.5.',
            ),
          ),
        ),
      }),
      v.strictObject({ provider: v.picklist(['hcaptcha', 'turnstile']), siteKey: text('la clave del sitio'), on: captchaPlaces, hostnames: captchaHostnames }),
    ],
    'use "altcha", "recaptcha", "hcaptcha", "turnstile" o "none"',
  ),
  { provider: 'altcha', on: ['filing', 'tracking', 'correction', 'verification'] },
);

/** Proof that the citizen owns the email: a 6-digit code sent to it before sending (CENARES). */
const VerificationSchema = v.optional(
  v.strictObject({ email: v.optional(v.picklist(['off', 'required'], 'use "off" o "required"'), 'off') }),
  { email: 'off' },
);

/** Names by DNI (RENIEC) and razón social by RUC (SUNAT), through the backend's look-up service. */
const LookupsSchema = v.optional(
  v.strictObject({ dni: v.optional(v.boolean('debe ser true o false'), false), ruc: v.optional(v.boolean('debe ser true o false'), false) }),
  { dni: false, ruc: false },
);

/**
 * "Mis trámites": the citizen signs in without a password (a code sent to the email, or an OpenID
 * Connect provider such as ID GOB.PE) and sees the requests filed with that email; while one is
 * pending (RECIBIDO) its owner may update its main data or cancel it, when the agency allows.
 */
const AccountSchema = v.optional(
  v.strictObject({
    myRequests: v.optional(v.boolean('debe ser true o false'), false),
    update: v.optional(v.boolean('debe ser true o false'), false),
    cancel: v.optional(v.boolean('debe ser true o false'), false),
    oidc: v.optional(
      v.strictObject({
        issuer: httpUrl,
        clientId: text('el identificador del cliente'),
        scopes: v.optional(v.array(v.string()), ['openid', 'email', 'profile']),
        /** The button's words, e.g. "Ingresar con ID GOB.PE". */
        label: v.optional(text('la etiqueta')),
      }),
    ),
  }),
  { myRequests: false, update: false, cancel: false },
);

export const AgencyConfigSchema = v.strictObject({
  $schema: v.optional(v.string()),
  /** Stable agency id: used in the backend's URLs, upload fingerprints and request records. */
  id,
  agency: AgencySchema,
  backend: v.strictObject({
    baseUrl: httpUrl,
  }),
  /** The language of the elements; left out, the page's (`lang`): English for `en…`, Spanish otherwise. */
  locale: v.optional(v.picklist(['es-PE', 'en'], 'use "es-PE" o "en"')),
  personTypes: v.pipe(v.array(PersonTypeSchema), v.minLength(1, 'indique al menos un tipo de persona')),
  identity: IdentityRulesSchema,
  procedures: v.optional(v.array(option), []),
  offices: v.optional(v.array(option), []),
  documentKinds: v.optional(v.array(option), []),
  fields: v.optional(
    v.strictObject({
      procedure: fieldMode('required'),
      office: fieldMode('required'),
      documentKind: fieldMode('required'),
      /** The number printed on the main document (e.g. "CARTA N° 005-2026"); "SN" when it has none. */
      documentNumber: fieldMode('off'),
      allowSN: v.optional(v.boolean(), true),
      folios: fieldMode('off'),
      phone: fieldMode('required'),
      subjectLabel: v.optional(text('la etiqueta del asunto')),
      subjectMaxLength: v.optional(
        v.pipe(v.number(), v.integer('debe ser un número entero'), v.minValue(20), v.maxValue(2000)),
        200,
      ),
    }),
    {},
  ),
  attachments: v.strictObject({
    main: SlotSchema,
    annexes: v.optional(AnnexesSchema, { max: 0, accept: ['.pdf'], maxSizeMB: 1, sizeBySlot: [] }),
  }),
  /**
   * What a replacement of an observed document may be (subsanación), e.g. CENARES: PDF up to
   * 20 MB. A rule left out is the observed document's own slot rule.
   */
  corrections: v.optional(
    v.strictObject({
      accept: v.optional(v.pipe(v.array(extension), v.minLength(1, 'indique al menos una extensión'))),
      maxSizeMB: v.optional(sizeMB),
      /** The number printed on the replacement ("005-2022-ABC"), asked for each document. */
      documentNumber: v.optional(v.picklist(['optional', 'off'], 'use "optional" u "off"'), 'optional'),
    }),
    { documentNumber: 'optional' },
  ),
  filingHours: FilingHoursSchema,
  captcha: CaptchaSchema,
  verification: VerificationSchema,
  lookups: LookupsSchema,
  account: AccountSchema,
  /** Decreed public-sector non-working days (they change every year, so they are data). */
  nonWorkingDays: v.optional(v.array(v.strictObject({ date: isoDate, name: text('el nombre') })), []),
  requestNumber: v.optional(v.strictObject({ pattern: v.string('el patrón debe ser un texto') }), {
    pattern: '{seq}-{year}',
  }),
  consents: v.optional(v.array(ConsentSchema), []),
  /** Per-agency overrides of any catalog message, by key. */
  texts: v.optional(v.record(v.string(), v.string()), {}),
  theme: ThemeSchema,
});

/** A config as the webmaster writes it (optional fields may be missing). */
export type AgencyConfigInput = v.InferInput<typeof AgencyConfigSchema>;
/** A validated config with every default filled in: what the code reads. */
export type AgencyConfig = v.InferOutput<typeof AgencyConfigSchema>;
export type PersonKind = (typeof PERSON_KINDS)[number];
export type FieldMode = (typeof FIELD_MODES)[number];
export type ProcedureOption = v.InferOutput<typeof option>;
export type ConsentConfig = v.InferOutput<typeof ConsentSchema>;
export type ThemeConfig = NonNullable<AgencyConfig['theme']>;
export type CaptchaConfig = AgencyConfig['captcha'];
export type CaptchaPlace = (typeof CAPTCHA_PLACES)[number] | (typeof IMPLIED_CAPTCHA_PLACES)[number];

/**
 * True when an agency with this `captcha` asks one at `place`: a place of its `on`, or `upload`
 * whenever `on` names any place (an agency that asks nothing anywhere limits upload grants by
 * client address instead). Shared by the server's gate and the browser's `<mpd-captcha>`.
 */
export function asksCaptchaAt(captcha: CaptchaConfig, place: CaptchaPlace): boolean {
  if (captcha.provider === 'none') return false;
  const on: readonly CaptchaPlace[] = captcha.on;
  return place === 'upload' ? on.length > 0 : on.includes(place);
}
