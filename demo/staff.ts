// The staff console of the demo: an agency's desk signs in with its staff credentials (the server
// answers with an HttpOnly session cookie this page never sees, and a CSRF token it keeps in
// memory and sends with every change), lists requests, opens one and observes, forwards or attends
// it, and reads the request's audit. Plain DOM on purpose: a demo page for the staff API, not a
// library element.
import { canTransition, observedOnce, statusLabel, REQUEST_STATUSES, type RequestStatus } from '../src/domain/lifecycle.ts';
import type { IsoDate } from '../src/domain/calendar.ts';
import { visibleText } from '../src/domain/text.ts';
import { formatLimaDateTime, formatNumericDate } from '../src/internal/format.ts';

/** The demo's agencies (demo/configs); `npm start` prints their demo credentials. */
const AGENCIES = [
  { id: 'cenares', name: 'CENARES' },
  { id: 'inpe', name: 'INPE' },
  { id: 'sis', name: 'SIS' },
  { id: 'ins', name: 'INS' },
];

interface Summary {
  requestNumber: string;
  status: RequestStatus;
  statusLabel: string;
  receivedAt: string;
  applicantName: string;
  applicantDocumentNumber: string;
  subject: string;
}
interface Named {
  id: string;
  name: string;
}
interface FileVersion {
  version: number;
  /** `correction`: a replacement the citizen sent for an observed document. */
  origin: 'filing' | 'correction';
  documentNumber: string | null;
  name: string;
  size: number;
  pages: number | null;
  createdAt: string;
}
interface StaffRequest extends Summary {
  deemedFiledDate: IsoDate;
  applicant: { documentType: string; documentNumber: string; name: string; email: string; phone: string | null };
  organization: { ruc: string; name: string } | null;
  procedure: Named | null;
  office: Named | null;
  documentKind: Named | null;
  documentNumber: string | null;
  folios: number | null;
  location: string;
  files: { slot: 'main' | 'annex'; index: number; versions: FileVersion[] }[];
  observations: { slot: string; index: number; version: number; name: string; note: string; observedAt: string }[];
  /** Set once observed: the correction deadline and, once corrected, when. */
  correction: { dueAt: string; dueDate: IsoDate; receivedAt: string | null } | null;
  timeline: { at: string; stage: RequestStatus; origin: string; destination: string | null; note: string | null }[];
  /** Mails to the citizen the relay refused for good. */
  undeliveredMails: { kind: string; about: string; recipient: string; queuedAt: string; error: string | null }[];
}
interface Problem {
  title: string;
  detail?: string;
  code?: string;
}
interface StaffSession {
  agencyId: string;
  user: string;
  csrfToken: string;
  expiresAt: string;
}
interface AuditEntry {
  at: string;
  user: string;
  action: 'sign-in' | 'sign-in-failed' | 'sign-out' | 'observe' | 'forward' | 'attend' | 'download';
  detail: string | null;
  address: string;
  userAgent: string;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const ACTION_LABELS: Record<AuditEntry['action'], string> = {
  'sign-in': 'Ingresó',
  'sign-in-failed': 'Ingreso fallido',
  'sign-out': 'Salió',
  observe: 'Observó',
  forward: 'Derivó',
  attend: 'Atendió',
  download: 'Descargó',
};

/** Which agency this tab signed in to (not a secret: the session itself is the HttpOnly cookie). */
const AGENCY_KEY = 'mpd-staff-agency';

const session: { agencyId: string; user: string; csrfToken: string; offices: Named[] } = { agencyId: '', user: '', csrfToken: '', offices: [] };
const listState = { page: 1, pageSize: 10, filters: new URLSearchParams() };

const root = document.getElementById('consola')!;
const message = document.getElementById('mensaje')!;
const errorBox = document.getElementById('error')!;

type Child = Node | string | null | undefined | false;
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

let ids = 0;
const uid = (prefix: string) => `${prefix}-${++ids}`;

function say(text: string): void {
  errorBox.textContent = '';
  message.textContent = text;
}
function fail(error: unknown): void {
  message.textContent = '';
  errorBox.textContent = error instanceof Error ? error.message : 'Ocurrió un error inesperado.';
}

/** `24/07/2026 18:00:00`, Lima time, four-digit year (the library's one date formatter). */
const when = (iso: string) => formatLimaDateTime(iso);
const documentLabel = (slot: string, index: number) => (slot === 'main' ? 'Documento principal' : `Anexo ${index}`);

async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  // The session cookie goes by itself (same origin); a change also carries the CSRF token.
  const headers: Record<string, string> = method === 'GET' ? {} : { 'x-csrf-token': session.csrfToken };
  // A FormData body goes as multipart (the browser sets its Content-Type and boundary).
  const form = init.body instanceof FormData;
  if (init.body !== undefined && !form) headers['content-type'] = 'application/json';
  const response = await fetch(`/api/${session.agencyId}/staff${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: init.body === undefined ? undefined : form ? (init.body as FormData) : JSON.stringify(init.body),
  });
  if (!response.ok) throw await apiError(response);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

async function apiError(response: Response): Promise<ApiError> {
  try {
    const problem = (await response.json()) as Problem;
    return new ApiError(response.status, problem.detail ?? problem.title, problem.code);
  } catch {
    return new ApiError(response.status, `El servidor respondió ${response.status}.`);
  }
}

async function startSession(signedIn: StaffSession, agencyName: string, resumed: boolean): Promise<void> {
  session.agencyId = signedIn.agencyId;
  session.user = signedIn.user;
  session.csrfToken = signedIn.csrfToken;
  sessionStorage.setItem(AGENCY_KEY, signedIn.agencyId);
  const config = (await (await fetch(`/api/${session.agencyId}/config`)).json()) as { offices?: Named[] };
  session.offices = config.offices ?? [];
  say(`${resumed ? 'Sigue en' : 'Ingresó a'} la mesa de partes de ${agencyName} como ${signedIn.user}. La sesión se cierra sola tras un tiempo sin uso.`);
  await showList();
}

// ---------------------------------------------------------------- login

function showLogin(): void {
  session.csrfToken = '';
  sessionStorage.removeItem(AGENCY_KEY);
  const agency = h('select', { id: 'entidad', name: 'entidad', required: true }, ...AGENCIES.map((a) => h('option', { value: a.id }, a.name)));
  const user = h('input', { id: 'usuario', name: 'usuario', autocomplete: 'username', required: true, value: 'mesa' });
  const password = h('input', { id: 'clave', name: 'clave', type: 'password', autocomplete: 'current-password', required: true });
  const form = h(
    'form',
    { class: 'panel stack', 'aria-labelledby': 'titulo-ingreso' },
    h('h2', { id: 'titulo-ingreso' }, 'Ingresar'),
    h('p', {}, 'Use las credenciales de la mesa de partes de la entidad. En la demostración son «mesa» y «mesa-<entidad>» (por ejemplo, mesa-cenares), salvo que el servidor defina STAFF_CREDENTIALS.'),
    h('label', { for: 'entidad' }, 'Entidad', agency),
    h('label', { for: 'usuario' }, 'Usuario', user),
    h('label', { for: 'clave' }, 'Contraseña', password),
    h('div', {}, h('button', { type: 'submit' }, 'Ingresar')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const response = await fetch(`/api/${agency.value}/staff/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ user: user.value, password: password.value }),
      });
      if (!response.ok) throw await apiError(response);
      password.value = '';
      await startSession((await response.json()) as StaffSession, agency.selectedOptions[0]?.textContent ?? agency.value, false);
    } catch (error) {
      fail(error);
      password.focus();
    }
  });
  root.replaceChildren(form);
  agency.focus();
}

