// Gives browser tests the real reference backend: `executeServerCommand('start-backend')`
// starts one on a free port (fresh data folder and database, the demo agencies) and returns
// `{ origin }`. Every backend started is closed when the run ends. wtr runs under tsx
// (scripts/test.mjs), so the TypeScript server loads as it is.
const running = [];

export function backendPlugin() {
  return {
    name: 'mpd-backend',
    async executeCommand({ command, payload }) {
      if (command !== 'start-backend') return undefined;
      const { startServer } = await import('../server/helpers.ts');
      const server = await startServer(payload?.at);
      running.push(server);
      return { origin: server.url };
    },
    async serverStop() {
      await Promise.all(running.splice(0).map((server) => server.close()));
    },
  };
}
