import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // MapLibre alone is about 1 MB minified; it is served from the hub's own origin, never a CDN.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `pnpm --filter @lianfang/web dev` expects a hub on the default port for the API.
    proxy: { '/graphql': 'http://127.0.0.1:4000' },
  },
});
