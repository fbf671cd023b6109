// The demo's mail page: lists what the in-process SMTP server received (GET /dev/mails),
// newest first, and shows one mail, its HTML in a sandboxed iframe (no scripts, no same origin).
// A type-only import: nothing of the server ends up in the page's bundle.
import type { ReceivedMail } from '../server/mail/dev-mailbox.ts';
import { formatLimaDateTime } from '../src/internal/format.ts';

const REFRESH_MS = 3_000;
const list = document.querySelector<HTMLUListElement>('#lista')!;
const view = document.querySelector<HTMLElement>('#correo')!;
const status = document.querySelector<HTMLElement>('#estado')!;

let mails: ReceivedMail[] = [];
let selected: number | null = null;
let lastStatus = '';

function setStatus(text: string): void {
  // Only changes are announced, so the refresh does not repeat itself to screen readers.
  if (text !== lastStatus) status.textContent = lastStatus = text;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function renderList(): void {
  const items = mails.map((mail) => {
    const item = element('li');
    const button = element('button');
    button.type = 'button';
    button.setAttribute('aria-current', String(mail.id === selected));
    button.append(element('strong', mail.subject || '(sin asunto)'), element('small', `Para: ${mail.to}`), element('small', formatLimaDateTime(mail.date)));
    button.addEventListener('click', () => {
      selected = mail.id;
      renderList();
      renderMail();
      view.focus();
    });
    item.append(button);
    return item;
  });
  list.replaceChildren(...items);
}

function renderMail(): void {
  const mail = mails.find((candidate) => candidate.id === selected);
  if (!mail) {
    view.replaceChildren(element('p', 'Elija un correo de la lista para leerlo.'));
    return;
  }
  const facts = element('dl');
  const fact = (label: string, value: string) => facts.append(element('dt', label), element('dd', value));
  fact('De', mail.from);
  fact('Para', mail.to);
  fact('Fecha', formatLimaDateTime(mail.date));
  if (mail.kind) fact('Tipo', mail.kind);
  fact('Adjuntos', mail.attachments.length ? mail.attachments.map((file) => `${file.filename} (${size(file.size)})`).join(', ') : 'ninguno');

  const body: HTMLElement[] = [element('h2', mail.subject || '(sin asunto)'), facts];
  if (mail.html) {
    const frame = element('iframe');
    frame.title = `Contenido del correo: ${mail.subject}`;
    frame.setAttribute('sandbox', 'allow-popups allow-popups-to-escape-sandbox');
    // Links in the mail open in a new tab instead of inside the frame.
    frame.srcdoc = mail.html.replace(/<head>/i, '<head><base target="_blank">');
    body.push(frame);
    const details = element('details');
    details.append(element('summary', 'Ver la versión de texto'), element('pre', mail.text));
    body.push(details);
  } else {
    body.push(element('pre', mail.text));
  }
  view.replaceChildren(...body);
}

async function refresh(): Promise<void> {
  try {
    const response = await fetch('/dev/mails', { cache: 'no-store' });
    if (response.status === 404) {
      setStatus('El buzón de prueba no está activo: el servidor envía los correos por SMTP_URL.');
      return;
    }
    if (!response.ok) throw new Error(String(response.status));
    const next = ((await response.json()) as { mails: ReceivedMail[] }).mails;
    const changed = next.length !== mails.length || next[0]?.id !== mails[0]?.id;
    mails = next;
    if (selected === null && mails[0]) selected = mails[0].id;
    if (changed) {
      renderList();
      renderMail();
    }
    setStatus(mails.length === 0 ? 'Todavía no llegó ningún correo. Presente una solicitud en una de las mesas de partes.' : mails.length === 1 ? '1 correo recibido.' : `${mails.length} correos recibidos.`);
  } catch {
    setStatus('No se pudo leer el buzón de prueba. Se volverá a intentar en unos segundos.');
  }
}

void refresh();
setInterval(() => void refresh(), REFRESH_MS);
