#!/usr/bin/env node
// Launcher of the gov-audit CLI. The CLI is TypeScript (bin/cli/*.ts); tsx's loader runs it
// without a build step, so `npx gov-audit …` works straight from a clean clone after `npm ci`.
import { register } from 'tsx/esm/api';

// The AWS SDK is pinned to a Node-20-compatible release (docs: STACK.md); its notice that later
// releases need Node 22 is for upgrades, not for the users of this command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('./cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
