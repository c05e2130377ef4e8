// Lint rules whose main job is the dependency direction of docs/architecture.md ("Dependency
// direction"), for every folder:
//   test → anything;  bench → bin, lib, functions, local (never test);
//   bin → functions, local (never test, bench, or a handler.ts: shared code lives in a module);
//   local → functions (never bin, test, bench);  lib → (entry paths as strings);
//   functions/<fn> → core, adapters, commons, its own modules (never another function's handler);
//   adapters → core;  core → core + pure libraries (htmlparser2, tldts, cheerio).
import tseslint from 'typescript-eslint';

const AWS_AND_IO = ['@aws-sdk/*', '@middy/*', '@aws-lambda-powertools/*', 'undici', 'playwright-core', '@sparticuz/chromium',
  'node:http', 'node:https', 'node:net', 'node:dns', 'node:fs', 'node:fs/promises', 'node:child_process', 'node:tls',
  'http', 'https', 'net', 'dns', 'fs', 'fs/promises', 'child_process', 'tls', 'exceljs'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', 'dist/**', 'test-artifacts/**', '.gov-audit/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['functions/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: AWS_AND_IO, message: 'functions/core is pure: no AWS SDK, network, files or browser. Put I/O in functions/adapters.' },
          { group: ['**/adapters/**', '**/lib/**', '**/local/**', '**/bin/**'], message: 'core imports only core.' },
          { group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'], message: 'core never imports infrastructure.' },
        ],
      }],
      'no-restricted-syntax': ['error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'core reads no environment: inject configuration.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core reads no clock: inject `now`.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'core reads no clock: inject `now`.' },
      ],
    },
  },
  {
    files: ['functions/adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/lib/**', '**/local/**', '**/bin/**', 'aws-cdk-lib', 'aws-cdk-lib/*'], message: 'adapters import only core and libraries.' },
        { group: ['../*/handler*', '../../*/handler*'], message: 'adapters never import handlers.' },
      ] }],
    },
  },
  {
    files: ['functions/**/*.ts'],
    ignores: ['functions/core/**', 'functions/adapters/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/lib/**', '**/local/**', '**/bin/**', 'aws-cdk-lib', 'aws-cdk-lib/*'], message: 'runtime code never imports infrastructure, local tooling or entry points.' },
        { group: ['../*/handler', '../*/handler.ts'], message: "a function never imports another function's handler: move what is shared into a module." },
      ] }],
    },
  },
  {
    files: ['bench/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/test/**'], message: 'bench/ never imports test/: put shared fixtures in local/ (e.g. local/sim-records).' },
      ] }],
    },
  },
  {
    files: ['bin/**/*.ts', 'bin/**/*.js'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/test/**', '**/bench/**'], message: 'bin/ never imports tests or benchmarks.' },
        { group: ['**/functions/*/handler', '**/functions/*/handler.ts'], message: 'bin/ never imports a handler.ts: move what the CLI shares with a Lambda into a module of its own.' },
      ] }],
    },
  },
  {
    files: ['local/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/bin/**', '**/test/**', '**/bench/**'], message: 'local/ never imports bin/, test/ or bench/: move what is shared into local/ or functions/.' },
      ] }],
    },
  },
  {
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/functions/**', '**/local/**', '**/bin/**'], message: 'lib/ refers to function entry files by path string only.' },
      ] }],
    },
  },
);
