// Gives browser tests the real reference backend: `executeServerCommand('start-backend', { at,
// staffCredentials })` starts one on a free port (fresh data folder and database, the demo
// agencies; its clock at `at`; staff users as in STAFF_CREDENTIALS, e.g. "cenares:mesa:secreto")
// and returns `{ origin }`. `set-backend-clock` `{ origin, at }` moves that server's clock, so a
// test can stand past a deadline without waiting. Every backend started is closed when the run
// ends. wtr runs under tsx (scripts/test.mjs), so the TypeScript server loads as it is.
const running = [];

export function backendPlugin() {
  return {
    name: 'mpd-backend',
    async executeCommand({ command, payload }) {
      if (command === 'start-backend') {
        const { startServer } = await import('../server/helpers.ts');
        const { parseStaffCredentials } = await import('../../server/staff/credentials.ts');
        const options = payload?.staffCredentials ? { staffCredentials: parseStaffCredentials(payload.staffCredentials) } : {};
        const server = await startServer(payload?.at, options);
        running.push(server);
        return { origin: server.url };
      }
      if (command === 'set-backend-clock') {
        const origin = String(payload?.origin ?? '').replace(/\/$/, '');
        const server = running.find((candidate) => candidate.url === origin);
        if (!server) throw new Error(`no backend started at ${payload?.origin}`);
        server.clock.set(payload.at);
        return { now: server.clock.now().toISOString() };
      }
      return undefined;
    },
    async serverStop() {
      await Promise.all(running.splice(0).map((server) => server.close()));
    },
  };
}