// ---------------------------------------------------------------- list

async function showList(focus = true): Promise<void> {
  const params = new URLSearchParams(listState.filters);
  params.set('page', String(listState.page));
  params.set('pageSize', String(listState.pageSize));
  let list: { items: Summary[]; page: number; pageSize: number; total: number };
  try {
    list = await api(`/requests?${params}`);
  } catch (error) {
    return handle(error);
  }

  const field = (label: string, input: HTMLInputElement | HTMLSelectElement) => {
    input.id = uid('filtro');
    return h('label', { for: input.id }, label, input);
  };
  const status = h('select', { name: 'status' }, h('option', { value: '' }, 'Todos'), ...REQUEST_STATUSES.map((s) => h('option', { value: s }, statusLabel(s))));
  status.value = listState.filters.get('status') ?? '';
  const input = (name: string, type = 'text') => h('input', { name, type, value: listState.filters.get(name) ?? '' });
  const filters = h(
    'form',
    { class: 'fields', role: 'search', 'aria-label': 'Filtrar solicitudes' },
    field('Estado', status),
    field('Número de solicitud', input('number')),
    field('Documento de identidad', input('documentNumber')),
    field('Recibida desde', input('from', 'date')),
    field('Recibida hasta', input('to', 'date')),
    h('button', { type: 'submit' }, 'Buscar'),
  );
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(filters);
    listState.filters = new URLSearchParams();
    for (const [name, value] of data) if (typeof value === 'string' && value.trim()) listState.filters.set(name, value.trim());
    listState.page = 1;
    void showList();
  });

  const rows = list.items.map((item) => {
    const open = h('button', { type: 'button', class: 'secondary' }, `Abrir ${item.requestNumber}`);
    open.addEventListener('click', () => void showRequest(item.requestNumber));
    return h(
      'tr',
      {},
      h('td', {}, item.requestNumber),
      h('td', {}, item.statusLabel),
      h('td', {}, when(item.receivedAt)),
      h('td', {}, `${item.applicantName} (${item.applicantDocumentNumber})`),
      h('td', {}, item.subject),
      h('td', {}, open),
    );
  });
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const previous = h('button', { type: 'button', class: 'secondary', disabled: list.page <= 1 }, 'Anterior');
  const next = h('button', { type: 'button', class: 'secondary', disabled: list.page >= pages }, 'Siguiente');
  previous.addEventListener('click', () => {
    listState.page--;
    void showList();
  });
  next.addEventListener('click', () => {
    listState.page++;
    void showList();
  });
  const logout = h('button', { type: 'button', class: 'secondary' }, 'Salir');
  logout.addEventListener('click', async () => {
    try {
      await api('/session', { method: 'DELETE' });
    } catch {
      // an ended session is signed out already
    }
    showLogin();
    say('Salió de la consola.');
  });

  const heading = h('h2', { tabindex: '-1', id: 'titulo-lista' }, 'Solicitudes');
  root.replaceChildren(
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'titulo-lista' },
      heading,
      filters,
      h('p', {}, `${list.total} solicitud${list.total === 1 ? '' : 'es'}.`),
      list.items.length === 0
        ? h('p', {}, 'No hay solicitudes con estos filtros.')
        : h(
            'table',
            {},
            h('caption', { class: 'visually-hidden' }, 'Solicitudes recibidas'),
            h('thead', {}, h('tr', {}, ...['N° de solicitud', 'Estado', 'Recibida', 'Solicitante', 'Asunto', 'Acción'].map((text) => h('th', { scope: 'col' }, text)))),
            h('tbody', {}, ...rows),
          ),
      h('div', { class: 'pager' }, previous, h('span', {}, `Página ${list.page} de ${pages}`), next),
      h('div', { class: 'actions' }, logout),
    ),
  );
  if (focus) heading.focus();
}

