/**
 * Theme tokens: the CSS custom properties every mpd- element reads, the config `theme` key that
 * sets each one, and the default gob.pe look used as every token's fallback.
 *
 * The default look follows the state's guide for digital services: white background, navy and
 * red accents, 7:1 text contrast (checked against white and the surface colour), a thick
 * high-contrast focus indicator. Agencies override any token through their config's `theme`
 * (applied by `<mpd-desk>`) or with plain CSS on the element from the host page, which wins.
 */
import type { ThemeConfig } from '../config/schema.ts';

export type ThemeKey = keyof ThemeConfig;

/** Config key → CSS custom property (colorOnPrimary → --mpd-color-on-primary). */
export const THEME_TOKENS: Readonly<Record<ThemeKey, `--mpd-${string}`>> = {
  colorPrimary: '--mpd-color-primary',
  colorOnPrimary: '--mpd-color-on-primary',
  colorText: '--mpd-color-text',
  colorMuted: '--mpd-color-muted',
  colorBackground: '--mpd-color-background',
  colorSurface: '--mpd-color-surface',
  colorBorder: '--mpd-color-border',
  colorError: '--mpd-color-error',
  colorSuccess: '--mpd-color-success',
  colorFocus: '--mpd-color-focus',
  fontFamily: '--mpd-font-family',
  radius: '--mpd-radius',
};

/**
 * The default gob.pe look. Contrast on white / on the surface colour: primary 11.5 / 10.5,
 * text 17.4 / 15.9, muted 8.9 / 8.1, error 8.1 / 7.5, success 8.1 / 7.4 (all ≥ 7:1, AAA).
 * The border only outlines fields (non-text, ≥ 3:1: 5.9). The focus yellow is always paired
 * with a dark ring, so it is visible on any background.
 */
export const GOB_PE_THEME: Readonly<Required<ThemeConfig>> = {
  colorPrimary: '#003876',
  colorOnPrimary: '#ffffff',
  colorText: '#1a1a1a',
  colorMuted: '#4a4a4a',
  colorBackground: '#ffffff',
  colorSurface: '#f3f5f8',
  colorBorder: '#5c6670',
  colorError: '#9b1c1f',
  colorSuccess: '#165c2a',
  colorFocus: '#ffdd00',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  radius: '4px',
};

/** The gob.pe red, used only for decoration (the header stripe), never for text. */
export const GOB_PE_ACCENT = '#c1272d';

/** `--mpd-…: value;` declarations for the tokens a theme sets (values are schema-checked). */
export function themeDeclarations(theme: ThemeConfig | undefined): string {
  if (!theme) return '';
  return (Object.keys(THEME_TOKENS) as ThemeKey[])
    .filter((key) => theme[key] !== undefined)
    .map((key) => `${THEME_TOKENS[key]}: ${theme[key]};`)
    .join(' ');
}
