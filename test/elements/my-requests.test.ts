// <mpd-my-requests> ("Mis trámites", INPE's config) in real Chromium with an in-test backend
// (test/elements/account.fixtures.ts): sign-in by email code, the list, update and cancel with
// their confirmation steps, a session that ends in the middle of an update, sign-out, and the
// OpenID Connect button (the provider's discovery document is the only thing faked over fetch).
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { HttpDeskBackend } from '../../src/api/client.ts';
import { BackendError, type CitizenSession, type DeskBackend, type Receipt } from '../../src/api/types.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import { Captcha } from '../../src/elements/captcha/captcha.ts';
import { EmailVerification } from '../../src/elements/email-verification/email-verification.ts';
import { MyRequests, type RequestCancelledDetail, type RequestUpdatedDetail } from '../../src/elements/my-requests/my-requests.ts';
import { pkceChallenge } from '../../src/elements/my-requests/oidc.ts';
import { defineElement } from '../../src/internal/define.ts';
import { $, $$, AccountBackend, DNI, EMAIL, RIGHT_CODE, agency, pendingRequest, text, typeInto, waitFor } from './account.fixtures.ts';

declare function describe(name: string, body: () => void): void;
declare function it(name: string, body: (this: { timeout(ms: number): void }) => void | Promise<void>): void;
declare function afterEach(body: () => void | Promise<void>): void;
declare function before(body: (this: { timeout(ms: number): void }) => void | Promise<void>): void;

defineElement(MyRequests);
defineElement(Captcha);
defineElement(EmailVerification);

const PENDING = 'INPE-2026-000012';
const ATTENDED = 'INPE-2026-000007';

afterEach(() => sessionStorage.clear());

async function mount(backend: DeskBackend = new AccountBackend(), config: AgencyConfig = agency('inpe')): Promise<MyRequests> {
  const element = await fixture<MyRequests>(html`<mpd-my-requests .config=${config} .backend=${backend}></mpd-my-requests>`);
  await element.updateComplete;
  return element;
}

/** Clicks `selector` and waits until the element is no longer busy with what it started. */
async function press(element: MyRequests, selector: string): Promise<void> {
  const button = $<HTMLButtonElement>(element, selector);
  if (!button) throw new Error(`no ${selector}`);
  button.click();
  await element.updateComplete;
  await waitFor(() => !element.busy, `${selector} to settle`, 20000);
  await element.updateComplete;
}

const message = (element: MyRequests) => text($(element, '#message'));
const newEmailVerification = (element: MyRequests) => $<EmailVerification>(element, 'mpd-email-verification');

/** The new email's code, as the citizen proves it: "Enviar código", the code, "Validar". */
async function proveNewEmail(element: MyRequests, code = RIGHT_CODE): Promise<void> {
  const verification = newEmailVerification(element);
  if (!verification) throw new Error('no <mpd-email-verification> for the new email');
  await press(verification as unknown as MyRequests, '#send-code');
  await typeInto(verification, 'code', code);
  await press(verification as unknown as MyRequests, '#confirm-code');
  await element.updateComplete;
}
const rowOf = (element: MyRequests, number: string) => $(element, `tr[data-request="${number}"]`);

async function fillSignIn(element: MyRequests, email = EMAIL, dni = DNI): Promise<void> {
  await typeInto(element, 'a-email', email);
  await typeInto(element, 'a-documentNumber', dni);
}

/** Email, DNI, "Enviar código", the code, "Ingresar": the list is shown. */
async function signIn(element: MyRequests, code = RIGHT_CODE): Promise<void> {
  await fillSignIn(element);
  await press(element, '#send-code');
  await typeInto(element, 'a-code', code);
  await press(element, '#sign-in');
}