// ---------------------------------------------------------------- one request

async function showRequest(number: string, focus = true): Promise<void> {
  let request: StaffRequest;
  let audit: AuditEntry[];
  try {
    request = await api(`/requests/${encodeURIComponent(number)}`);
    audit = (await api<{ items: AuditEntry[] }>(`/requests/${encodeURIComponent(number)}/audit`)).items;
  } catch (error) {
    return handle(error);
  }
  // Text the citizen typed or named is shown without the marks that could reorder it.
  const fact = (label: string, value: string | number | null | undefined) =>
    value === null || value === undefined || value === '' ? [] : [h('dt', {}, label), h('dd', {}, visibleText(String(value)))];
  const facts = h(
    'dl',
    { class: 'facts' },
    ...fact('Estado', request.statusLabel),
    ...fact('Ubicación', request.location),
    ...fact('Recibida', when(request.receivedAt)),
    ...fact('Se tiene por presentada el', formatNumericDate(request.deemedFiledDate)),
    ...fact('Plazo para subsanar', request.correction && `hasta el ${formatNumericDate(request.correction.dueDate)} a las 23:59`),
    ...fact('Subsanada el', request.correction?.receivedAt && when(request.correction.receivedAt)),
    ...fact('Solicitante', `${request.applicant.name} (${request.applicant.documentType} ${request.applicant.documentNumber})`),
    ...fact('Correo', request.applicant.email),
    ...fact('Teléfono', request.applicant.phone),
    ...fact('Representa a', request.organization && `${request.organization.name} (RUC ${request.organization.ruc})`),
    ...fact('Trámite', request.procedure?.name),
    ...fact('Dependencia', request.office?.name),
    ...fact('Tipo de documento', request.documentKind?.name),
    ...fact('N° de documento', request.documentNumber),
    ...fact('Folios', request.folios),
    ...fact('Asunto', request.subject),
  );

  // Every version of every document: a correction adds one and never replaces the earlier.
  const files = h(
    'table',
    {},
    h('caption', { class: 'visually-hidden' }, 'Documentos de la solicitud y sus versiones; la última versión de cada documento es la vigente.'),
    h('thead', {}, h('tr', {}, ...['Documento', 'Versión', 'Archivo', 'Origen', 'N° de documento', 'Recibido', 'Descargar'].map((text) => h('th', { scope: 'col' }, text)))),
    h(
      'tbody',
      {},
      ...request.files.flatMap((file) =>
        file.versions.map((version, i) => {
          const download = h('button', { type: 'button', class: 'secondary' }, `Descargar ${version.name}`);
          download.addEventListener('click', () => void downloadFile(request.requestNumber, file.slot, file.index, version.version, version.name));
          const latest = i === file.versions.length - 1;
          return h(
            'tr',
            {},
            h('th', { scope: 'row' }, documentLabel(file.slot, file.index)),
            h('td', {}, `${version.version}${latest && file.versions.length > 1 ? ' (vigente)' : ''}`),
            h('td', {}, `${visibleText(version.name)} (${(version.size / 1024).toFixed(0)} KB${version.pages ? `, ${version.pages} pág.` : ''})`),
            h('td', {}, version.origin === 'correction' ? 'Subsanación del ciudadano' : 'Presentación'),
            h('td', {}, version.documentNumber ?? '-'),
            h('td', {}, when(version.createdAt)),
            h('td', {}, download),
          );
        }),
      ),
    ),
  );

  // The last entry is where the request stands now: said in words, not only by its position.
  const current = request.timeline.length - 1;
  const timeline = h(
    'table',
    {},
    h('caption', {}, `Seguimiento de la solicitud ${request.requestNumber}: ${request.timeline.length} etapa${request.timeline.length === 1 ? '' : 's'}, la última es la etapa actual.`),
    h('thead', {}, h('tr', {}, ...['N°', 'Etapa', 'Fecha', 'Entidad origen', 'Entidad destino', 'Observaciones'].map((text) => h('th', { scope: 'col' }, text)))),
    h(
      'tbody',
      {},
      ...request.timeline.map((entry, i) =>
        h(
          'tr',
          i === current ? { class: 'current' } : {},
          h('th', { scope: 'row' }, String(i + 1)),
          h('td', {}, statusLabel(entry.stage), i === current ? h('strong', { class: 'current-stage' }, ' (Etapa actual)') : null),
          h('td', {}, when(entry.at)),
          h('td', {}, entry.origin),
          h('td', {}, entry.destination ?? '-'),
          h('td', {}, entry.note ?? ''),
        ),
      ),
    ),
  );

  // What was observed, and what the citizen did about it (the replacement, or nothing yet).
  const correctionOf = (slot: string, index: number) => {
    const versions = request.files.find((file) => file.slot === slot && file.index === index)?.versions ?? [];
    const replacement = versions.find((version) => version.origin === 'correction');
    if (replacement) return `Subsanado con ${replacement.name} (versión ${replacement.version}) el ${when(replacement.createdAt)}`;
    if (request.status === 'NO_PRESENTADO') return 'No se subsanó a tiempo';
    return request.correction ? `Pendiente; plazo hasta el ${formatNumericDate(request.correction.dueDate)} a las 23:59` : 'Pendiente';
  };
  const observations =
    request.observations.length === 0
      ? null
      : h(
          'div',
          {},
          h('h3', {}, 'Documentos observados'),
          h(
            'table',
            {},
            h('caption', { class: 'visually-hidden' }, 'Documentos observados, la observación y su subsanación'),
            h('thead', {}, h('tr', {}, ...['Documento', 'Archivo observado', 'Observación', 'Observado el', 'Subsanación'].map((text) => h('th', { scope: 'col' }, text)))),
            h(
              'tbody',
              {},
              ...request.observations.map((o) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, documentLabel(o.slot, o.index)),
                  h('td', {}, `${visibleText(o.name)} (versión ${o.version})`),
                  h('td', {}, o.note),
                  h('td', {}, when(o.observedAt)),
                  h('td', {}, correctionOf(o.slot, o.index)),
                ),
              ),
            ),
          ),
        );

  // Who did what with this request, from where: the desk's own record (oldest first).
  const auditTable =
    audit.length === 0
      ? h('p', {}, 'Nadie de la mesa actuó aún sobre esta solicitud.')
      : h(
          'table',
          {},
          h('caption', { class: 'visually-hidden' }, `Registro de la mesa para la solicitud ${request.requestNumber}`),
          h('thead', {}, h('tr', {}, ...['Fecha', 'Usuario', 'Acción', 'Detalle', 'Dirección', 'Navegador'].map((text) => h('th', { scope: 'col' }, text)))),
          h(
            'tbody',
            {},
            ...audit.map((entry) =>
              h(
                'tr',
                {},
                h('td', {}, when(entry.at)),
                h('td', {}, entry.user),
                h('td', {}, ACTION_LABELS[entry.action] ?? entry.action),
                h('td', {}, entry.detail ?? ''),
                h('td', {}, entry.address),
                h('td', {}, entry.userAgent.length > 60 ? `${entry.userAgent.slice(0, 60)}…` : entry.userAgent),
              ),
            ),
          ),
        );

  const history = request.timeline.map((entry) => entry.stage);
  const actionArea = h('div', {});
  const actions = h('div', { class: 'actions', role: 'group', 'aria-label': 'Acciones' });
  const addAction = (label: string, allowed: boolean, build: () => HTMLFormElement) => {
    if (!allowed) return;
    const button = h('button', { type: 'button' }, label);
    button.addEventListener('click', () => {
      const form = build();
      actionArea.replaceChildren(form);
      form.querySelector<HTMLElement>('input, select, textarea')?.focus();
    });
    actions.append(button);
  };
  addAction('Observar', canTransition(request.status, 'OBSERVADO') && !observedOnce(history), () => observeForm(request, actionArea));
  addAction('Derivar', canTransition(request.status, 'DERIVADO'), () => forwardForm(request, actionArea));
  addAction('Atender', canTransition(request.status, 'ATENDIDO'), () => attendForm(request, actionArea));
  const back = h('button', { type: 'button', class: 'secondary' }, 'Volver a la lista');
  back.addEventListener('click', () => void showList());
  actions.append(back);

  const heading = h('h2', { tabindex: '-1', id: 'titulo-solicitud' }, `Solicitud ${request.requestNumber}`);
  root.replaceChildren(
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'titulo-solicitud' },
      heading,
      undeliveredWarning(request),
      facts,
      h('h3', {}, 'Documentos'),
      files,
      observations,
      h('h3', {}, 'Seguimiento'),
      timeline,
      h('h3', {}, 'Registro de la mesa'),
      auditTable,
      actions,
      actionArea,
    ),
  );
  if (focus) heading.focus();
}

