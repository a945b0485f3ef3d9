#!/usr/bin/env node
// The locksim command. It runs the TypeScript sources through tsx's loader,
// so there is no build step, and user protocol modules in TypeScript load the
// same way.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv);
