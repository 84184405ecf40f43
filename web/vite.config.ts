import { defineConfig } from 'vite';

// During development the API is proxied to a running `yandian serve`/`yandian demo`
// (YANDIAN_API, default http://127.0.0.1:8080). The production build is served by the server itself.
const api = process.env.YANDIAN_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { '/api': { target: api, changeOrigin: false } },
  },
});
