import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const lib = (name: string) => fileURLToPath(new URL(`../../libs/${name}/src`, import.meta.url));

/**
 * The console is served by the API under /console/ (apps/api/src/console): hashed file names, so the
 * API can cache them for a year; the API process serves dist/console.
 */
export default defineConfig({
  root,
  base: '/console/',
  resolve: {
    alias: [
      { find: /^@uplift\/api-client$/, replacement: `${lib('api-client')}/index.ts` },
      // Single pure modules only (no barrels): the same rules the API applies, without its I/O.
      { find: /^@uplift\/domain\/(.+)$/, replacement: `${lib('domain')}/$1` },
      {
        find: /^@uplift\/notifications\/templates\/(.+)$/,
        replacement: `${lib('notifications')}/../templates/$1`,
      },
    ],
  },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // Ant Design marks its modules "use client" for React Server Components; a bundle has none.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
