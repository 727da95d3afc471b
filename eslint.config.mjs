import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'dist-bench/', 'node_modules/', '.data/', '.tools/', 'coverage/', 'bench/results/'] },
  js.configs.recommended,
  { files: ['**/*.js'], languageOptions: { globals: { module: 'writable', require: 'readonly' } } },
  // The evaluation page's script runs in the enterprise's browser.
  {
    files: ['apps/api/views/*.js'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', fetch: 'readonly' } },
  },
  ...tseslint.configs.recommended,
  // The console runs in the browser.
  {
    files: ['apps/console/**/*.{ts,tsx}'],
    languageOptions: {
      globals: { window: 'readonly', document: 'readonly', localStorage: 'readonly', fetch: 'readonly' },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Tests read loosely typed JSON answers.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts'],
    rules: {
      // Workflow code replays deterministically: no I/O, no Node built-ins, no wall-clock timers.
      'no-restricted-imports': [
        'error',
        {
          // A lib's barrel brings all of it into the bundle: workflows import single pure modules
          // (`@uplift/domain/steps`), and the libs that do I/O only for their types.
          paths: ['domain', 'activities', 'temporal'].map((lib) => ({
            name: `@uplift/${lib}`,
            allowTypeImports: true,
            message: `import one pure module of @uplift/${lib} by its path, or only types from the barrel.`,
          })),
          patterns: [
            'node:*',
            'fs',
            'crypto',
            'typeorm',
            'nodemailer',
            '@temporalio/client',
            '@temporalio/worker',
            '@uplift/persistence',
            '@uplift/persistence/*',
            '@uplift/notifications',
            '@uplift/notifications/*',
            '@uplift/config',
            '@uplift/config/*',
            '@uplift/observability',
            '@uplift/observability/*',
            '@uplift/devstack',
            '@uplift/devstack/*',
          ],
        },
      ],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'fetch'],
    },
  },
);
