/**
 * `npm run server`: the reference backend with every agency config in CONFIG_DIR, a SQLite file
 * and uploads under DATA_DIR, and the built demo (if any) at `/`.
 *
 *   PORT (8787)  HOST (127.0.0.1)  DATA_DIR (./data)  CONFIG_DIR (demo/configs)
 *   PUBLIC_DIR (dist/demo when it exists)
 *   MPD_DEMO (1: demo mode, as `npm start` sets it; see below)
 *   STAFF_CREDENTIALS (agencyId:user:<scrypt hash>,… from `npx mesa-de-partes hash-password`;
 *   plain-text passwords only in demo mode; when absent, in demo mode the demo's
 *   <agency>:mesa:mesa-<agency> for every agency, otherwise the staff console is closed: 401)
 *   STAFF_SESSION_IDLE_MINUTES (30), STAFF_SESSION_MAX_HOURS (12): when a staff session ends
 *   SMTP_URL (smtp://user:pass@relay:587; when absent, in demo mode an SMTP server in this
 *   process on 127.0.0.1:SMTP_PORT (any free port) whose mails /mail.html shows; otherwise the
 *   mails wait in the outbox, unsent, until the server runs with SMTP_URL)  MAIL_FROM
 *   PUBLIC_URL (the base of the links on receipts and in mails; http://<host>:<port>/ unless set)
 *   CORRECTION_SWEEP_SECONDS (60: how often observed requests whose correction deadline passed
 *   are moved to NO PRESENTADO; they are also settled whenever read, and once at start)
 *   PIDE_RENIEC_URL, PIDE_RENIEC_USER_DNI, PIDE_RENIEC_RUC, PIDE_RENIEC_PASSWORD, PIDE_SUNAT_URL,
 *   LOOKUP_DATA_FILE, LOOKUP_TIMEOUT_MS (the DNI and RUC look-ups: see server/lookups/env.ts)
 *   ALTCHA_HMAC_KEY (signs the ALTCHA challenges; every process of one desk must share it: without
 *   it each process makes its own and a challenge from one is refused by another), ALTCHA_MAX_NUMBER
 *   (50000), CAPTCHA_SECRET_<AGENCYID> (the reCAPTCHA / hCaptcha / Turnstile secret of an agency
 *   that configures one; required then), TRUST_PROXY (1: the client address is X-Forwarded-For's last)
 *   VERIFICATION_SECRET (the HMAC key email codes are stored with, besides a per-row salt; every
 *   process of one desk must share it; unset: the salt alone), OIDC_CLIENT_SECRET_<AGENCYID> (the
 *   OpenID Connect client secret of an agency with account.oidc; unset: a public client with PKCE)
 *   UPLOAD_EXPIRY_HOURS (24), UPLOAD_GRANTS_PER_ADDRESS (30), UPLOAD_GRANTS_PER_AGENCY (1000),
 *   UPLOAD_RESERVE_MB (2048), UPLOAD_RESERVE_PERCENT (5): uploads nobody filed, upload grants and
 *   the disk reserve (server/uploads/grants.ts)
 *   DOWNLOAD_GRANT_SECRET (signs the receipt/response download grants; every process of one desk
 *   must share it; unset: derived from VERIFICATION_SECRET, else random per process)
 *   CITIZEN_LIMITS (tracking=120,correction=60,filing=30,download=60: attempts per hour per client address)
 *   MPD_TEST_CLOCK (1: the server's clock can be placed with PUT /dev/clock {"now": "<ISO>"} and
 *   read with GET /dev/clock, for end-to-end tests; never set it on a real desk)
 *
 * Demo mode is explicit: the dev mailbox (`/dev/mails`) and the demo staff users exist only
 * with MPD_DEMO=1, never because a variable was forgotten; the settable clock only with
 * MPD_TEST_CLOCK=1 (MPD_DEMO does not open it).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { AgencyConfigError, formatConfigErrors } from '../src/config/errors.ts';
import { assertAgencyConfig } from '../src/config/load.ts';
import type { AgencyConfig } from '../src/config/schema.ts';
import { createApp } from './app.ts';
import { citizenLimitsFromEnv } from './http/citizen-limits.ts';
import { answerClientErrors } from './http/client-errors.ts';
import { CaptchaConfigError, captchaFromEnv } from './captcha/captcha.ts';
import { OffsetClock, systemClock, type Clock } from './clock.ts';
import { startCorrectionSweep } from './corrections/expiry.ts';
import { migrateToLatest } from './db/migrations.ts';
import { mountDevClock } from './dev-clock.ts';
import { createSqliteDatabase } from './db/sqlite.ts';
import { DevMailbox, mountDevMailbox } from './mail/dev-mailbox.ts';
import { mailAttachments } from './mail/attachments.ts';
import { MailSender, smtpTransport } from './mail/sender.ts';
import { localPublicUrl } from './links.ts';
import { oidcSecretVariable } from './oidc/sign-in.ts';
import type { IdentityOptions } from './verification/options.ts';
import { startHousekeeping } from './verification/housekeeping.ts';
import { LookupConfigError, lookupsFromEnv } from './lookups/env.ts';
import { fileResponseStorage } from './storage/responses.ts';
import { UploadLimitsError, uploadLimitsFromEnv } from './uploads/grants.ts';
import { isDemoMode, StaffCredentialsError, staffCredentialsFromEnv } from './staff/credentials.ts';
import { StaffSessionConfigError, staffSessionFromEnv } from './staff/sessions.ts';

function loadConfigs(configDir: string): AgencyConfig[] {
  const files = readdirSync(configDir)
    .filter((name) => name.endsWith('.json'))
    .sort();
  if (files.length === 0) throw new StartupError(`No hay configuraciones *.json en ${configDir}`);
  return files.map((name) => {
    const file = join(configDir, name);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new StartupError(`${file}: el archivo no es JSON válido: ${(error as Error).message}`);
    }
    try {
      return assertAgencyConfig(json);
    } catch (error) {
      if (error instanceof AgencyConfigError) {
        throw new StartupError(`${file}: configuración no válida:\n${formatConfigErrors(error.errors)}`);
      }
      throw error;
    }
  });
}

class StartupError extends Error {}

/**
 * Every folder the server writes (the database, uploads, response files), made and written once
 * now: a read-only or misplaced folder is said at start, by name, not as the first citizen's
 * upload failing.
 */
