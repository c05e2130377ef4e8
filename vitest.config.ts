import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['./test/support/global-setup.ts'],
    // Integration and e2e tests start real servers and often wait on them (a host that never
    // answers, a page's scripts in the browser): three files at a time keep a 2-core machine
    // busy without thrashing it (2 workers: 6 min 44 s; 3: 5 min 34 s).
    maxWorkers: 3,
    // Test files of one worker share its module cache instead of importing the AWS SDK, CDK,
    // exceljs and playwright again for each file: a third of the suite's CPU time. Each file
    // starts its own servers and stacks and restores what it changes (process.env), so none
    // depends on module state left by another.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    // The pinned AWS SDK's notice about Node 22 (see bin/gov-audit.js) is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // Lambda bundles from a synthesized cloud assembly (test/e2e/deployed-shape.test.ts) load in
    // native Node, as on Lambda: not transformed, and ~40 s faster.
    server: { deps: { external: [/\/asset\.[0-9a-f]{64}\/index\.mjs$/] } },
  },
});
