// Vite config of the web UI: builds ui/ into dist/ui, which the web node
// serves at `/`. The UI imports pure core modules (src/core/graph) and the
// wire types (src/protocol) straight from the repository's src/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/ui', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    minify: process.env.GANTRY_UI_MINIFY !== '0',
    chunkSizeWarningLimit: 1024,
  },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
});
