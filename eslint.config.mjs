// Lint = the checks that close a class of bug, not style: every regular expression in the
// shipped code is checked for super-linear backtracking (ReDoS), see docs/robustness.md.
// Parsing only (no type information), so it stays fast; formatting is not linted.
import tseslint from 'typescript-eslint';
import regexp from 'eslint-plugin-regexp';

export default [
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'test-results/**'] },
  {
    files: ['server/src/**/*.ts', 'client/src/**/*.ts'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
    plugins: { regexp },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'regexp/no-super-linear-backtracking': ['error', { report: 'potential' }],
      'regexp/no-super-linear-move': ['error', { report: 'potential', ignoreSticky: false, ignorePartial: false }],
      'regexp/no-misleading-capturing-group': 'error',
      // A pattern built at run time can only be checked when its text is static; every other one
      // carries an inline justification (eslint-disable-next-line … -- why it is linear, input bound).
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='RegExp']",
          message: 'A RegExp built at run time escapes the ReDoS check: use a literal, or justify it inline.',
        },
        {
          selector: "CallExpression[callee.name='RegExp']",
          message: 'A RegExp built at run time escapes the ReDoS check: use a literal, or justify it inline.',
        },
      ],
    },
  },
];
