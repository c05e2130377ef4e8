#!/usr/bin/env node
// Launcher of the gov-audit CLI. The CLI is TypeScript (bin/cli/*.ts); tsx's loader runs it
// without a build step, so `npx gov-audit …` works straight from a clean clone after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