/** The mails the citizen never got: staff must tell them another way, above all an observation. */
function undeliveredWarning(request: StaffRequest): HTMLElement | null {
  if (request.undeliveredMails.length === 0) return null;
  const phone = request.applicant.phone ? ` al ${visibleText(request.applicant.phone)}` : '';
  return h(
    'div',
    { class: 'warning', role: 'note', 'aria-labelledby': 'aviso-correos' },
    h('h3', { id: 'aviso-correos' }, 'El administrado no recibió estos correos'),
    h(
      'ul',
      {},
      ...request.undeliveredMails.map((mail) =>
        h('li', {}, `${mail.about}: enviado a ${visibleText(mail.recipient)} el ${when(mail.queuedAt)}, el servidor de correo lo rechazó${mail.error ? ` («${visibleText(mail.error)}»)` : ''}.`),
      ),
    ),
    h('p', {}, `El correo no existe o no acepta mensajes. Llame al administrado${phone} para informarle y pídale un correo que funcione.`),
  );
}

function textArea(label: string, name: string, required = true): [HTMLLabelElement, HTMLTextAreaElement] {
  const area = h('textarea', { id: uid(name), name, required, maxlength: '2000' });
  return [h('label', { for: area.id }, label, area), area];
}

function actionForm(title: string, submitLabel: string, children: Node[], run: () => Promise<StaffRequest>, done: (r: StaffRequest) => string, area: HTMLElement): HTMLFormElement {
  const headingId = uid('accion');
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancelar');
  cancel.addEventListener('click', () => area.replaceChildren());
  const submit = h('button', { type: 'submit' }, submitLabel);
  const form = h('form', { class: 'stack', 'aria-labelledby': headingId }, h('h3', { id: headingId }, title), ...children, h('div', { class: 'actions' }, submit, cancel));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const request = await run();
      // Re-render first, then announce: the message must describe the page the user now sees
      // (announcing before let "Observar" linger next to "quedó observada").
      await showRequest(request.requestNumber);
      say(done(request));
    } catch (error) {
      submit.disabled = false;
      handle(error);
    }
  });
  return form;
}

