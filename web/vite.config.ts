import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { extractDataFonts } from './vite-plugins/extract-data-fonts.js';
import { persistOperations } from './vite-plugins/persisted-operations.js';

export default defineConfig({
  plugins: [react(), extractDataFonts(), persistOperations()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Everything is served from the hub's own origin, never a CDN. MapLibre alone is about 1 MB minified; Monaco,
    // which only the analyst workbench loads (in chunks of its own), is about 2.8 MB.
    chunkSizeWarningLimit: 3000,
    rolldownOptions: {
      onLog(level, log, handler) {
        // GraphiQL's packages start modules with React Compiler's "use no memo", which bundling drops harmlessly.
        if (log.code === 'MODULE_LEVEL_DIRECTIVE' && log.message.includes('use no memo')) return;
        handler(level, log);
      },
    },
  },
  server: {
    // `pnpm --filter @lianfang/web dev` expects a hub on the default port for the API.
    proxy: { '/graphql': 'http://127.0.0.1:4000', '/auth': 'http://127.0.0.1:4000' },
  },
});
