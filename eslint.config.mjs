// Lint rules that guard the architecture: the engine never imports `vscode` (it runs in the CLI too); the
// webview (media/, a browser bundle) and the message protocol import neither `vscode` nor the host's code.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'dist-vsix/**', 'models/**', 'test/fixtures/**', 'scripts/**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/engine must stay free of vscode: pass what it needs in.' }] }],
    },
  },
  {
    files: ['media/**/*.ts', 'src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The webview runs in a browser: it cannot import vscode.' }],
          patterns: [
            { group: ['**/src/vscode', '**/src/vscode/**', '**/vscode/*', '../vscode', '../vscode/**'], message: 'The webview and the protocol never import the extension host: share types through src/protocol.' },
            { group: ['**/src/engine', '**/src/engine/**', '../engine', '../engine/**'], message: 'The webview bundle stays small: share types through src/protocol, not the engine.' },
          ],
        },
      ],
    },
  },
);
