// ESLint 9 flat config. `.mjs` because the package is CommonJS and this file uses ESM imports.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      'dist/**',
      'dist-bench/**',
      'coverage/**',
      'docs/**',
      'bench/results/**',
      '.bench-dist-snapshot/**',
      'node_modules/**',
    ],
  },

  // TypeScript: the service, its unit specs, and test/ (contracts, e2e, support).
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Nest modules are classes whose only content is their decorator.
      '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true }],
      // `_name` marks a parameter kept for a signature (an interface, a Nest hook) but not used.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // An async adapter of an async port (MemoryCacheStore.get) stays `async` without awaiting anything:
      // a throw then still becomes a rejection, which `return Promise.resolve(x)` would not give.
      '@typescript-eslint/require-await': 'off',
      // A promise is awaited, returned, handled, or explicitly dropped with `void`.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },

  // End-to-end specs read response bodies that supertest types as `any` by design; the assertions
  // themselves check their shape.
  {
    files: ['test/e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },

  // Command-line tools print their result to stdout (Nest's Logger is silenced there).
  {
    files: ['src/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },

  // bench/*.js and tool configs: plain CommonJS run by node directly, outside the TypeScript project,
  // so linted without type information.
  {
    files: ['**/*.js', '**/*.cjs'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'commonjs', ecmaVersion: 'latest', globals: globals.node },
    rules: {
      'no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  { files: ['**/*.mjs'], extends: [js.configs.recommended], languageOptions: { globals: globals.node } },

  // Last: turn off every stylistic rule that Prettier owns.
  prettier,
);
