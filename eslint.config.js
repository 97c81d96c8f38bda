// ESLint flat config. Besides the TypeScript rules it enforces the layer import directions of
// docs/ARCHITECTURE.md: model ← ingest/extract/store ← core ← api/cli; web imports model types only.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const maxLen = {
  code: 120,
  tabWidth: 2,
  ignoreUrls: false,
  ignoreStrings: false,
  ignoreTemplateLiterals: false,
  ignoreRegExpLiterals: false,
  ignoreComments: false,
};
/** Files whose long lines are still being split on other branches (Dossier issue 12). */
const layer = (name) => [`**/${name}`, `**/${name}/**`, `**/${name}/index.js`];
const forbid = (layers, extra = []) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        ...layers.map((name) => ({
          group: layer(name),
          message: `This layer may not import src/${name} (see docs/ARCHITECTURE.md).`,
        })),
        ...extra,
      ],
    },
  ],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'src/web/dist/**', 'screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-control-regex': 'off',
    },
  },
  { files: ['src/model/**/*.ts'], rules: forbid(['ingest', 'extract', 'store', 'core', 'api', 'cli', 'web']) },
  { files: ['src/ingest/**/*.ts'], rules: forbid(['extract', 'store', 'core', 'api', 'cli', 'web']) },
  { files: ['src/extract/**/*.ts'], rules: forbid(['ingest', 'store', 'core', 'api', 'cli', 'web']) },
  { files: ['src/store/**/*.ts'], rules: forbid(['ingest', 'extract', 'core', 'api', 'cli', 'web']) },
  {
    files: ['src/core/**/*.ts'],
    rules: forbid(
      ['api', 'cli', 'web'],
      [
        {
          group: ['**/store/sqlite/**', '**/store/postgres/**'],
          message: 'core never names a concrete store backend; use store/index.js.',
        },
      ],
    ),
  },
  {
    files: ['src/api/**/*.ts'],
    rules: forbid(['ingest', 'extract', 'store', 'cli', 'web']),
  },
  {
    // The CLI is the process entry point: it may start the API server (serve), nothing below core.
    files: ['src/cli/**/*.ts'],
    rules: forbid(['ingest', 'extract', 'store', 'web']),
  },
  {
    files: ['src/web/**/*.ts'],
    ignores: ['src/web/e2e/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: layer('ingest').concat(
                layer('extract'),
                layer('store'),
                layer('core'),
                layer('api'),
                layer('cli'),
              ),
              message: 'The web UI talks to the API only.',
            },
            { group: ['**/model/**'], allowTypeImports: true, message: 'The web UI may import model types only.' },
          ],
        },
      ],
    },
  },
  {
    // Functions stay short enough to read: split into named pieces (a page's render, events and state; a
    // reader's queries and rows). Tests, their fixtures and the describe blocks of the contract suites excepted.
    files: ['src/**/*.ts'],
    ignores: ['src/web/e2e/**', 'src/**/*.test.ts', 'src/**/test-support/**', 'src/store/*-contract.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] },
  },
  {
    // End-to-end tests start a real server in-process: they compose core and api like the CLI does.
    files: ['src/web/e2e/**/*.ts'],
    rules: forbid(['ingest', 'extract', 'store', 'cli']),
  },
  // No source line over 120 characters: Prettier cannot break strings, comments, regexes or templates.
  // Not in the gold-data scripts of data/, examples/ and test-fixtures/: their long lines are annotation data.
  {
    files: ['**/*.{ts,js,mjs}'],
    ignores: ['data/**', 'examples/**', 'test-fixtures/**'],
    rules: { 'max-len': ['error', maxLen] },
  },
);
