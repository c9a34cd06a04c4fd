import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// One build produces the Electron main process, the sandboxed preload, the renderer, and the
// headless host's command line (out/main/cli.js), which shares the main build's Node target and
// externalized dependencies but never imports electron.
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          cli: resolve(import.meta.dirname, 'src/server/cli.ts'),
          // Database worker threads, each its own entry (src/core/workers/spawn.ts finds them).
          'workers/writer-worker': resolve(import.meta.dirname, 'src/core/workers/writer-worker.ts'),
          'workers/checkpoint-worker': resolve(import.meta.dirname, 'src/core/workers/checkpoint-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // The preload runs sandboxed: it can require only electron, so everything else is bundled.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    build: {
      rollupOptions: { input: resolve(import.meta.dirname, 'src/renderer/index.html') },
      // electron-vite leaves the renderer unminified; minified, the page has a third of the
      // script to parse before the first rows (bench:ui), in the window and in the browser host.
      minify: true,
    },
    plugins: [react()],
  },
});
