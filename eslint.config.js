// Lint, including the layer table of STYLE.md (which folder may import what) and a bound on function size.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import prettier from 'eslint-config-prettier';
import i18next from 'eslint-plugin-i18next';
import { layersRule } from './build/lint-layers.mjs';

/**
 * Renderer folders (and single files) whose visible strings all come from the catalogues
 * (renderer/i18n/). A literal in their JSX text or in a visible attribute fails the lint; a folder
 * joins when it is converted. One entry per line, so each conversion adds a line of its own.
 */
// prettier-ignore
export const TRANSLATED = [
  'renderer/app.tsx',
  'renderer/ui/**',
  'renderer/features/settings/**',
  'renderer/features/rail/**',
  'renderer/features/store-status/**',
  'renderer/features/certificates/**',
  'renderer/features/lab/**',
  'renderer/features/matrix/**',
  'renderer/features/transfer/**',
  'renderer/features/sidebar/**',
  'renderer/features/report/**',
  'renderer/features/connection/**',
  'renderer/features/messages/**',
  'renderer/features/profile-editor/**',
];

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
    // Who may import whom (build/lint-layers.mjs).
    files: ['shared/**/*.ts', 'renderer/**/*.{ts,tsx}', 'electron/**/*.ts'],
    plugins: { keyhole: { rules: { layers: layersRule } } },
    rules: { 'keyhole/layers': 'error' },
  },
  {
    // A function fits on a screen or two (STYLE.md); tests are exempt.
    files: ['shared/**/*.ts', 'renderer/**/*.{ts,tsx}', 'electron/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 150, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // No visible string outside a catalogue: JSX text, string literals inside JSX, and the
    // attributes a person reads or hears (labels, titles, placeholders, tooltips, aria-*).
    files: TRANSLATED.map((p) => (p.endsWith('/**') ? `${p}/*.{ts,tsx}` : p)),
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          'jsx-attributes': {
            include: [
              '.*[lL]abel',
              '.*[tT]itle',
              'placeholder',
              'description',
              'error',
              'alt',
              'aria-(label|description|placeholder|roledescription|valuetext)',
              'tooltip',
              'message',
              'data',
            ],
          },
          // Arguments that are identifiers, not words: the plugin's defaults, and the profile form's
          // helpers that take a field path (`error('material.cert')`, `intInput('receiveMaximum', …)`).
          callees: {
            exclude: [
              ...['i18n(ext)?', 't', 'require', 'addEventListener', 'removeEventListener', 'postMessage', 'getElementById'],
              ...['dispatch', 'commit', 'includes', 'indexOf', 'endsWith', 'startsWith'],
              ...['error', 'touch', 'missingRow', 'intInput', 'delay'],
            ],
          },
          // Inside those attributes, values that are identifiers, not words (`data` of a Select).
          'object-properties': { exclude: ['[A-Z_-]+', 'value', 'key', 'id', 'color', 'kind', 'group'] },
          words: {
            // Punctuation, symbols, all-caps acronyms and the product's name read the same in every language.
            exclude: ['[\\sA-Z0-9!-/:-@[-`{-~·–—→←↑↓…☾☀✓✗✕×«»⋮▤▸▾▴✎⤓⠿]+', 'Keyhole', 'QoS'],
          },
        },
      ],
    },
  },
);
