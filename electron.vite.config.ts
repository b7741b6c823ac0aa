// Builds the desktop app: main (ESM, dependencies resolved from node_modules at run time),
// preload (one self-contained CommonJS file, as a sandboxed preload must be), renderer (React).
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rolldownOptions: {
        input: { index: resolve('electron/main/index.ts') },
        // package.json `main` names out/main/index.js; with "type": "module" that file is ESM.
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require() from node_modules: bundle zod into it.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      emptyOutDir: true,
      minify: true,
      rolldownOptions: {
        input: { index: resolve('renderer/index.html') },
        output: {
          // React and i18next, which every screen needs, in chunks of their own that change less
          // often than the app. The rest of node_modules follows the code that imports it: a
          // Mantine component only a section uses loads with that section.
          codeSplitting: {
            groups: [
              { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 3 },
              { name: 'i18n', test: /[\\/]node_modules[\\/](i18next|react-i18next)[\\/]/, priority: 1 },
            ],
          },
        },
      },
    },
  },
});
