import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = path.dirname(fileURLToPath(import.meta.url));

/**
 * The web app build. Everything it needs ships in web/dist: no fonts, tiles or scripts from
 * elsewhere, and no inline script (the server's Content-Security-Policy forbids it).
 */
export default defineConfig(({ command }) => {
  // A build is always React's production build, whatever NODE_ENV the building process has:
  // built under vitest (NODE_ENV=test: the browser tests build web/dist), the first page was
  // React's development build and JSX with source locations, 593 kB instead of 355, and
  // `jayu serve` served that dist after. Set before the plugins read it.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    root: webRoot,
    base: '/',
    plugins: [react()],
    build: {
      outDir: path.join(webRoot, 'dist'),
      emptyOutDir: true,
      // The module preload polyfill would be the only script not in a file of its own.
      modulePreload: { polyfill: false },
      // Assets stay files: a data: URL is allowed for images only.
      assetsInlineLimit: 0,
      sourcemap: false,
      chunkSizeWarningLimit: 1500,
      rollupOptions: {
        output: {
          manualChunks: {
            react: ['react', 'react-dom', 'i18next', 'react-i18next'],
            charts: ['echarts/core', 'echarts/charts', 'echarts/components', 'echarts/renderers'],
            map: ['leaflet'],
          },
        },
      },
    },
    server: {
      proxy: { '/api': 'http://127.0.0.1:8080' },
    },
  };
});
