// Lint, including the layer table of STYLE.md: which folder may import what.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import prettier from 'eslint-config-prettier';

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'crypto',
  'net',
  'tls',
  'dns',
  'os',
  'child_process',
  'http',
  'https',
  'stream',
  'events',
  'url',
  'util',
  'buffer',
  'zlib',
  'worker_threads',
];
const nodePatterns = { group: NODE_BUILTINS, message: 'This layer runs without Node: no node:* imports (STYLE.md, layers).' };
const electronPattern = { group: ['electron', 'electron/*'], message: "This layer must not import 'electron' (STYLE.md, layers)." };
const folder = (names, message) => ({ group: names, message });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'test/e2e/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodePatterns,
            electronPattern,
            folder(['react', 'react-dom', '**/electron/**', '**/renderer/**'], 'shared/ imports only itself and zod.'),
          ],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            electronPattern,
            folder(
              ['**/main/**', '**/preload/**', '**/cli/**', '**/web/**', '**/renderer/**'],
              'core is plain Node: it imports shared/ and libraries only.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [folder(['**/renderer/**', '**/preload/**', '**/cli/**', '**/web/**'], 'main imports core, shared and electron only.')],
        },
      ],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [nodePatterns, folder(['**/core/**', '**/renderer/**', '**/main/**'], 'the preload imports electron and shared only.')],
        },
      ],
    },
  },
  {
    files: ['electron/cli/**/*.ts', 'electron/web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            electronPattern,
            folder(['**/renderer/**', '**/main/**', '**/preload/**'], 'cli and web host import core and shared only.'),
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodePatterns,
            electronPattern,
            folder(['**/electron/**'], 'the renderer talks to main only through the contract in shared/.'),
          ],
        },
      ],
    },
  },
);
