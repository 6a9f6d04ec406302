// @ts-check
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const importLayers = require('./scripts/lint/import-layers.rule');

module.exports = tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'data/',
      'tmp/',
      'coverage/',
      'src/marc/charset/marc8-tables.generated.ts',
      'src/api/openapi.generated.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-control-regex': 'off',
    },
  },
  {
    // The layering rule (docs/architecture.md; the table is scripts/lint/layers.js). Tests and
    // scripts are outside it: they may import anything.
    files: ['src/**/*.ts', 'ingest/**/*.ts'],
    plugins: { stacks: { rules: { 'import-layers': importLayers } } },
    rules: { 'stacks/import-layers': 'error' },
  },
);
