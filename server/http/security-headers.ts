/**
 * What every answer of the reference server tells the browser about how it may be used: one
 * Content-Security-Policy per kind of answer, `X-Content-Type-Options: nosniff`, a
 * `Referrer-Policy`, framing control (`frame-ancestors` plus `X-Frame-Options` for browsers that
 * only know that), and for the static files, compression and caching.
 *
 * Three kinds of answer, by path:
 * - API (`/api/…`, `/config/…`, `/configs/…`, `/dev/…`): JSON, PDFs, tus. Never a page, so the
 *   strictest policy: nothing may load or run in it, nobody may frame it. A problem body or a
 *   downloaded file opened as a document is inert.
 * - The staff console (`/staff.html`) and the mail page (`/mail.html`): pages acting for a
 *   signed-in staff member or showing citizens' mails. Only the desk's own scripts; nobody may
 *   frame them, so another site cannot lay them under a decoy and take staff clicks
 *   (clickjacking).
 * - The citizen pages (the demo desk, `/…html`, `/assets/…`): the widget, pdf.js's worker, ALTCHA.
 *   Framed only by the desk's own pages (`'self'`): agencies embed the widget on their sites with
 *   a script, not a frame (README, "Embedding it on a page"), so no other site needs to frame
 *   them, and one that did could overlay the filing form.
 *
 * `Referrer-Policy: no-referrer`: the strictest, and nothing of the desk needs a Referer (its
 * calls are same-origin; document numbers travel in URL fragments, which are never sent anyway,
 * but a tracking link's query or a page path is nobody else's business either).
 *
 * The policies say why each source is there. The browser test test/e2e/csp.test.ts runs every
 * demo page, pdf.js's worker and ALTCHA under them with no violation; test/security/headers.test.ts
 * checks the headers on every kind of answer.
 */
import type { MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import type { AgencyConfig } from '../../src/config/schema.ts';

/**
 * API answers: JSON and files, never a page. `default-src 'none'` makes any of them inert if a
 * browser is led to open one as a document; `frame-ancestors 'none'`: nobody frames them.
 */
export const API_POLICY = ["default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'"].join('; ');

/** The headers every answer carries, whatever its kind (also the raw 431 of server/http/client-errors.ts). */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Origins a third-party captcha needs on the citizen pages, for agencies that configure one. */
const CAPTCHA_SOURCES: Record<'recaptcha' | 'hcaptcha' | 'turnstile', { script: string[]; frame: string[]; connect: string[]; style: string[] }> = {
  recaptcha: { script: ['https://www.google.com', 'https://www.gstatic.com'], frame: ['https://www.google.com'], connect: [], style: [] },
  hcaptcha: {
    script: ['https://js.hcaptcha.com', 'https://*.hcaptcha.com'],
    frame: ['https://*.hcaptcha.com'],
    connect: ['https://*.hcaptcha.com'],
    style: ['https://*.hcaptcha.com'],
  },
  turnstile: { script: ['https://challenges.cloudflare.com'], frame: ['https://challenges.cloudflare.com'], connect: [], style: [] },
};

function originOf(url: string): string | null {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? null : origin;
  } catch {
    return null; // a relative logo path is the desk's own ('self')
  }
}

/**
 * The citizen pages' policy. No `'unsafe-inline'` or `'unsafe-eval'` for scripts: the built demo
 * has no inline script (Vite writes module script tags), and pdf.js only counts pages (no font
 * rendering that would compile code).
 */
