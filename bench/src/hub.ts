/** The hub under measurement: started in this process on the bench database, with the web app built. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createLogger, type Database, workspaceRoot } from '@lianfang/db';
import { CITIES, type RunningHub, startHub } from '@lianfang/hub';

/**
 * Builds web/dist with `pnpm run web:build` when it is missing.
 *
 * NOTE: an existing build is used as it is, even when web/src has changed since, so run `pnpm run web:build`
 * before a run whose render figures should reflect the current source.
 */
export async function ensureWebBuild(): Promise<boolean> {
  if (existsSync(join(workspaceRoot, 'web', 'dist', 'index.html'))) return false;
  const env = {
    ...process.env,
    PATH: [join(workspaceRoot, '.tools', 'node_modules', '.bin'), process.env.PATH].join(delimiter),
  };
  const child = spawn('pnpm', ['run', 'web:build'], { cwd: workspaceRoot, env, stdio: 'inherit' });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`pnpm run web:build exited with status ${code}`);
  return true;
}

async function countIncidents(database: Database): Promise<number> {
  const { rows } = await database.query<{ count: number }>('SELECT count(*) AS count FROM police.incidents');
  return rows[0]?.count ?? 0;
}

/**
 * Starts 吴江区's hub on 127.0.0.1 with every port chosen by the system. The hub runs its usual demo step, which
 * skips the district because its addresses exist. The incident count is checked before and after, so that a change
 * to that rule fails the bench instead of skewing it.
 */
export async function startBenchHub(database: Database, databaseUrl: string): Promise<RunningHub> {
  const logger = createLogger('bench-hub');
  // The gateway logs one info line per operation, which would bury the bench's progress. Warnings remain.
  if (!process.env.LOG_LEVEL) logger.level = 'warn';
  const before = await countIncidents(database);
  const hub = await startHub({
    city: CITIES.wujiang,
    demo: {},
    database: { databaseUrl },
    port: 0,
    subgraphPortBase: 0,
    host: '127.0.0.1',
    // Every request of the map section comes from one user, at a rate above the default allowance per user.
    rateLimitPerMinute: 0,
    logger,
  });
  const after = await countIncidents(database);
  if (after !== before) {
    await hub.stop();
    throw new Error(`Starting the hub changed police.incidents from ${before} to ${after} rows`);
  }
  return hub;
}
