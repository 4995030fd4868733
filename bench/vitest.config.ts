import { defineConfig } from 'vitest/config';

// The bench's own unit tests: `pnpm exec vitest run --root bench`.
// TODO: list bench/**/*.test.ts in the workspace's vitest.config.ts, so that `npm test` and CI run them too.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    env: { LOG_LEVEL: 'silent' },
  },
});