function checkWritableFolders(folders: string[]): void {
  for (const folder of folders) {
    const probe = join(folder, `.escritura-${process.pid}`);
    try {
      mkdirSync(folder, { recursive: true });
      writeFileSync(probe, '');
      rmSync(probe);
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      throw new StartupError(`No se puede escribir en la carpeta ${folder} (${code ?? message}). Revise que exista, sea una carpeta y el servidor tenga permiso de escritura, o indique otra con DATA_DIR.`);
    }
  }
}

/** Email codes, sessions and OpenID Connect: VERIFICATION_SECRET, TRUST_PROXY, OIDC_CLIENT_SECRET_<ID>. */
function identityFromEnv(env: NodeJS.ProcessEnv): IdentityOptions {
  return {
    trustProxy: env.TRUST_PROXY === '1',
    secret: env.VERIFICATION_SECRET?.trim() || undefined,
    oidcClientSecret: (agencyId) => env[oidcSecretVariable(agencyId)]?.trim() || undefined,
  };
}

/** createApp, with a third-party captcha configured without its secret said as a startup error. */
function createAppOrExplain(options: Parameters<typeof createApp>[0]): ReturnType<typeof createApp> {
  try {
    return createApp(options);
  } catch (error) {
    if (error instanceof CaptchaConfigError) throw new StartupError(error.message);
    throw error;
  }
}

