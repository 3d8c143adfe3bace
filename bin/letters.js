#!/usr/bin/env node
// The published command: runs the bundled CLI (built by `npm install` through the prepare script).
// LETTERS_DEBUG prints stacks of internal errors: map them back to src/ then (reading maps costs start-up time).
if (process.env.LETTERS_DEBUG) process.setSourceMapsEnabled(true);
const { main } = await import('../dist/cli.js');

process.exitCode = await main(process.argv.slice(2));
