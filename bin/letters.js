#!/usr/bin/env node
// The published command: runs the bundled CLI (built by `npm install` through the prepare script) with
// its code cache (load-bundle.cjs). LETTERS_DEBUG prints stacks of internal errors: map them back to src/
// then (reading maps costs start-up time).
import { createRequire } from 'node:module';

if (process.env.LETTERS_DEBUG) process.setSourceMapsEnabled(true);
const { loadBundle } = createRequire(import.meta.url)('./load-bundle.cjs');
const { main } = loadBundle(new URL('../dist/cli.cjs', import.meta.url));

process.exitCode = await main(process.argv.slice(2));
