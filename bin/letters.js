#!/usr/bin/env node
// The published command: runs the bundled CLI (built by `npm install` through the prepare script) with
// its code cache (load-bundle.cjs). LETTERS_DEBUG prints stacks of internal errors: map them back to src/
// then (reading maps costs start-up time).
// The first line stays `#!/usr/bin/env node`, which every system runs: `env -S NAME=value node --flag`
// (fewer malloc arenas and a smaller young generation took a 10,000-letter day from 348 to 301 MiB)
// stops `letters` from starting where env has no -S (BusyBox on Alpine, OpenBSD). Should it ever carry
// flags, the build makes its code caches with them (scripts/launch.ts), since V8 keeps a cache only
// for the flags it was made with.
// CommonJS (bin/package.json), which Node starts a little sooner than a module.
'use strict';

if (process.env.LETTERS_DEBUG) process.setSourceMapsEnabled(true);
const { join } = require('node:path');
const { loadBundle } = require('./load-bundle.cjs');
const { main } = loadBundle(join(__dirname, '..', 'dist', 'cli.cjs'));

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