describe('<mpd-my-requests>', () => {
  it('checks the sign-in fields, sends a code, refuses a wrong one and lists the requests with the right one', async () => {
    const backend = new AccountBackend();
    const element = await mount(backend);
    const signedIn: CitizenSession[] = [];
    element.addEventListener('mpd-signed-in', (event) => signedIn.push(event.detail.session));
    expect(text($(element, 'h2'))).to.equal('Mis trámites');
    expect($(element, '#oidc')).to.equal(null);
    expect($$<HTMLOptionElement>(element, '#a-documentType option').map((option) => option.value)).to.deep.equal(['DNI', 'CE', 'PTP']);

    await press(element, '#send-code');
    expect(text($(element, '#signin-summary'))).to.contain('Escriba su correo electrónico');
    expect(text($(element, '#signin-summary'))).to.contain('Escriba su número de DNI');
    expect(backend.callsOf('requestVerificationCode')).to.have.length(0);

    await fillSignIn(element, EMAIL, '1011741');
    await press(element, '#send-code');
    expect(text($(element, '#a-documentNumber-error'))).to.contain('El DNI tiene 8 dígitos');
    await typeInto(element, 'a-documentNumber', DNI);
    await press(element, '#send-code');
    expect($(element, '#signin-summary')).to.equal(null);
    expect(backend.callsOf('requestVerificationCode')).to.deep.equal([[EMAIL, null]]);
    expect(element.shadowRoot!.activeElement?.id).to.equal('a-code');
    expect(text($(element, '#code-sent'))).to.contain(`Enviamos un código de 6 dígitos a ${EMAIL}`);

    await typeInto(element, 'a-code', '111111');
    await press(element, '#sign-in');
    expect(text($(element, '#a-code-error'))).to.contain('El código no es correcto. Le quedan 2 intentos.');
    expect($<HTMLInputElement>(element, '#a-email')!.value).to.equal(EMAIL);
    expect($<HTMLInputElement>(element, '#a-documentNumber')!.value).to.equal(DNI);

    await typeInto(element, 'a-code', RIGHT_CODE);
    await press(element, '#sign-in');
    expect(backend.callsOf('signInWithEmailCode')[1]).to.deep.equal([{ email: EMAIL, code: RIGHT_CODE, documentType: 'DNI', documentNumber: DNI }]);
    expect(signedIn.map((session) => session.email)).to.deep.equal([EMAIL]);
    await waitFor(() => Boolean($(element, '#requests')), 'the list');
    expect(text($(element, '.session'))).to.contain(`Ingresó como ${EMAIL}.`);
    const pending = rowOf(element, PENDING)!;
    expect(text(pending.querySelector('[part="status"]'))).to.equal('PENDIENTE DE VALIDACIÓN');
    expect(text(pending)).to.contain('Solicito copia certificada de mi expediente.');
    expect(text(pending)).to.contain('24/07/2026 10:00:00');
    expect(text(pending.querySelector('[data-action="update"]'))).to.equal(`Actualizar la solicitud ${PENDING}`);
    expect(text(pending.querySelector('[data-action="cancel"]'))).to.equal(`Anular la solicitud ${PENDING}`);
    const attended = rowOf(element, ATTENDED)!;
    expect(text(attended.querySelector('[part="status"]'))).to.equal('ATENDIDO');
    expect(attended.querySelector('button')).to.equal(null);
    const kept = JSON.parse(sessionStorage.getItem('mpd:inpe:session')!) as CitizenSession;
    expect(kept.token).to.equal(element.currentSession!.token);
    // Other suites leave tus upload URLs in localStorage; none of it may be the session.
    const stored = Object.keys(localStorage).map((key) => `${key}=${localStorage.getItem(key) ?? ''}`);
    expect(stored.filter((entry) => entry.startsWith('mpd:') || entry.includes(kept.token))).to.deep.equal([]);
    expect(document.cookie).to.equal('');
  });

  it('an agency with the default captcha on email codes: the sign-in solves it and sends its answer with the code request', async function () {
    this.timeout(30000);
    const { origin } = await executeServerCommand<{ origin: string }, Record<string, never>>('start-backend', {});
    // The challenges come from the reference server (real ALTCHA); the rest from the in-test backend.
    class WithCaptcha extends AccountBackend {
      async captchaChallenge(place: string) {
        return (await fetch(`${origin.replace(/\/$/, '')}/api/cenares/captcha/challenge?place=${place}`)).json();
      }
    }
    const backend = new WithCaptcha();
    const config = agency('inpe');
    config.captcha = { provider: 'altcha', on: ['verification'] };
    const element = await mount(backend, config);
    expect($(element, '#verification-captcha')).to.not.equal(null);
    await fillSignIn(element);
    await press(element, '#send-code');
    const [[email, options]] = backend.callsOf('requestVerificationCode') as [[string, { captcha?: string } | null]];
    expect(email).to.equal(EMAIL);
    expect(options?.captcha ?? '', 'the solved ALTCHA answer').to.match(/^[A-Za-z0-9+/=]{20,}$/);
  });

  it('explains a sign-in the server refuses for its data, or with no answer, keeping what was typed', async () => {
    const backend = new AccountBackend();
    const element = await mount(backend);
    await fillSignIn(element);
    await press(element, '#send-code');
    await typeInto(element, 'a-code', RIGHT_CODE);
    backend.failNextCall('signInWithEmailCode', new BackendError(422, 'session.invalid', 'Revise sus datos de ingreso'));
    await press(element, '#sign-in');
    expect(message(element)).to.equal('La mesa de partes no aceptó estos datos de ingreso. Revise su correo electrónico y su documento de identidad.');
    backend.failNextCall('signInWithEmailCode', new BackendError(0, 'network.unreachable', 'sin red'));
    await press(element, '#sign-in');
    expect(text($(element, '#code-message'))).to.contain('No pudimos comunicarnos con la mesa de partes. Sus datos siguen aquí');
    expect($<HTMLInputElement>(element, '#a-code')!.value).to.equal(RIGHT_CODE);
    expect($<HTMLInputElement>(element, '#a-email')!.value).to.equal(EMAIL);
    await press(element, '#sign-in');
    await waitFor(() => Boolean($(element, '#requests')), 'the list');
  });

  it('keeps the session through a reload of the tab, and ends it on "Cerrar sesión"', async () => {
    const backend = new AccountBackend();
    const first = await mount(backend);
    await signIn(first);
    const token = first.currentSession!.token;
    const again = await mount(backend);
    await waitFor(() => Boolean($(again, '#requests')), 'the list without signing in again');
    expect(again.currentSession!.token).to.equal(token);

    let signedOut = 0;
    again.addEventListener('mpd-signed-out', () => signedOut++);
    await press(again, '#sign-out');
    expect(signedOut).to.equal(1);
    expect(backend.callsOf('signOut')).to.deep.equal([[token]]);
    expect(backend.sessions.has(token)).to.equal(false);
    expect(message(again)).to.equal('Cerró su sesión.');
    expect($(again, '#a-email')).to.exist;
    expect(sessionStorage.getItem('mpd:inpe:session')).to.equal(null);
  });

  it('updates a pending request after a confirmation that shows old → new, checked with the filing rules', async () => {
    const backend = new AccountBackend();
    const element = await mount(backend);
    const updated: RequestUpdatedDetail[] = [];
    element.addEventListener('mpd-request-updated', (event) => updated.push(event.detail));
    await signIn(element);
    await press(element, `tr[data-request="${PENDING}"] [data-action="update"]`);
    expect(text($(element, '#screen-title'))).to.equal(`Actualizar la solicitud N° ${PENDING}`);
    expect($<HTMLInputElement>(element, '#u-subject')!.value).to.equal('Solicito copia certificada de mi expediente.');
    expect($<HTMLInputElement>(element, '#u-documentNumber')!.value).to.equal('CARTA 005-2026');
    expect(text($(element, '#u-documentNumber-hint'))).to.equal('Si el documento no tiene número, escriba SN.');
    expect($(element, '#u-subject')!.closest('[part="field"]')!.textContent).to.contain('Asunto del documento');

    await press(element, '#review');
    expect(message(element)).to.equal('No cambió ningún dato. Cambie al menos uno o vuelva a la lista.');

    await typeInto(element, 'u-subject', '   ');
    await typeInto(element, 'u-email', 'ana@');
    await typeInto(element, 'u-phone', 'llámeme');
    await press(element, '#review');
    const summary = text($(element, '#update-summary'));
    expect(summary).to.contain('Complete el campo «Asunto del documento»');
    expect(summary).to.contain('El correo electrónico lleva una sola @ entre el nombre y el dominio');
    expect(summary).to.contain('Escriba un teléfono válido');
    expect(element.shadowRoot!.activeElement?.id).to.equal('update-summary');

    await typeInto(element, 'u-subject', 'Solicito copia simple de mi expediente.');
    await typeInto(element, 'u-email', 'ana.nueva@example.pe');
    await typeInto(element, 'u-phone', '987654321');
    await typeInto(element, 'u-documentNumber', 'sn');
    await proveNewEmail(element);
    await press(element, '#review');
    expect(text($(element, '#confirm-title'))).to.equal('¿Confirma los cambios?');
    const rows = $$(element, '#changes tbody tr').map((row) => text(row));
    expect(rows).to.deep.equal([
      'Asunto del documento Solicito copia certificada de mi expediente. Solicito copia simple de mi expediente.',
      'Número del documento CARTA 005-2026 SN',
      'Correo electrónico ana.quispe@example.pe ana.nueva@example.pe',
    ]);

    await press(element, '#edit');
    expect($<HTMLInputElement>(element, '#u-email')!.value).to.equal('ana.nueva@example.pe');
    await press(element, '#review');
    await press(element, '#confirm');
    const changes = { subject: 'Solicito copia simple de mi expediente.', documentNumber: 'SN', email: 'ana.nueva@example.pe' };
    expect(backend.callsOf('updateMyRequest')).to.deep.equal([[element.currentSession!.token, PENDING, { ...changes, emailToken: 'token-for-ana.nueva@example.pe' }]]);
    expect(updated.map((detail) => detail.changes)).to.deep.equal([changes]);
    await waitFor(() => Boolean($(element, '#requests')), 'the refreshed list');
    expect(message(element)).to.equal(`Guardamos los cambios de su solicitud N° ${PENDING}. Le enviamos un correo con el detalle.`);
    expect(text(rowOf(element, PENDING))).to.contain('Solicito copia simple de mi expediente.');
    expect(backend.callsOf('listMyRequests')).to.have.length(2);
  });

  it('keeps the typed changes when the session ends mid-update, signs in again inline and sends them', async () => {
    const backend = new AccountBackend();
    backend.resendAfterSeconds = 0; // a second code at once (the server's wait is its own test)
    const element = await mount(backend);
    let signedOut = 0;
    element.addEventListener('mpd-signed-out', () => signedOut++);
    await signIn(element);
    await press(element, `tr[data-request="${PENDING}"] [data-action="update"]`);
    await typeInto(element, 'u-subject', 'Asunto corregido.');
    await press(element, '#review');
    backend.expireSessions();
    await press(element, '#confirm');
    expect(signedOut).to.equal(1);
    expect(message(element)).to.contain('Su sesión terminó antes de guardar. Guardamos lo que escribió');
    expect(text($(element, '#changes'))).to.contain('Asunto corregido.');
    expect($<HTMLInputElement>(element, '#a-email')!.value).to.equal(EMAIL);
    expect($<HTMLInputElement>(element, '#a-documentNumber')!.value).to.equal(DNI);
    expect($(element, '#confirm')).to.equal(null);

    await press(element, '#send-code');
    await typeInto(element, 'a-code', RIGHT_CODE);
    await press(element, '#sign-in');
    await waitFor(() => Boolean($(element, '#requests')), 'the refreshed list');
    const updates = backend.callsOf('updateMyRequest');
    expect(updates).to.have.length(2);
    expect(updates[1]).to.deep.equal([element.currentSession!.token, PENDING, { subject: 'Asunto corregido.' }]);
    expect(message(element)).to.contain('Guardamos los cambios de su solicitud');
    expect(text(rowOf(element, PENDING))).to.contain('Asunto corregido.');
  });

  it('a new email is proved with a code before the confirmation step, and its token goes with the changes', async () => {
    const backend = new AccountBackend();
    backend.resendAfterSeconds = 0;
    const element = await mount(backend);
    const updated: RequestUpdatedDetail[] = [];
    element.addEventListener('mpd-request-updated', (event) => updated.push(event.detail));
    await signIn(element);
    await press(element, `tr[data-request="${PENDING}"] [data-action="update"]`);
    expect(Boolean(newEmailVerification(element)), 'the same email: nothing to prove').to.equal(false);
    await typeInto(element, 'u-email', '  ANA.Quispe@example.pe ');
    expect(Boolean(newEmailVerification(element)), 'the same address in other case').to.equal(false);

    await typeInto(element, 'u-email', 'ana.nueva@example.pe');
    expect(newEmailVerification(element)!.email).to.equal('ana.nueva@example.pe');
    await press(element, '#review');
    expect(Boolean($(element, '#changes')), 'no confirmation before the proof').to.equal(false);
    expect(text($(element, '#u-email-error'))).to.contain('Valide el nuevo correo electrónico');

    await proveNewEmail(element, '111111');
    expect(text(newEmailVerification(element)!.shadowRoot!.querySelector('#code-error'))).to.contain('El código no es correcto');
    await typeInto(newEmailVerification(element)!, 'code', RIGHT_CODE);
    await press(newEmailVerification(element) as unknown as MyRequests, '#confirm-code');
    await element.updateComplete;
    expect(backend.callsOf('requestVerificationCode').at(-1)![0]).to.equal('ana.nueva@example.pe');
    expect(Boolean(newEmailVerification(element))).to.equal(false);
    expect(text($(element, '#u-email-verified'))).to.contain('Correo validado: ana.nueva@example.pe');
    expect(Boolean($(element, '#u-email-error'))).to.equal(false);

    // Another address: the proof of the first one does not hold for it.
    await typeInto(element, 'u-email', 'ana.otra@example.pe');
    expect(Boolean($(element, '#u-email-verified'))).to.equal(false);
    await press(element, '#review');
    expect(Boolean($(element, '#changes'))).to.equal(false);
    await typeInto(element, 'u-email', 'ana.nueva@example.pe');
    expect(Boolean(newEmailVerification(element)), 'a changed-again email asks a new code').to.equal(true);
    await proveNewEmail(element);

    await press(element, '#review');
    expect(text($(element, '#changes tr[data-field="email"]'))).to.contain('ana.nueva@example.pe');
    expect(Boolean($(element, '#changes tr[data-field="emailToken"]'))).to.equal(false);
    await press(element, '#edit');
    expect(text($(element, '#u-email-verified')), 'back from the confirmation: still proved').to.contain('ana.nueva@example.pe');
    await press(element, '#review');
    await press(element, '#confirm');
    expect(backend.callsOf('updateMyRequest')).to.deep.equal([
      [element.currentSession!.token, PENDING, { email: 'ana.nueva@example.pe', emailToken: 'token-for-ana.nueva@example.pe' }],
    ]);
    expect(updated[0]!.changes, 'the token stays out of the event').to.deep.equal({ email: 'ana.nueva@example.pe' });
    await waitFor(() => message(element).startsWith('Guardamos los cambios'), 'the update saved');
  });

  it('a token the server no longer takes: back to the form with everything typed, asking a new code', async () => {
    const backend = new AccountBackend();
    backend.resendAfterSeconds = 0;
    const element = await mount(backend);
    await signIn(element);
    await press(element, `tr[data-request="${PENDING}"] [data-action="update"]`);
    await typeInto(element, 'u-subject', 'Asunto nuevo.');
    await typeInto(element, 'u-email', 'ana.nueva@example.pe');
    await proveNewEmail(element);
    await press(element, '#review');
    backend.failNextCall(
      'updateMyRequest',
      new BackendError(422, 'filing.invalid', 'La validación venció', [{ field: 'email', code: 'verification.invalid' } as never]),
    );
    await press(element, '#confirm');
    expect(message(element)).to.equal('La mesa de partes no aceptó los cambios. Revise los datos e inténtelo de nuevo.');
    expect(text($(element, '#u-email-error'))).to.contain('La validación del nuevo correo electrónico venció o ya se usó');
    expect($<HTMLInputElement>(element, '#u-subject')!.value).to.equal('Asunto nuevo.');
    expect($<HTMLInputElement>(element, '#u-email')!.value).to.equal('ana.nueva@example.pe');
    expect(Boolean($(element, '#u-email-verified'))).to.equal(false);
    await proveNewEmail(element);
    await press(element, '#review');
    await press(element, '#confirm');
    const updates = backend.callsOf('updateMyRequest');
    expect(updates).to.have.length(2);
    expect(updates[1]![2]).to.deep.equal({ subject: 'Asunto nuevo.', email: 'ana.nueva@example.pe', emailToken: 'token-for-ana.nueva@example.pe' });
  });

  it('says plainly when the request is no longer pending, and refreshes the list', async () => {
    const backend = new AccountBackend();
    const element = await mount(backend);
    await signIn(element);
    await press(element, `tr[data-request="${PENDING}"] [data-action="update"]`);
    await typeInto(element, 'u-subject', 'Otro asunto.');
    await press(element, '#review');
    // Staff received it meanwhile: the list on screen is stale.
    backend.requests = [pendingRequest({ status: 'DERIVADO', statusLabel: 'DERIVADO', canUpdate: false, canCancel: false })];
    await press(element, '#confirm');
    await waitFor(() => Boolean($(element, '#requests')), 'the refreshed list');
    expect(message(element)).to.equal(
      `La solicitud N° ${PENDING} ya no está PENDIENTE DE VALIDACIÓN, por eso no se puede cambiar ni anular. La lista muestra su estado actual.`,
    );
    expect(text(rowOf(element, PENDING)!.querySelector('[part="status"]'))).to.equal('DERIVADO');
    expect(rowOf(element, PENDING)!.querySelector('button')).to.equal(null);
  });

  it('keeps what was typed when the server does not answer', async () => {
    const backend = new AccountBackend();
    const element = await mount(backend);
    await signIn(element);
    await press(element, `tr[data-request="${PENDING}"] [data-action="update"]`);
    await typeInto(element, 'u-subject', 'Asunto nuevo.');
    await press(element, '#review');
    backend.failNextCall('updateMyRequest', new BackendError(0, 'network.unreachable', 'sin red'));
    await press(element, '#confirm');
    expect(message(element)).to.contain('No pudimos comunicarnos con la mesa de partes. Sus datos siguen aquí');
    expect(text($(element, '#changes'))).to.contain('Asunto nuevo.');
    await press(element, '#confirm');
    await waitFor(() => Boolean($(element, '#requests')), 'the list');
    expect(backend.callsOf('updateMyRequest')).to.have.length(2);
  });

  it('cancels a pending request after a confirmation step, with an optional reason', async () => {
    const backend = new AccountBackend();
    const element = await mount(backend);
    const cancelled: RequestCancelledDetail[] = [];
    element.addEventListener('mpd-request-cancelled', (event) => cancelled.push(event.detail));
    await signIn(element);
    await press(element, `tr[data-request="${PENDING}"] [data-action="cancel"]`);
    expect(text($(element, '#screen-title'))).to.equal(`¿Anular la solicitud N° ${PENDING}?`);
    await press(element, '#back');
    expect($(element, '#requests')).to.exist;
    expect(backend.callsOf('cancelMyRequest')).to.have.length(0);

    await press(element, `tr[data-request="${PENDING}"] [data-action="cancel"]`);
    await typeInto(element, 'reason', 'x'.repeat(501));
    await press(element, '#confirm');
    expect(text($(element, '#reason-error'))).to.contain('El motivo puede tener hasta 500 caracteres');
    await typeInto(element, 'reason', '  Lo presenté dos veces.  ');
    await press(element, '#confirm');
    expect(backend.callsOf('cancelMyRequest')).to.deep.equal([[element.currentSession!.token, PENDING, 'Lo presenté dos veces.']]);
    expect(cancelled.map((detail) => detail.request.status)).to.deep.equal(['ANULADO']);
    await waitFor(() => Boolean($(element, '#requests')), 'the refreshed list');
    expect(message(element)).to.equal(`Anulamos su solicitud N° ${PENDING}. Le enviamos un correo con la constancia.`);
    expect(text(rowOf(element, PENDING)!.querySelector('[part="status"]'))).to.equal('ANULADO');
  });

  it('sends no reason when none is given, and asks to sign in again when the session ended on the list', async () => {
    const backend = new AccountBackend();
    const element = await mount(backend);
    await signIn(element);
    await press(element, `tr[data-request="${PENDING}"] [data-action="cancel"]`);
    await press(element, '#confirm');
    expect(backend.callsOf('cancelMyRequest')[0]![2]).to.equal(null);
    await waitFor(() => Boolean($(element, '#requests')), 'the list');
    backend.expireSessions();
    await element.loadList();
    await element.updateComplete;
    expect(message(element)).to.equal('Su sesión terminó. Ingrese de nuevo para continuar.');
    expect($<HTMLInputElement>(element, '#a-email')!.value).to.equal(EMAIL);
  });

  describe('OpenID Connect', () => {
    const ISSUER = 'https://id.example.gob.pe/';
    const AUTHORIZE = 'https://id.example.gob.pe/auth';

    function oidcConfig(): AgencyConfig {
      const config = agency('inpe');
      return { ...config, account: { ...config.account, oidc: { issuer: ISSUER, clientId: 'mpd-inpe', scopes: ['openid', 'email'], label: 'Ingresar con ID GOB.PE' } } };
    }

    /** The provider's discovery document: the one thing of the provider this test cannot run. */
    async function withDiscovery(body: (asked: string[]) => Promise<void>): Promise<void> {
      const realFetch = window.fetch;
      const asked: string[] = [];
      window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = String(input instanceof Request ? input.url : input);
        if (!url.startsWith('https://id.example.gob.pe/')) return realFetch(input, init);
        asked.push(url);
        return new Response(JSON.stringify({ issuer: 'https://id.example.gob.pe', authorization_endpoint: AUTHORIZE }), {
          headers: { 'content-type': 'application/json' },
        });
      };
      try {
        await body(asked);
      } finally {
        window.fetch = realFetch;
      }
    }

    it('builds the authorization URL with PKCE S256 and a state kept for the return', async () => {
      await withDiscovery(async (asked) => {
        const element = await mount(new AccountBackend(), oidcConfig());
        expect(text($(element, '#oidc'))).to.equal('Ingresar con ID GOB.PE');
        const urls: string[] = [];
        element.addEventListener('mpd-oidc-redirect', (event) => {
          event.preventDefault(); // no navigation in a test
          urls.push(event.detail.url);
        });
        await press(element, '#oidc');
        expect(asked).to.deep.equal(['https://id.example.gob.pe/.well-known/openid-configuration']);
        expect(urls).to.have.length(1);
        const url = new URL(urls[0]!);
        expect(`${url.origin}${url.pathname}`).to.equal(AUTHORIZE);
        const params = url.searchParams;
        const expectedRedirect = `${location.origin}${location.pathname}`;
        expect(params.get('response_type')).to.equal('code');
        expect(params.get('client_id')).to.equal('mpd-inpe');
        expect(params.get('redirect_uri')).to.equal(expectedRedirect);
        expect(params.get('scope')).to.equal('openid email');
        expect(params.get('code_challenge_method')).to.equal('S256');
        const kept = JSON.parse(sessionStorage.getItem('mpd:inpe:oidc')!) as { state: string; verifier: string; redirectUri: string };
        expect(params.get('state')).to.equal(kept.state);
        expect(kept.state).to.match(/^mt\./);
        expect(kept.verifier).to.match(/^[A-Za-z0-9_-]{43}$/);
        expect(params.get('code_challenge')).to.equal(await pkceChallenge(kept.verifier));
        expect(kept.redirectUri).to.equal(expectedRedirect);
      });
    });

    it('says so when the provider cannot be reached', async () => {
      const realFetch = window.fetch;
      window.fetch = async () => {
        throw new TypeError('Failed to fetch');
      };
      try {
        const element = await mount(new AccountBackend(), oidcConfig());
        await press(element, '#oidc');
        expect(message(element)).to.contain('No pudimos comunicarnos con el servicio de ingreso');
        expect($<HTMLButtonElement>(element, '#oidc')!.disabled).to.equal(false);
      } finally {
        window.fetch = realFetch;
      }
    });

    it('on the way back, has the backend exchange the code with the verifier and clears the address bar', async () => {
      const before = location.href;
      const redirectUri = `${location.origin}${location.pathname}`;
      sessionStorage.setItem('mpd:inpe:oidc', JSON.stringify({ state: 'mt.abc', verifier: 'v'.repeat(43), redirectUri }));
      history.replaceState(null, '', `${location.pathname}?code=the-code&state=mt.abc&iss=x`);
      try {
        const backend = new AccountBackend();
        const element = await mount(backend, oidcConfig());
        await waitFor(() => Boolean($(element, '#requests')), 'the list');
        expect(backend.callsOf('signInWithOidc')).to.deep.equal([[{ code: 'the-code', codeVerifier: 'v'.repeat(43), redirectUri }]]);
        expect(location.search).to.equal('');
        expect(sessionStorage.getItem('mpd:inpe:oidc')).to.equal(null);
        expect(element.currentSession!.method).to.equal('oidc');
      } finally {
        history.replaceState(null, '', before);
      }
    });

    it('a session that ended mid-update: the changes wait through the trip to the provider and come back to be confirmed', async () => {
      const before = location.href;
      const backend = new AccountBackend();
      backend.resendAfterSeconds = 0;
      try {
        await withDiscovery(async () => {
          const element = await mount(backend, oidcConfig());
          await signIn(element);
          await press(element, `tr[data-request="${PENDING}"] [data-action="update"]`);
          await typeInto(element, 'u-subject', 'Asunto corregido.');
          await typeInto(element, 'u-email', 'ana.nueva@example.pe');
          await proveNewEmail(element);
          await press(element, '#review');
          backend.expireSessions();
          await press(element, '#confirm');
          expect(message(element)).to.contain('Su sesión terminó antes de guardar');
          const urls: string[] = [];
          element.addEventListener('mpd-oidc-redirect', (event) => {
            event.preventDefault(); // the page would leave here
            urls.push(event.detail.url);
          });
          await press(element, '#oidc');
          expect(urls).to.have.length(1);
          const kept = sessionStorage.getItem('mpd:inpe:pending')!;
          expect(JSON.parse(kept)).to.deep.include({ kind: 'update', changes: { subject: 'Asunto corregido.', email: 'ana.nueva@example.pe' } });
          expect(kept, 'no token is stored').to.not.contain('token-for');
          const state = new URL(urls[0]!).searchParams.get('state');
          history.replaceState(null, '', `${location.pathname}?code=the-code&state=${state}`);
        });

        // The provider sends the citizen back: a new page, a new element.
        const element = await mount(backend, oidcConfig());
        await waitFor(() => Boolean($(element, '#u-subject')), 'the update form again');
        expect(backend.callsOf('signInWithOidc')).to.have.length(1);
        expect(backend.callsOf('updateMyRequest'), 'nothing sent unseen').to.have.length(1);
        expect(sessionStorage.getItem('mpd:inpe:pending')).to.equal(null);
        expect(message(element), 'the new email must be proved before anything can be confirmed').to.equal(
          'Ingresó de nuevo. Valide otra vez el nuevo correo para guardar los cambios.',
        );
        expect($<HTMLInputElement>(element, '#u-subject')!.value).to.equal('Asunto corregido.');
        expect($<HTMLInputElement>(element, '#u-email')!.value).to.equal('ana.nueva@example.pe');
        expect(text($(element, '#u-email-error')), 'the token was not kept: proved again').to.contain('Valide el nuevo correo electrónico');
        await proveNewEmail(element);
        await press(element, '#review');
        expect(text($(element, '#changes'))).to.contain('Asunto corregido.');
        await press(element, '#confirm');
        const updates = backend.callsOf('updateMyRequest');
        expect(updates).to.have.length(2);
        expect(updates[1]).to.deep.equal([
          element.currentSession!.token,
          PENDING,
          { subject: 'Asunto corregido.', email: 'ana.nueva@example.pe', emailToken: 'token-for-ana.nueva@example.pe' },
        ]);
        await waitFor(() => message(element).startsWith('Guardamos los cambios'), 'the update saved');
      } finally {
        history.replaceState(null, '', before);
      }
    });

    it('a kept subject change comes back straight to the confirmation step; a failed return keeps it for a sign-in by code', async () => {
      const before = location.href;
      const redirectUri = `${location.origin}${location.pathname}`;
      const kept = { kind: 'update', request: pendingRequest(), changes: { subject: 'Asunto corregido.' } };
      try {
        sessionStorage.setItem('mpd:inpe:pending', JSON.stringify(kept));
        sessionStorage.setItem('mpd:inpe:oidc', JSON.stringify({ state: 'mt.abc', verifier: 'v'.repeat(43), redirectUri }));
        history.replaceState(null, '', `${location.pathname}?error=access_denied&state=mt.abc`);
        const backend = new AccountBackend();
        const refused = await mount(backend, oidcConfig());
        expect(message(refused)).to.contain('No pudimos completar su ingreso con la cuenta digital');
        expect(text($(refused, '#changes'))).to.contain('Asunto corregido.');
        expect(Boolean($(refused, '#a-email')), 'signs in right there').to.equal(true);
        await signIn(refused);
        await waitFor(() => message(refused).startsWith('Guardamos los cambios'), 'sent after the sign-in by code, as before leaving');
        expect(backend.callsOf('updateMyRequest')[0]![2]).to.deep.equal({ subject: 'Asunto corregido.' });

        sessionStorage.setItem('mpd:inpe:pending', JSON.stringify(kept));
        sessionStorage.setItem('mpd:inpe:oidc', JSON.stringify({ state: 'mt.def', verifier: 'v'.repeat(43), redirectUri }));
        history.replaceState(null, '', `${location.pathname}?code=the-code&state=mt.def`);
        const other = new AccountBackend();
        const element = await mount(other, oidcConfig());
        await waitFor(() => Boolean($(element, '#changes')), 'the confirmation step');
        expect(text($(element, '#changes'))).to.contain('Asunto corregido.');
        expect(other.callsOf('updateMyRequest')).to.have.length(0);
        await press(element, '#confirm');
        expect(other.callsOf('updateMyRequest')).to.deep.equal([[element.currentSession!.token, PENDING, { subject: 'Asunto corregido.' }]]);
      } finally {
        history.replaceState(null, '', before);
      }
    });

    it('refuses a return whose state does not match the one kept', async () => {
      const before = location.href;
      sessionStorage.setItem('mpd:inpe:oidc', JSON.stringify({ state: 'mt.abc', verifier: 'v'.repeat(43), redirectUri: 'x' }));
      history.replaceState(null, '', `${location.pathname}?code=the-code&state=mt.forged`);
      try {
        const backend = new AccountBackend();
        const element = await mount(backend, oidcConfig());
        expect(message(element)).to.contain('No pudimos completar su ingreso con la cuenta digital');
        expect(backend.callsOf('signInWithOidc')).to.have.length(0);
        expect(location.search).to.equal('');
      } finally {
        history.replaceState(null, '', before);
      }
    });
  });
});