function observeForm(request: StaffRequest, area: HTMLElement): HTMLFormElement {
  const [noteLabel, note] = textArea('Observación general (la recibirá el ciudadano)', 'nota');
  note.value = 'Se han encontrado observaciones en los documentos adjuntos. Revisar y subsanar.';
  const documents = request.files.map((file) => {
    const latest = file.versions[file.versions.length - 1]!;
    const check = h('input', { type: 'checkbox', id: uid('doc') });
    const [label, text] = textArea(`Observación de ${documentLabel(file.slot, file.index)}`, 'nota-doc', false);
    label.hidden = true;
    check.addEventListener('change', () => {
      label.hidden = !check.checked;
      text.required = check.checked;
      if (check.checked) text.focus();
    });
    const box = h('fieldset', { class: 'doc' }, h('label', { class: 'check', for: check.id }, check, `${documentLabel(file.slot, file.index)}: ${latest.name}`), label);
    return { file, check, text, box };
  });
  return actionForm(
    'Observar la solicitud',
    'Registrar observación',
    [noteLabel, h('p', {}, 'Marque los documentos observados y escriba qué debe subsanar en cada uno. Una solicitud se observa una sola vez.'), ...documents.map((d) => d.box)],
    () => {
      const chosen = documents.filter((d) => d.check.checked);
      if (chosen.length === 0) return Promise.reject(new Error('Marque al menos un documento observado.'));
      return api<StaffRequest>(`/requests/${encodeURIComponent(request.requestNumber)}/observe`, {
        body: { note: note.value, documents: chosen.map((d) => ({ slot: d.file.slot, index: d.file.index, note: d.text.value })) },
      });
    },
    (r) => `La solicitud ${r.requestNumber} quedó observada. Se enviará un correo al ciudadano.`,
    area,
  );
}

