/**
 * Start-up time of the hub as `npm start` runs it: from spawning `node --import tsx hub/src/main.ts` until
 * `/healthz` returns 200, on a first start and on a restart, for the server and the embedded backend.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { workspaceRoot } from '@lianfang/db';
import { assertLoopback } from './loopback.js';

const START_TIMEOUT_MS = 300_000;
const POLL_INTERVAL_MS = 50;
const STOP_TIMEOUT_MS = 15_000;

export interface StartupRun {
  backend: 'server' | 'embedded';
  /** `first`: the first start on this database in this run (for the embedded backend, on an empty folder). */
  start: 'first' | 'restart';
  /** From spawning the process until the first 200 from /healthz. */
  ms: number;
  /** From spawning the process until the hub logged `hub ready`. */
  readyLogMs: number;
}

/** Starts the hub once with `env`, waits for /healthz 200, stops it with SIGTERM and returns the times. */
async function timeOneStart(env: NodeJS.ProcessEnv): Promise<{ ms: number; readyLogMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'hub/src/main.ts', '--port', '0'], {
    cwd: workspaceRoot,
    env: { ...env, SUBGRAPH_PORT_BASE: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const health = await new Promise<{ url: string; readyLogMs: number }>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`The hub did not start in ${START_TIMEOUT_MS} ms`)),
        START_TIMEOUT_MS,
      );
      void exited.then((code) => reject(new Error(`The hub exited with status ${code} before it was ready`)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (!line.includes('"hub ready"')) return;
        clearTimeout(timer);
        resolve({ url: (JSON.parse(line) as { health: string }).health, readyLogMs: performance.now() - started });
      });
    });
    assertLoopback(health.url);
    for (;;) {
      const response = await fetch(health.url).catch(() => undefined);
      await response?.arrayBuffer();
      if (response?.status === 200) break;
      if (performance.now() - started > START_TIMEOUT_MS) throw new Error(`${health.url} did not return 200`);
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
    return { ms: Math.round(performance.now() - started), readyLogMs: Math.round(health.readyLogMs) };
  } finally {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * Times a first start and a restart on the bench database (server backend) and in a new temporary folder
 * (embedded backend, whose first start creates the database and the demo data). The folder is deleted afterwards.
 */
export async function measureStartup(databaseUrl: string, onRun: (run: StartupRun) => void): Promise<StartupRun[]> {
  const runs: StartupRun[] = [];
  const { DATABASE_URL: _ignored, LIANFANG_DATA_DIR: _ignoredToo, ...baseEnv } = process.env;
  const dataDir = mkdtempSync(join(tmpdir(), 'lianfang-bench-'));
  try {
    const backends = [
      ['server', { ...baseEnv, DATABASE_URL: databaseUrl }],
      ['embedded', { ...baseEnv, LIANFANG_DATA_DIR: dataDir }],
    ] as const;
    for (const [backend, env] of backends) {
      for (const start of ['first', 'restart'] as const) {
        const run: StartupRun = { backend, start, ...(await timeOneStart(env)) };
        onRun(run);
        runs.push(run);
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return runs;
}
