#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=4
// The published command: runs the bundled CLI (built by `npm install` through the prepare script) with
// its code cache (load-bundle.cjs). LETTERS_DEBUG prints stacks of internal errors: map them back to src/
// then (reading maps costs start-up time).
// The first line starts node as a long batch wants it (npm's Windows shim reads it too): at most two
// malloc arenas (MALLOC_ARENA_MAX, glibc) rather than eight per core, and a young generation of 4 MB
// semi-spaces rather than 16; a 10,000-letter day at --jobs 2 peaked at 301 MiB instead of 348.
// The code caches are made with these flags (scripts/launch.ts); `node bin/letters.js` works the same,
// only without them and without the caches.
// CommonJS (bin/package.json), which Node starts a little sooner than a module.
'use strict';

if (process.env.LETTERS_DEBUG) process.setSourceMapsEnabled(true);
const { join } = require('node:path');
const { loadBundle } = require('./load-bundle.cjs');
const { main } = loadBundle(join(__dirname, '..', 'dist', 'cli.cjs'));

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
