// @ts-check
// Lint: typescript-eslint's type-aware recommended rules (recommendedTypeChecked) over main.ts,
// src/, scripts/ and test/. `npm test` runs it; `npm run lint` alone.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'cdktf.out/', '.build/', 'dist/', 'coverage/', 'test/fixtures/', '**/.gen/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `_`-prefixed names are the house way to say "unused on purpose" (a destructured field left out).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests read parsed JSON (synthesized stacks, CLI output, Datadog answers) whose shape is
      // exactly what they assert; typing every probe would restate the assertion. The rules that
      // catch real mistakes (floating/misused promises, require-await, ...) stay on.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // The same parsed JSON is typed `any` where a test reads it (a stack, a fake Datadog's body).
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Plain JS (jest config, scripts, this file, a test reporter): CommonJS on Node, not type-checked.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: {
      // CommonJS files load modules with require(); there is no import to prefer.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
