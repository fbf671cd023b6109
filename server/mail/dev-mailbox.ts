/**
 * An SMTP server inside the process, for `npm start` and the tests: it accepts every mail on
 * 127.0.0.1 (no auth, no TLS), parses it with mailparser and keeps it in memory, newest first,
 * so the demo page `mail.html` can show what the desk sent (`GET /dev/mails`). Not for
 * production: with `SMTP_URL` set the sender talks to the agency's relay and this never runs.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Env, Hono } from 'hono';

export interface ReceivedMail {
  id: number;
  messageId: string | null;
  from: string;
  to: string;
  subject: string;
  /** ISO instant the mailbox received it. */
  date: string;
  /** The `X-Mesa-De-Partes-Kind` header, e.g. `request.received`. */
  kind: string | null;
  text: string;
  html: string | null;
  attachments: { filename: string; contentType: string; size: number }[];
}

/** The most mails kept; older ones are forgotten. */
const MAX_MAILS = 500;
const MAX_MESSAGE_BYTES = 50 * 1024 * 1024;

export class DevMailbox {
  private readonly mails: ReceivedMail[] = [];
  private server: SMTPServer | null = null;
  private nextId = 1;
  private boundPort = 0;

  /** Starts listening on 127.0.0.1 (`port` 0: any free port); resolves to the port. */
  async start(port = 0): Promise<number> {
    if (this.server) return this.boundPort;
    const server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      hideSTARTTLS: true,
      logger: false,
      size: MAX_MESSAGE_BYTES,
      banner: 'Mesa de Partes - buzón de prueba',
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            this.keep({
              id: this.nextId++,
              messageId: parsed.messageId ?? null,
              from: addressText(parsed.from),
              to: addressText(parsed.to),
              subject: parsed.subject ?? '',
              date: new Date().toISOString(),
              kind: headerText(parsed.headers.get('x-mesa-de-partes-kind')),
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : null,
              attachments: parsed.attachments.map((file) => ({
                filename: file.filename ?? 'adjunto',
                contentType: file.contentType,
                size: file.size,
              })),
            });
            callback();
          })
          .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      },
    });
    server.on('error', (error) => console.error('[dev-mailbox]', error));
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.boundPort = (server.server.address() as AddressInfo).port;
    return this.boundPort;
  }

  get port(): number {
    return this.boundPort;
  }

  /** `smtp://127.0.0.1:<port>` for the sender. */
  get url(): string {
    return `smtp://127.0.0.1:${this.boundPort}`;
  }

  /** Stops listening; the mails received so far stay (a later `start` keeps adding to them). */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Newest first. */
  list(): ReceivedMail[] {
    return [...this.mails];
  }

  clear(): void {
    this.mails.length = 0;
  }

  /** Resolves when `count` mails have arrived, or rejects after `timeoutMs`. */
  async waitFor(count: number, timeoutMs = 5_000): Promise<ReceivedMail[]> {
    const until = Date.now() + timeoutMs;
    while (this.mails.length < count) {
      if (Date.now() > until) throw new Error(`Expected ${count} mails, got ${this.mails.length}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.list();
  }

  private keep(mail: ReceivedMail): void {
    this.mails.unshift(mail);
    if (this.mails.length > MAX_MAILS) this.mails.length = MAX_MAILS;
  }
}

/**
 * `GET /dev/mails`: the dev mailbox as JSON, newest first. Mounted only when the dev mailbox
 * runs (no `SMTP_URL`); it is a demo aid, not part of the public API contract.
 */
export function mountDevMailbox<E extends Env>(app: Hono<E>, mailbox: DevMailbox): void {
  app.get('/dev/mails', (c) => {
    c.header('cache-control', 'no-store');
    return c.json({ mails: mailbox.list() });
  });
}

function addressText(address: AddressObject | AddressObject[] | undefined): string {
  if (!address) return '';
  return (Array.isArray(address) ? address : [address]).map((item) => item.text).join(', ');
}

function headerText(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