function forwardForm(request: StaffRequest, area: HTMLElement): HTMLFormElement {
  const id = uid('oficina');
  const office: HTMLSelectElement | HTMLInputElement =
    session.offices.length > 0
      ? h('select', { id, required: true }, ...session.offices.map((o) => h('option', { value: o.id }, o.name)))
      : h('input', { id, required: true, maxlength: '200', placeholder: 'Por ejemplo, Oficina de Logística' });
  const [noteLabel, note] = textArea('Nota (opcional)', 'nota', false);
  return actionForm(
    'Derivar la solicitud',
    'Derivar',
    [h('label', { for: id }, 'Oficina de destino', office), noteLabel],
    () =>
      api<StaffRequest>(`/requests/${encodeURIComponent(request.requestNumber)}/forward`, {
        body: session.offices.length > 0 ? { officeId: office.value, note: note.value || null } : { office: office.value, note: note.value || null },
      }),
    (r) => `La solicitud ${r.requestNumber} fue derivada a ${r.location}.`,
    area,
  );
}

function attendForm(request: StaffRequest, area: HTMLElement): HTMLFormElement {
  const [noteLabel, note] = textArea('Respuesta (la recibirá el ciudadano)', 'nota');
  const fileId = uid('respuesta');
  const file = h('input', { id: fileId, type: 'file', accept: 'application/pdf,.pdf' });
  return actionForm(
    'Atender la solicitud',
    'Atender',
    [noteLabel, h('label', { for: fileId }, 'Respuesta (PDF, opcional)', file)],
    () => {
      // Sent as multipart: the note, and the PDF when one was chosen.
      const body = new FormData();
      body.set('note', note.value);
      const chosen = file.files?.[0];
      if (chosen) body.set('file', chosen, chosen.name);
      return api<StaffRequest>(`/requests/${encodeURIComponent(request.requestNumber)}/attend`, { body });
    },
    (r) => `La solicitud ${r.requestNumber} quedó atendida.`,
    area,
  );
}

