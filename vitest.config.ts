import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'db/**/*.test.ts',
      'identifiers/**/*.test.ts',
      'hub/**/*.test.ts',
      'subgraphs/**/*.test.ts',
      'gateway/**/*.test.ts',
      'tests/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**'],
    globalSetup: ['tests/support/global-setup.ts'],
    // Each integration file opens its own database; the embedded one takes about 1 GB and a few seconds to open.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    // Browser and hub tests wait for pages and servers that respond later when both workers and PostgreSQL share
    // two cores; 1 s, the default, failed on a loaded machine while the same tests passed alone.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 180_000,
    env: { LOG_LEVEL: 'silent' },
  },
});
