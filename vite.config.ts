// Vite build of the renderer (React). Output: dist-renderer/, loaded by the Electron app:// protocol
// and by the browser bridge, both under a CSP without 'unsafe-inline': so no inline script is
// emitted (no module-preload polyfill), CSS goes to files, and paths are relative (base './').
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
// Dev only: `SLICEWISE_API=http://127.0.0.1:PORT npx vite` proxies /api to a running browser bridge.
const api = process.env.SLICEWISE_API;

export default defineConfig({
  root: path.join(here, 'renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: path.join(here, 'dist-renderer'),
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
    strictPort: false,
    // The bridge only accepts its own Host and Origin: present the proxied calls as its own.
    ...(api
      ? {
          proxy: {
            '/api': {
              target: api,
              changeOrigin: true,
              configure: (proxy) => {
                proxy.on('proxyReq', (req) => {
                  if (req.getHeader('origin')) req.setHeader('origin', new URL(api).origin);
                });
              },
            },
          },
        }
      : {}),
  },
});
