// Serves test modules through Vite (TypeScript, Uppy's CommonJS dependencies, JSON imports,
// `?url` assets such as the pdf.js worker) while @web/test-runner keeps serving its own pages
// and its command socket. A middleware, not a plugin's serverStart: wds 1.x composes its
// middleware before plugins start, so a proxy added there would come after the static files.
import http from 'node:http';
import { createServer } from 'vite';

const OWN_PATHS = ['/__web-dev-server', '/__web-test-runner', '/__wtr'];

export function viteBridge(viteConfig = {}) {
  let viteServer;
  let origin;
  const ready = (async () => {
    viteServer = await createServer({
      configFile: false,
      clearScreen: false,
      logLevel: 'warn',
      ...viteConfig,
      // wtr's command socket is served by wtr itself: leave that import alone.
      optimizeDeps: { exclude: ['@web/test-runner-commands'], ...viteConfig.optimizeDeps },
      plugins: [
        {
          name: 'mpd-wtr-socket-external',
          enforce: 'pre',
          resolveId(id) {
            if (id.endsWith('__web-dev-server__web-socket.js')) return { id: '/__web-dev-server__web-socket.js', external: true };
            return null;
          },
        },
        ...(viteConfig.plugins ?? []),
      ],
      server: { hmr: false, host: '127.0.0.1', port: 0, ...viteConfig.server },
    });
    await viteServer.listen();
    const address = viteServer.httpServer.address();
    origin = `http://127.0.0.1:${address.port}`;
  })();

  const forward = (ctx) =>
    new Promise((resolve, reject) => {
      const request = http.get(`${origin}${ctx.originalUrl}`, { headers: { ...ctx.headers, host: new URL(origin).host } }, (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          ctx.status = response.statusCode ?? 500;
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined && name !== 'content-length' && name !== 'transfer-encoding') ctx.set(name, value);
          }
          ctx.body = Buffer.concat(chunks);
          resolve();
        });
      });
      request.on('error', reject);
    });

  return {
    middleware: async (ctx, next) => {
      const isOwn = ctx.path === '/' || OWN_PATHS.some((prefix) => ctx.path.startsWith(prefix));
      if (ctx.method !== 'GET' || isOwn) return next();
      await ready;
      return forward(ctx);
    },
    plugin: {
      name: 'mpd-vite-bridge',
      async serverStop() {
        await ready;
        await viteServer.close();
      },
    },
  };
}
