/** The built web app (web/dist) that the browser tests and every test hub serve. */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { workspaceRoot } from '@lianfang/db';

export const WEB_DIST = join(workspaceRoot, 'web', 'dist');
/** The build's list of the app's operations, which the gateway reads at start (see web/vite-plugins). */
export const PERSISTED_OPERATIONS = join(WEB_DIST, 'persisted-operations.json');

/** Newest modification time of the files below `path` (or of `path` itself), in milliseconds. */
function newestChange(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestChange(join(path, entry))), 0);
}

/** True when web/dist exists and no source of the app changed after it was built. */
function webBuildIsCurrent(): boolean {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index) || !existsSync(PERSISTED_OPERATIONS)) return false;
  const web = join(workspaceRoot, 'web');
  const sources = ['src', 'index.html', 'vite.config.ts', 'vite-plugins', 'package.json'].map((name) =>
    join(web, name),
  );
  const built = statSync(index).mtimeMs;
  return sources.every((source) => !existsSync(source) || newestChange(source) <= built);
}

/**
 * Builds web/dist with the workspace's pnpm when the app or its persisted operations are missing or older than a
 * source file of the app. Start hubs after this, because the gateway reads the persisted operations at start.
 */
export async function ensureWebBuild(): Promise<void> {
  if (webBuildIsCurrent()) return;
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build; the tests run the
  // production build that `npm start` serves.
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    PATH: [join(workspaceRoot, '.tools', 'node_modules', '.bin'), process.env.PATH].join(delimiter),
  };
  const child = spawn('pnpm', ['--filter', '@lianfang/web', 'build'], { cwd: workspaceRoot, env, stdio: 'pipe' });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`pnpm --filter @lianfang/web build exited with ${code}:\n${output}`);
}