export function deskPagePolicy(configs: readonly AgencyConfig[]): string {
  const script = new Set(["'self'"]);
  const frame = new Set<string>();
  const connect = new Set(["'self'"]);
  const style = new Set(["'self'", "'unsafe-inline'"]);
  const img = new Set(["'self'", 'data:', 'blob:']);
  for (const config of configs) {
    const provider = config.captcha.provider;
    if (provider === 'recaptcha' || provider === 'hcaptcha' || provider === 'turnstile') {
      const sources = CAPTCHA_SOURCES[provider];
      sources.script.forEach((source) => script.add(source));
      sources.frame.forEach((source) => frame.add(source));
      sources.connect.forEach((source) => connect.add(source));
      sources.style.forEach((source) => style.add(source));
    }
    const logo = config.agency.logo ? originOf(config.agency.logo.src) : null;
    if (logo) img.add(logo);
    // "Mis trámites" reads the OpenID Connect provider's discovery document from the browser.
    const issuer = config.account.oidc ? originOf(config.account.oidc.issuer) : null;
    if (issuer) connect.add(issuer);
  }
  const list = (sources: Set<string>) => [...sources].join(' ');
  return [
    "default-src 'self'",
    // The desk's module scripts and their lazy chunks (pdf.js, Uppy, ALTCHA): files, never inline.
    `script-src ${list(script)}`,
    // pdf.js's worker is a file of the desk; pdf.js and ALTCHA may start workers through blob: URLs.
    "worker-src 'self' blob:",
    // The API, tus uploads, ALTCHA challenges: all on this origin; an OpenID provider's discovery.
    `connect-src ${list(connect)}`,
    // The ALTCHA widget adds a <style> element to the page (the mpd- elements use constructed
    // style sheets); style injection cannot run code.
    `style-src ${list(style)}`,
    // The agencies' logos (their own origins) and ALTCHA's inline SVG icons.
    `img-src ${list(img)}`,
    "font-src 'self'",
    `frame-src ${frame.size ? list(frame) : "'none'"}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/**
 * The staff console and the mail page: the desk's scripts only, and framed by nobody. Inline
 * styles stay allowed: both pages carry a <style> element, and the mail page shows each mail's
 * HTML (styled with `style` attributes, as mail is) in a sandboxed `srcdoc` frame, which takes
 * this page's policy.
 */
export const CONSOLE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

type Kind = 'api' | 'console' | 'page';

function kindOf(path: string): Kind {
  if (/^\/(api|config|configs|dev)(\/|$)/.test(path)) return 'api';
  if (path === '/staff.html' || path === '/mail.html') return 'console';
  return 'page';
}

/** Vite's content-hashed build output: a changed file gets a new name, so it can be cached for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The middleware, mounted first in server/app.ts so that every answer (a route's, a problem from
 * the error handler, the 404, tus's own) passes through it. Static files are gzip-compressed
 * when the browser accepts it; API answers are not (most are small, files are already
 * compressed, and a body mixing a secret with reflected input is best left uncompressed).
 */
export function securityHeaders(configs: readonly AgencyConfig[]): MiddlewareHandler {
  const pagePolicy = deskPagePolicy(configs);
  const gzip = compress({ encoding: 'gzip' });
  return async (c, next) => {
    const kind = kindOf(c.req.path);
    if (kind === 'api') await next();
    else await gzip(c, next);
    let headers = c.res.headers;
    try {
      headers.set('x-content-type-options', 'nosniff');
    } catch {
      // Headers of a fetched Response are immutable: answer with a copy.
      c.res = new Response(c.res.body, c.res);
      headers = c.res.headers;
    }
    for (const [name, value] of Object.entries(COMMON_HEADERS)) headers.set(name, value);
    headers.set('content-security-policy', kind === 'api' ? API_POLICY : kind === 'console' ? CONSOLE_POLICY : pagePolicy);
    headers.set('x-frame-options', kind === 'page' ? 'SAMEORIGIN' : 'DENY');
    if (kind !== 'api' && !headers.has('cache-control')) {
      const hashed = c.req.path.startsWith('/assets/') && c.res.status === 200;
      // Pages and anything unhashed: always asked again (a 304 when unchanged), so a new build shows at once.
      headers.set('cache-control', hashed ? IMMUTABLE : 'no-cache');
    }
  };
}
