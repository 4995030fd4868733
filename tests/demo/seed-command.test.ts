import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { workspaceRoot } from '@lianfang/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyTemplate } from '../support/database.js';

const run = promisify(execFile);
let copy: Awaited<ReturnType<typeof copyTemplate>>;

beforeAll(async () => {
  copy = await copyTemplate('seeded');
});

afterAll(async () => {
  await copy?.remove();
});

async function seedCommand(...args: string[]) {
  try {
    const { stdout } = await run('node', ['--import', 'tsx', 'db/src/cli/seed-demo.ts', ...args], {
      cwd: workspaceRoot,
      env: { ...process.env, ...copy.env, LOG_LEVEL: 'silent', LIANFANG_LANG: 'en' },
    });
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const small = ['--districts', '330411', '--addresses-per-community', '1', '--incidents-per-year', '100'];

describe('pnpm db:seed-demo', () => {
  it('prints help with units and defaults', async () => {
    const result = await seedCommand('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--incidents-per-year');
    expect(result.stdout).toContain('default 20000, 0 to 1000000');
    expect(result.stdout).toContain('--now');
  });

  // The unit tests of parseDemoArguments cover every bad input, so this checks only the exit status and output.
  it('rejects an invalid count with exit status 2', async () => {
    const result = await seedCommand('--incidents-per-year', 'many');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid --incidents-per-year "many": expected a whole number.');
    expect(result.stderr).toContain('usage: pnpm db:seed-demo');
  });

  it('fails with exit status 1 for a district without data files', async () => {
    const result = await seedCommand('--districts', '110101');
    expect(result.code).toBe(1);
  });

  it('seeds a district, then skips it', async () => {
    const first = await seedCommand(...small, '--now', '2025-06-15');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Seeded: 330411.');
    expect(first.stdout).toMatch(/police\.incidents\s+100\n/);

    const second = await seedCommand(...small, '--now', '2025-06-15');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Skipped (seeded before): 330411.');
    expect(second.stdout).toMatch(/police\.incidents\s+0\n/);
  });
});
