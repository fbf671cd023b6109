/**
 * Advice on a config that is valid but would not serve citizens well: text colours below the
 * contrast the gob.pe guide asks for (7:1; WCAG 2.2 AA's 4.5:1 is the floor), field borders
 * below 3:1, and `texts` keys no message has (a typo there silently changes nothing).
 *
 * Warnings, not errors: the desk still works, and `check-config` says what to change.
 */
import { hasMessage } from '../i18n/all.ts';
import { GOB_PE_THEME } from '../themes/tokens.ts';
import type { AgencyConfig, ThemeConfig } from './schema.ts';

export interface ConfigAdvice {
  /** JSON path of what to change (`theme.colorMuted`, `texts["form.submit"]`). */
  path: string;
  message: string;
}

/** The contrast the state's digital-services guide asks for text (WCAG AAA). */
export const TEXT_CONTRAST = 7;
/** WCAG 2.2 AA for normal text: below this, text fails even the legal floor. */
export const MINIMUM_TEXT_CONTRAST = 4.5;
/** WCAG 2.2 AA for the outline of a field (non-text contrast). */
export const NON_TEXT_CONTRAST = 3;

type ColorKey = Exclude<keyof ThemeConfig, 'fontFamily' | 'radius'>;

interface Pairing {
  foreground: ColorKey;
  background: ColorKey;
  /** What the pair is, in the webmaster's words. */
  what: string;
  needs: number;
}

/** Every pair the elements draw one colour on the other. */
const PAIRINGS: readonly Pairing[] = [
  { foreground: 'colorText', background: 'colorBackground', what: 'el texto sobre el fondo', needs: TEXT_CONTRAST },
  { foreground: 'colorText', background: 'colorSurface', what: 'el texto sobre las superficies', needs: TEXT_CONTRAST },
  { foreground: 'colorMuted', background: 'colorBackground', what: 'el texto secundario sobre el fondo', needs: TEXT_CONTRAST },
  { foreground: 'colorMuted', background: 'colorSurface', what: 'el texto secundario sobre las superficies', needs: TEXT_CONTRAST },
  { foreground: 'colorPrimary', background: 'colorBackground', what: 'los títulos y enlaces sobre el fondo', needs: TEXT_CONTRAST },
  { foreground: 'colorOnPrimary', background: 'colorPrimary', what: 'el texto de los botones sobre el color principal', needs: TEXT_CONTRAST },
  { foreground: 'colorError', background: 'colorBackground', what: 'los mensajes de error sobre el fondo', needs: TEXT_CONTRAST },
  { foreground: 'colorSuccess', background: 'colorBackground', what: 'los mensajes de éxito sobre el fondo', needs: TEXT_CONTRAST },
  { foreground: 'colorBorder', background: 'colorBackground', what: 'el borde de los campos sobre el fondo', needs: NON_TEXT_CONTRAST },
];

/** sRGB relative luminance (WCAG 2.2) of `#rgb`, `#rrggbb` or `#rrggbbaa` (alpha ignored). */
export function relativeLuminance(hex: string): number {
  const digits = hex.replace(/^#/, '');
  const full = digits.length === 3 ? [...digits].map((digit) => digit + digit).join('') : digits.slice(0, 6);
  const channels = [0, 2, 4].map((start) => Number.parseInt(full.slice(start, start + 2), 16) / 255);
  const [red, green, blue] = channels.map((value) => (value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
}

/** The WCAG contrast ratio of two colours, 1 to 21. */
export function contrastRatio(first: string, second: string): number {
  const [light, dark] = [relativeLuminance(first), relativeLuminance(second)].sort((a, b) => b - a) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Everything worth changing in a valid config, in the order a webmaster would read the file. */
export function configAdvice(config: AgencyConfig): ConfigAdvice[] {
  return [...themeAdvice(config.theme ?? {}), ...textsAdvice(config.texts ?? {})];
}

function themeAdvice(theme: ThemeConfig): ConfigAdvice[] {
  const colorOf = (key: ColorKey): string => theme[key] ?? GOB_PE_THEME[key];
  return PAIRINGS.flatMap((pair) => {
    // Only what this config changed: the defaults are checked once, by a test.
    if (theme[pair.foreground] === undefined && theme[pair.background] === undefined) return [];
    const ratio = contrastRatio(colorOf(pair.foreground), colorOf(pair.background));
    if (ratio >= pair.needs) return [];
    const changed = theme[pair.foreground] !== undefined ? pair.foreground : pair.background;
    const shown = `${colorOf(pair.foreground)} sobre ${colorOf(pair.background)}`;
    const floor = pair.needs === TEXT_CONTRAST && ratio < MINIMUM_TEXT_CONTRAST ? ', por debajo incluso del mínimo de 4,5:1 de WCAG 2.2 AA' : '';
    return [
      {
        path: `theme.${changed}`,
        message: `${pair.what} (${shown}) tiene un contraste de ${formatRatio(ratio)}:1${floor}; se necesita al menos ${formatRatio(pair.needs)}:1`,
      },
    ];
  });
}

function textsAdvice(texts: Readonly<Record<string, string>>): ConfigAdvice[] {
  return Object.keys(texts)
    .filter((key) => !hasMessage(key))
    .map((key) => ({
      path: `texts["${key}"]`,
      message: `ningún mensaje usa la clave «${key}», así que este texto no se mostrará: revise cómo está escrita (las claves válidas están en src/i18n/messages/es-PE del paquete)`,
    }));
}

/** 4.48 → "4,48", 7 → "7" (es-PE decimals). */
function formatRatio(ratio: number): string {
  const rounded = Math.floor(ratio * 100) / 100;
  return String(rounded).replace('.', ',');
}
