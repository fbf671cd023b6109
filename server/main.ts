/**
 * `npm run server`: the reference backend with every agency config in CONFIG_DIR, a SQLite file
 * and uploads under DATA_DIR, and the built demo (if any) at `/`.
 *
 *   PORT (8787)  HOST (127.0.0.1)  DATA_DIR (./data)  CONFIG_DIR (demo/configs)
 *   PUBLIC_DIR (dist/demo when it exists)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { AgencyConfigError, formatConfigErrors } from '../src/config/errors.ts';
import { assertAgencyConfig } from '../src/config/load.ts';
import type { AgencyConfig } from '../src/config/schema.ts';
import { createApp } from './app.ts';
import { systemClock } from './clock.ts';
import { migrateToLatest } from './db/migrations.ts';
import { createSqliteDatabase } from './db/sqlite.ts';

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

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8787);
  const host = process.env.HOST ?? '127.0.0.1';
  const dataDir = resolve(process.env.DATA_DIR ?? 'data');
  const configDir = resolve(process.env.CONFIG_DIR ?? 'demo/configs');
  const publicDir = process.env.PUBLIC_DIR ? resolve(process.env.PUBLIC_DIR) : existsSync('dist/demo') ? resolve('dist/demo') : undefined;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new StartupError(`PORT no válido: ${process.env.PORT}`);

  const configs = loadConfigs(configDir);
  mkdirSync(dataDir, { recursive: true });
  const db = createSqliteDatabase(join(dataDir, 'mesa-de-partes.sqlite'));
  await migrateToLatest(db);

  const app = createApp({ configs, db, dataDir, clock: systemClock, publicDir, configDir });
  const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
    const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    console.log(`Mesa de partes lista en http://${shownHost}:${info.port}/`);
    console.log(`Entidades: ${configs.map((config) => config.id).join(', ')}`);
  }) as Server;

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
