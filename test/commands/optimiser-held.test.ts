// optimiser-held.ts holds V8's optimising compiler back for a one-case command's first letter: a
// function run hot meanwhile is not optimised, one run hot after the release is, and a node started
// with its own choice about the optimiser keeps it.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';

const MODULE = resolve(import.meta.dirname, '..', '..', 'src', 'commands', 'optimiser-held.ts');

// Two functions of the same work, each run hot: one while the optimiser is held, one after.
const SCRIPT = `
const { holdOptimiser, releaseOptimiser } = await import(${JSON.stringify(MODULE)});
function whileHeld(n) { let s = 0; for (let i = 0; i < n; i++) s += (i * 7) % 13; return s; }
function afterRelease(n) { let s = 0; for (let i = 0; i < n; i++) s += (i * 7) % 13; return s; }
holdOptimiser();
for (let i = 0; i < 3000; i++) whileHeld(1000);
releaseOptimiser();
for (let i = 0; i < 3000; i++) afterRelease(1000);
`;

/** The functions of the script V8 optimised, started with these node flags. */
function optimised(flags: string[]): string[] {
  const dir = tempDir('letters-optimiser-');
  const file = join(dir, 'hot.mjs');
  writeFileSync(file, SCRIPT);
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--trace-opt', ...flags, file], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', TMPDIR: dir },
  });
  expect(run.status, run.stderr).toBe(0);
  return [...new Set([...run.stdout.matchAll(/completed compiling \S+ <JSFunction (whileHeld|afterRelease) /g)].map((m) => m[1]!))];
}

describe('holdOptimiser', () => {
  it('keeps a function run hot while held from being optimised, and lets one after the release be', () => {
    expect(optimised([])).toEqual(['afterRelease']);
  });

  it('leaves the optimiser as node was started: off stays off, however the flag is spelt', () => {
    expect(optimised(['--no-opt'])).toEqual([]);
    expect(optimised(['--noopt'])).toEqual([]);
    expect(optimised(['--no_turbofan'])).toEqual([]);
  });
});