describe('<mpd-my-requests> with the reference backend', () => {
  type MochaContext = { timeout(ms: number): void };
  const ROSA = 'rosa.quispe@example.pe';
  let origin = '';
  let requestNumber = '';

  before(async function (this: MochaContext) {
    this.timeout(60000);
    origin = (await executeServerCommand<{ origin: string }, Record<string, never>>('start-backend', {})).origin.replace(/\/$/, '');
    const receipt = await executeServerCommand<Receipt, { origin: string; agencyId: string }>('file-request', { origin, agencyId: 'inpe' });
    requestNumber = receipt.requestNumber;
  });

  const readCode = async () =>
    (await executeServerCommand<{ code: string }, { origin: string; agencyId: string; email: string }>('read-last-code', { origin, agencyId: 'inpe', email: ROSA })).code;

  it('signs in with the mailed code, lists the request, updates it, cancels it and signs out', async function (this: MochaContext) {
    this.timeout(30000);
    const backend = new HttpDeskBackend(`${origin}/api/inpe`);
    const element = await mount(backend);
    element.captcha = async () =>
      (await executeServerCommand<{ answer: string }, { origin: string; agencyId: string; place: string }>('captcha-answer', { origin, agencyId: 'inpe', place: 'verification' })).answer;
    await fillSignIn(element, ROSA, DNI);
    await press(element, '#send-code');
    expect($(element, '#code-message')).to.equal(null);
    expect(text($(element, '#code-sent'))).to.contain(ROSA);
    const code = await readCode();
    expect(code).to.match(/^\d{6}$/);

    await typeInto(element, 'a-code', code === '000000' ? '111111' : '000000');
    await press(element, '#sign-in');
    expect(text($(element, '#a-code-error'))).to.match(/El código no es correcto\. Le quedan? \d+ intentos?\./);
    await typeInto(element, 'a-code', code);
    await press(element, '#sign-in');
    await waitFor(() => Boolean(rowOf(element, requestNumber)), 'the filed request in the list');
    expect(text(rowOf(element, requestNumber)!.querySelector('[part="status"]'))).to.equal('PENDIENTE DE VALIDACIÓN');

    await press(element, `tr[data-request="${requestNumber}"] [data-action="update"]`);
    await typeInto(element, 'u-subject', 'Solicito copia simple de mi expediente');
    await press(element, '#review');
    await press(element, '#confirm');
    await waitFor(() => message(element).startsWith('Guardamos los cambios'), 'the update saved');
    await waitFor(() => text(rowOf(element, requestNumber)).includes('Solicito copia simple de mi expediente'), 'the refreshed list');

    await press(element, `tr[data-request="${requestNumber}"] [data-action="cancel"]`);
    await typeInto(element, 'reason', 'La presenté por error.');
    await press(element, '#confirm');
    await waitFor(() => message(element).startsWith('Anulamos su solicitud'), 'the cancellation');
    await waitFor(() => text(rowOf(element, requestNumber)!.querySelector('[part="status"]')) === 'ANULADO', 'ANULADO in the list');
    expect(rowOf(element, requestNumber)!.querySelector('button')).to.equal(null);

    const token = element.currentSession!.token;
    await press(element, '#sign-out');
    const refused = await backend.listMyRequests(token).then(
      () => null,
      (error: BackendError) => error,
    );
    expect(refused?.status).to.equal(401);
  });

  it('proves a new email with the code mailed to it, and the request moves to that address', async function (this: MochaContext) {
    this.timeout(30000);
    const { requestNumber: number } = await executeServerCommand<Receipt, { origin: string; agencyId: string }>('file-request', { origin, agencyId: 'inpe' });
    const element = await mount(new HttpDeskBackend(`${origin}/api/inpe`));
    element.captcha = async () =>
      (await executeServerCommand<{ answer: string }, { origin: string; agencyId: string; place: string }>('captcha-answer', { origin, agencyId: 'inpe', place: 'verification' })).answer;
    await fillSignIn(element, ROSA, DNI);
    await press(element, '#send-code');
    await typeInto(element, 'a-code', await readCode());
    await press(element, '#sign-in');
    await waitFor(() => Boolean(rowOf(element, number)), 'the filed request in the list');

    await press(element, `tr[data-request="${number}"] [data-action="update"]`);
    const NEW = 'rosa.nueva@example.pe';
    await typeInto(element, 'u-email', NEW);
    const verification = newEmailVerification(element)!;
    await press(verification as unknown as MyRequests, '#send-code');
    const code = (await executeServerCommand<{ code: string }, { origin: string; agencyId: string; email: string }>('read-last-code', { origin, agencyId: 'inpe', email: NEW })).code;
    await typeInto(verification, 'code', code);
    await press(verification as unknown as MyRequests, '#confirm-code');
    await element.updateComplete;
    expect(text($(element, '#u-email-verified'))).to.contain(NEW);
    await press(element, '#review');
    await press(element, '#confirm');
    await waitFor(() => message(element).startsWith('Guardamos los cambios'), 'the update saved');
    // Filed with Rosa's address no more: her session no longer lists it.
    await waitFor(() => !element.busy && !rowOf(element, number), 'the request gone from the list');
  });
});
