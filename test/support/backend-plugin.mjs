// Gives browser tests the real reference backend: `executeServerCommand('start-backend', { at,
// staffCredentials })` starts one on a free port (fresh data folder and database, the demo
// agencies; its clock at `at`; staff users as in STAFF_CREDENTIALS, e.g. "cenares:mesa:secreto")
// and returns `{ origin }`. `set-backend-clock` `{ origin, at }` moves that server's clock, so a
// test can stand past a deadline without waiting; `deliver-mails` `{ origin }` marks its pending
// mails sent, as a relay would (the correction term runs from the observation mail). Every backend started is closed when the run
// ends. wtr runs under tsx (scripts/test.mjs), so the TypeScript server loads as it is.
const running = [];

function startedAt(origin) {
  const url = String(origin ?? '').replace(/\/$/, '');
  const server = running.find((candidate) => candidate.url === url);
  if (!server) throw new Error(`no backend started at ${origin}`);
  return server;
}

export function backendPlugin() {
  return {
    name: 'mpd-backend',
    async executeCommand({ command, payload }) {
      if (command === 'start-backend') {
        const { startServer } = await import('../server/helpers.ts');
        const { parseStaffCredentials } = await import('../../server/staff/credentials.ts');
        // ALTCHA as the demo serves it, only easier (ALTCHA_MAX_NUMBER): the real widget and
        // `captcha-answer` solve it in milliseconds instead of a second or more each.
        const options = { captcha: { altchaMaxNumber: 5000 }, ...(payload?.staffCredentials && { staffCredentials: parseStaffCredentials(payload.staffCredentials) }) };
        const server = await startServer(payload?.at, options);
        running.push(server);
        return { origin: server.url };
      }
      if (command === 'set-backend-clock') {
        const server = startedAt(payload?.origin);
        server.clock.set(payload.at);
        return { now: server.clock.now().toISOString() };
      }
      if (command === 'deliver-mails') {
        // The relay's acceptance, for a backend that runs no sender (test/server/outbox.ts).
        const { deliverPendingMails } = await import('../server/outbox.ts');
        return { delivered: await deliverPendingMails(startedAt(payload?.origin)) };
      }
      // "Mis trámites" with the real backend: `file-request` `{ origin, agencyId }` files a valid
      // request (applicant rosa.quispe@example.pe, DNI 10117410) and returns its receipt;
      // `read-last-code` `{ origin, agencyId, email }` reads the email code in force from the
      // outbox, as the citizen reads the mail; `captcha-answer` `{ origin, agencyId, place }`
      // solves the server's ALTCHA as the widget would ('' where the agency asks none).
      if (command === 'file-request') {
        const { fileValidRequest } = await import('../server/helpers.ts');
        const { makePdf } = await import('./documents.mjs');
        const answer = await fileValidRequest(startedAt(payload?.origin), payload.agencyId, await makePdf({ pages: 2 }));
        return answer.body;
      }
      if (command === 'read-last-code') {
        const { lastVerificationCode } = await import('../server/helpers.ts');
        return { code: await lastVerificationCode(startedAt(payload?.origin), payload.agencyId, payload.email) };
      }
      // `upload-grant` `{ origin, agencyId, purpose }`: an upload grant, its captcha solved as the widget would.
      if (command === 'upload-grant') {
        const { requestUploadGrant } = await import('../server/helpers.ts');
        const answer = await requestUploadGrant(startedAt(payload?.origin), payload.agencyId, payload.purpose ?? 'filing');
        if (answer.status !== 201) throw new Error(`upload-grants answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        return answer.body;
      }
      // `sweep-uploads` `{ origin }`: the periodic sweep of expired uploads, run now.
      if (command === 'sweep-uploads') {
        const { sweepExpiredUploads } = await import('../../server/uploads/expiry.ts');
        const { fileUploadStorage } = await import('../../server/storage/uploads.ts');
        const { DEFAULT_UPLOAD_LIMITS } = await import('../../server/uploads/grants.ts');
        const server = startedAt(payload?.origin);
        return { deleted: await sweepExpiredUploads({ db: server.db, clock: server.clock, storageFor: fileUploadStorage(server.dataDir), expiryMs: DEFAULT_UPLOAD_LIMITS.expiryMs }) };
      }
      // `observe-request` `{ origin, agencyId, requestNumber, user, password, observation }`: the desk
      // observes a request as its staff console would, signed in from the desk's own origin (the
      // staff API answers no other origin, so a page under test cannot call it).
      if (command === 'observe-request') {
        const { staffSignIn } = await import('./staff-session.ts');
        const server = startedAt(payload?.origin);
        const headers = await staffSignIn(server.url, payload.agencyId, payload.user, payload.password);
        const response = await fetch(`${server.url}/api/${payload.agencyId}/staff/requests/${encodeURIComponent(payload.requestNumber)}/observe`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(payload.observation),
        });
        return { status: response.status, body: await response.json() };
      }
      if (command === 'captcha-answer') {
        const { captchaHeaders } = await import('../server/helpers.ts');
        const headers = await captchaHeaders(startedAt(payload?.origin), payload.agencyId, payload.place);
        return { answer: headers['captcha-response'] ?? '' };
      }
      return undefined;
    },
    async serverStop() {
      await Promise.all(running.splice(0).map((server) => server.close()));
    },
  };
}
