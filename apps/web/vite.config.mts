import react from '@vitejs/plugin-react';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { workspaceAliases } from '../../tools/vitest/config.mts';

const root = dirname(fileURLToPath(import.meta.url));
// The API serves the built SPA and owns /api and /session; in development Vite forwards them.
const api = process.env.CASTER_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  // Relative asset URLs: the hash router never changes the path, so the SPA works under any prefix.
  base: './',
  plugins: [react()],
  resolve: { alias: workspaceAliases() },
  build: {
    outDir: resolve(root, '../../dist/apps/web'),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  server: {
    host: '127.0.0.1',
    port: 4200,
    strictPort: true,
    proxy: {
      '/api': { target: api, changeOrigin: false },
      // Sessions are framed from here and speak WebSocket (VNC).
      '/session': { target: api, changeOrigin: false, ws: true },
    },
  },
  preview: { host: '127.0.0.1', port: 4300 },
});
