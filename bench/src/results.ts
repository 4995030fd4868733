/** Writing the bench's results: JSON files in bench/results/ formatted as the workspace's linter expects. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Logger, workspaceRoot } from '@lianfang/db';

/** Formats `file` as the workspace's linter expects, so that a results file can be committed as it is written. */
export function formatWithBiome(file: string, logger: Logger): void {
  const biome = join(workspaceRoot, 'node_modules', '.bin', 'biome');
  const run = spawnSync(biome, ['format', '--write', file], { encoding: 'utf8' });
  if (run.status !== 0) {
    logger.error(
      { file, biome, err: run.error, stderr: run.stderr },
      'formatting the results file failed; run pnpm format',
    );
  }
}

/** Writes `result` to bench/results/<section>-<date>[-quick].json and returns the file's path. */
export function writeResultFile(
  section: string,
  started: Date,
  quick: boolean,
  result: unknown,
  logger: Logger,
): string {
  const resultsDir = join(workspaceRoot, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${section}-${started.toISOString().slice(0, 10)}${quick ? '-quick' : ''}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  formatWithBiome(file, logger);
  return file;
}
