/**
 * End-to-end harness: the real reference server as a child process (exactly what `npm start`
 * runs, on a fresh data folder and a free port) and Debian's Chromium driven by playwright-core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
// @ts-expect-error -- plain JS shared with the wtr config.
import { chromiumArgs, chromiumPath } from '../support/chromium.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  /** Stops the process; `keepData` leaves the data folder for a restart on it. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * Starts the server; pass `port` and `dataDir` of a stopped one to bring it back as it was.
 * `env` adds variables, e.g. `MPD_TEST_CLOCK: '1'` for a clock the test can move (`setServerClock`).
 */
export async function startServer(options: { port?: number; dataDir?: string; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'mpd-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(options.port ?? 0), HOST: '127.0.0.1', DATA_DIR: dataDir, PUBLIC_DIR: 'dist/demo', MPD_DEMO: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/https?:\/\/127\.0\.0\.1:\d+\//);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    async stop({ keepData = false } = {}) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

/** The server and the browser of one test file, started before its tests and stopped after them. */
export interface DemoDesk {
  /** Replaced by a test that stops the server and starts it again (`startServer({ port, dataDir })`). */
  server: RunningServer;
  browser: Browser;
}

/**
 * Starts the real server (with `options`, as `startServer`) and Chromium before the file's tests
 * and stops both after them. Call it at the top of a test file.
 */
export function useDemoDesk(options: Parameters<typeof startServer>[0] = {}): DemoDesk {
  const desk = {} as DemoDesk;
  before(async () => {
    desk.server = await startServer(options);
    desk.browser = await launchBrowser();
  });
  after(async () => {
    await desk.browser?.close();
    await desk.server?.stop();
  });
  return desk;
}

/** Moves the clock of a server started with `MPD_TEST_CLOCK: '1'` to `now`; time flows on from there. */
export async function setServerClock(server: RunningServer, now: Date): Promise<void> {
  const response = await fetch(`${server.url}dev/clock`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ now: now.toISOString() }),
  });
  if (!response.ok) throw new Error(`could not set the server clock: ${response.status} ${await response.text()}`);
}
