#!/usr/bin/env node
// Entry point of the README commands (`npm start`, `npm test`), which need only Node and npm. It installs the
// pinned pnpm into .tools/ when no matching pnpm is on PATH, and installs the workspace from the lockfile when the
// lockfile changed since the last install. Then it runs the named workspace script with pnpm.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmVersion = manifest.packageManager.replace(/^pnpm@/, '');
const toolsDir = join(root, '.tools');
const env = { ...process.env, PATH: [join(toolsDir, 'node_modules', '.bin'), process.env.PATH].join(delimiter) };

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function installedPnpmVersion() {
  const result = spawnSync('pnpm', ['--version'], { cwd: root, env, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function ensurePnpm() {
  if (installedPnpmVersion() === pnpmVersion) return;
  console.log(`[lianfang] installing pnpm ${pnpmVersion} into .tools/ with npm`);
  mkdirSync(toolsDir, { recursive: true });
  const status = run('npm', [
    'install',
    '--no-save',
    '--no-audit',
    '--no-fund',
    '--prefix',
    toolsDir,
    `pnpm@${pnpmVersion}`,
  ]);
  if (status !== 0 || installedPnpmVersion() !== pnpmVersion) {
    console.error(`[lianfang] installing pnpm ${pnpmVersion} failed; check that the npm registry is reachable.`);
    process.exit(1);
  }
}

function ensureDependencies() {
  const lockfile = readFileSync(join(root, 'pnpm-lock.yaml'));
  const digest = createHash('sha256').update(lockfile).digest('hex');
  const marker = join(root, 'node_modules', '.lianfang-lockfile-sha256');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === digest) return;

  console.log('[lianfang] installing workspace dependencies from pnpm-lock.yaml');
  const status = run('pnpm', ['install', '--frozen-lockfile']);
  if (status !== 0) {
    console.error('[lianfang] pnpm install failed; see the output above.');
    process.exit(status);
  }
  writeFileSync(marker, digest);
}

const [task, ...rest] = process.argv.slice(2);
if (!task) {
  console.error('usage: node scripts/run.mjs <workspace script> [arguments]');
  process.exit(2);
}
ensurePnpm();
ensureDependencies();
process.exit(run('pnpm', ['--silent', 'run', task, ...rest]));