/** How often uploads past their expiry are looked for. */
const UPLOAD_SWEEP_MS = 10 * 60 * 1000;

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8787);
  const host = process.env.HOST ?? '127.0.0.1';
  const dataDir = resolve(process.env.DATA_DIR ?? 'data');
  const configDir = resolve(process.env.CONFIG_DIR ?? 'demo/configs');
  const publicDir = process.env.PUBLIC_DIR ? resolve(process.env.PUBLIC_DIR) : existsSync('dist/demo') ? resolve('dist/demo') : undefined;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new StartupError(`PORT no válido: ${process.env.PORT}`);

  const configs = loadConfigs(configDir);
  checkWritableFolders([dataDir, join(dataDir, 'uploads'), join(dataDir, 'responses')]);
  const db = createSqliteDatabase(join(dataDir, 'mesa-de-partes.sqlite'));
  await migrateToLatest(db);

  let staff: ReturnType<typeof staffCredentialsFromEnv>;
  let staffSessions: ReturnType<typeof staffSessionFromEnv>;
  try {
    staff = staffCredentialsFromEnv(process.env, configs.map((config) => config.id));
    staffSessions = staffSessionFromEnv(process.env);
  } catch (error) {
    if (error instanceof StaffCredentialsError || error instanceof StaffSessionConfigError) throw new StartupError(error.message);
    throw error;
  }

  const demo = isDemoMode(process.env);
  // DNI and RUC look-ups: PIDE (PIDE_RENIEC_*, PIDE_SUNAT_URL), else LOOKUP_DATA_FILE (in demo
  // mode the committed fictitious padrón), else none (the form lets the citizen type).
  let lookups: ReturnType<typeof lookupsFromEnv>;
  try {
    lookups = lookupsFromEnv(process.env, demo);
  } catch (error) {
    if (error instanceof LookupConfigError) throw new StartupError(error.message);
    throw error;
  }
  console.log(`Consultas: DNI (${lookups.sources.person}), RUC (${lookups.sources.organization})`);
  const testClock = process.env.MPD_TEST_CLOCK === '1' ? new OffsetClock() : null;
  const clock: Clock = testClock ?? systemClock;
  const sweepSeconds = Number(process.env.CORRECTION_SWEEP_SECONDS ?? 60);
  if (!Number.isFinite(sweepSeconds) || sweepSeconds <= 0) {
    throw new StartupError(`CORRECTION_SWEEP_SECONDS no válido: ${process.env.CORRECTION_SWEEP_SECONDS}`);
  }
  // The public base of the desk pages, resolved once: the receipt's link (createApp) and the
  // mails' links (the sender) use the same. With PORT=0 the port is known once listening.
  const givenPublicUrl = process.env.PUBLIC_URL?.trim() || undefined;
  let publicUrl = givenPublicUrl;

  let captcha: ReturnType<typeof captchaFromEnv>;
  try {
    captcha = captchaFromEnv(process.env);
  } catch (error) {
    if (error instanceof CaptchaConfigError) throw new StartupError(error.message);
    throw error;
  }
  if (!captcha.altchaHmacKey && !demo && configs.some((config) => config.captcha.provider === 'altcha')) {
    console.warn('ADVERTENCIA: falta ALTCHA_HMAC_KEY; se usa una clave de este proceso. Defínala si corre más de un proceso del servidor.');
  }
  if (!process.env.DOWNLOAD_GRANT_SECRET?.trim() && !process.env.VERIFICATION_SECRET?.trim() && !demo) {
    console.warn('ADVERTENCIA: falta DOWNLOAD_GRANT_SECRET (o VERIFICATION_SECRET); los permisos de descarga se firman con una clave de este proceso. Defínala (la misma en todos los procesos).');
  }
  let citizenLimits: ReturnType<typeof citizenLimitsFromEnv>;
  try {
    citizenLimits = citizenLimitsFromEnv(process.env.CITIZEN_LIMITS);
  } catch (error) {
    throw new StartupError((error as Error).message);
  }
  if (!process.env.VERIFICATION_SECRET?.trim() && !demo && configs.some((config) => config.verification.email === 'required' || config.account.myRequests)) {
    console.warn('ADVERTENCIA: falta VERIFICATION_SECRET; los códigos enviados por correo se guardan solo con su sal. Defínala (la misma en todos los procesos).');
  }
  // Without hostnames a provider's token solved on any site using the same site key is taken
  // (and reCAPTCHA v2 and hCaptcha tokens do not even say which step they were solved for).
  for (const config of configs) {
    const captchaOf = config.captcha;
    if ((captchaOf.provider === 'recaptcha' || captchaOf.provider === 'hcaptcha' || captchaOf.provider === 'turnstile') && !captchaOf.hostnames) {
      console.warn(`ADVERTENCIA: la entidad «${config.id}» usa ${captchaOf.provider} sin "hostnames" en captcha; se acepta una verificación resuelta en cualquier sitio con la misma clave. Indique los sitios donde muestra la mesa de partes.`);
    }
  }

  let uploadLimits: ReturnType<typeof uploadLimitsFromEnv>;
  try {
    uploadLimits = uploadLimitsFromEnv(process.env);
  } catch (error) {
    if (error instanceof UploadLimitsError) throw new StartupError(error.message);
    throw error;
  }

  const app = createAppOrExplain({
    configs,
    db,
    dataDir,
    clock,
    publicDir,
    configDir,
    staffCredentials: staff.credentials,
    staffSessions,
    lookups: lookups.lookups,
    publicUrl: () => publicUrl,
    captcha,
    identity: identityFromEnv(process.env),
    uploadLimits,
    downloadGrantSecret: process.env.DOWNLOAD_GRANT_SECRET?.trim() || undefined,
    citizenLimits,
  });
  if (testClock) mountDevClock(app, testClock);
  // Mail: the agency's relay when SMTP_URL is set; in demo mode without it, an SMTP server in
  // this process whose mails the demo page /mail.html lists (GET /dev/mails); otherwise no
  // sender runs and the mails stay in the outbox until SMTP_URL is set (nothing is lost).
  let mailbox: DevMailbox | null = null;
  let smtpUrl = process.env.SMTP_URL?.trim() || undefined;
  if (!smtpUrl && demo) {
    const smtpPort = Number(process.env.SMTP_PORT ?? 0);
    if (!Number.isInteger(smtpPort) || smtpPort < 0 || smtpPort > 65535) throw new StartupError(`SMTP_PORT no válido: ${process.env.SMTP_PORT}`);
    mailbox = new DevMailbox();
    await mailbox.start(smtpPort);
    smtpUrl = mailbox.url;
    mountDevMailbox(app, mailbox);
  }
  let transport: ReturnType<typeof smtpTransport> | null = null;
  if (smtpUrl) {
    try {
      transport = smtpTransport(smtpUrl);
    } catch (error) {
      throw new StartupError(`SMTP_URL no válido: ${(error as Error).message}`);
    }
  }
  let sender: MailSender | null = null;

  const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
    const local = localPublicUrl(host, info.port);
    publicUrl = givenPublicUrl ?? local;
    console.log(`Mesa de partes lista en ${local}`);
    console.log(`Entidades: ${configs.map((config) => config.id).join(', ')}`);
    if (demo) console.log('Modo de demostración (MPD_DEMO=1): no lo use con datos reales.');
    if (testClock) console.log('Reloj de pruebas (MPD_TEST_CLOCK=1): PUT /dev/clock cambia la hora del servidor. No lo use con datos reales.');
    if (transport) {
      sender = new MailSender({
        db,
        clock,
        configs,
        transport,
        from: process.env.MAIL_FROM ?? 'Mesa de Partes Digital <mesadepartes@localhost>',
        publicUrl,
        attachmentsFor: mailAttachments(fileResponseStorage(dataDir)),
      });
      sender.start(5_000);
    } else {
      console.warn(
        'ADVERTENCIA: no se están enviando correos. Defina SMTP_URL=smtp://usuario:clave@servidor:587 para enviarlos; ' +
          'mientras tanto los correos quedan guardados en la base de datos (mail_outbox) y se enviarán cuando el servidor se inicie con SMTP_URL.',
      );
    }
    if (mailbox) console.log(`Correos de prueba: ${local}mail.html (SMTP en 127.0.0.1:${mailbox.port})`);
    if (staff.demo) {
      console.log('Consola de la mesa (/staff.html), usuarios de demostración (defina STAFF_CREDENTIALS=entidad:usuario:hash,… para otros; el hash lo da «npx mesa-de-partes hash-password»):');
      for (const credential of staff.credentials) console.log(`  ${credential.agencyId}: ${credential.user} / ${credential.password}`);
    } else if (staff.credentials.length === 0) {
      console.log('Consola de la mesa cerrada: defina STAFF_CREDENTIALS=entidad:usuario:hash,… para abrirla (el hash lo da «npx mesa-de-partes hash-password»).');
    } else {
      console.log(`Consola de la mesa: usuarios de STAFF_CREDENTIALS para ${[...new Set(staff.credentials.map((credential) => credential.agencyId))].join(', ')}.`);
    }
  }) as Server;
  answerClientErrors(server);

  // Observed requests whose deadline passed become NO PRESENTADO even if nobody reads them.
  const sweep = startCorrectionSweep(db, configs, clock, sweepSeconds * 1000);
  // Code mails that can no longer help lose their code even if no citizen comes by; old rate counters go.
  const housekeeping = startHousekeeping(db, clock);
  // Uploads nobody filed (finished or not) go once their time is up; spent grants with them.
  // The app's own upload store and limits (an S3 store is swept there, not under dataDir).
  const uploadSweep = app.startUploadSweep(UPLOAD_SWEEP_MS);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: cerrando la mesa de partes…`);
    // Let requests in flight (a filing's transaction, an upload chunk) finish, then leave.
    const forced = setTimeout(() => {
      console.error('Cierre forzado: algunas conexiones no terminaron a tiempo.');
      process.exit(1);
    }, 10_000);
    forced.unref();
    server.close(async () => {
      await sweep.stop();
      await housekeeping.stop();
      await uploadSweep.stop();
      await sender?.stop();
      await mailbox?.stop();
      await db.destroy();
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