async function downloadFile(number: string, slot: string, index: number, version: number, name: string): Promise<void> {
  try {
    const response = await fetch(`/api/${session.agencyId}/staff/requests/${encodeURIComponent(number)}/files/${slot}/${index}?version=${version}`, {
      credentials: 'same-origin',
    });
    if (!response.ok) {
      const error = await apiError(response);
      throw error.status === 401 ? error : new ApiError(response.status, `No se pudo descargar ${name}.`);
    }
    const url = URL.createObjectURL(await response.blob());
    const link = h('a', { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    say(`Descargando ${name}.`);
  } catch (error) {
    handle(error);
  }
}

function handle(error: unknown): void {
  if (error instanceof ApiError && error.status === 401) {
    showLogin();
    fail(
      new Error(
        error.code === 'staff.sessionExpired'
          ? 'Su sesión terminó (por un tiempo sin uso o porque se cumplió su duración máxima). Ingrese de nuevo; lo que no había enviado se perdió.'
          : 'Su sesión no es válida. Ingrese de nuevo.',
      ),
    );
    return;
  }
  fail(error);
}

/** After a reload: the session cookie may still be open for the agency this tab used. */
async function resume(): Promise<void> {
  const agencyId = sessionStorage.getItem(AGENCY_KEY);
  const agency = AGENCIES.find((candidate) => candidate.id === agencyId);
  if (agency) {
    try {
      const response = await fetch(`/api/${agency.id}/staff/session`, { credentials: 'same-origin' });
      if (response.ok) return await startSession((await response.json()) as StaffSession, agency.name, true);
    } catch {
      // offline or the server is down: the sign-in form says the rest
    }
  }
  showLogin();
}

void resume();
