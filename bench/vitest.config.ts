import { defineConfig } from 'vitest/config';

// The bench's own unit tests: `pnpm exec vitest run --root bench`. The workspace's configuration does not list them.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    env: { LOG_LEVEL: 'silent' },
  },
});
