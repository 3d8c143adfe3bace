// The cold first letter of a fresh `letters generate` process, start-up included, and `letters --help`
// (the warm letter is ours-warm.ts's).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchOfBin, type Launch } from '../scripts/launch.js';
import { CASE_FILE, ROOT, stats } from './sample.js';

export interface ColdRun {
  /** Wall ms of `letters generate <sample> --out <tmp> --force` (started as its first line starts it), median of the runs. */
  generate: number;
  /** Wall ms of `letters --help`, median of the runs. */
  help: number;
  /** Wall ms of `node -e 0`: Node's own start-up, for scale. */
  nodeStartup: number;
  runs: number;
}

function wall(args: string[], launch: Launch = { env: {}, nodeArgs: [] }): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...launch.nodeArgs, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, ...launch.env },
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** The cold first letter: a fresh process per run, reading the case and writing the PDF; and `--help` (needs `npm run build`). */
export function coldGenerate(runs = 3): ColdRun {
  const out = mkdtempSync(join(tmpdir(), 'letters-bench-'));
  try {
    const generate: number[] = [];
    const help: number[] = [];
    const node: number[] = [];
    // One run of each kind per round, so a busy moment of the machine hits all three alike.
    // `letters` as users start it: with the node flags and environment of its first line (launch.ts).
    const letters = launchOfBin();
    for (let i = 0; i < runs; i++) {
      node.push(wall(['-e', '0']));
      generate.push(wall([join(ROOT, 'bin/letters.js'), 'generate', CASE_FILE, '--out', out, '--force'], letters));
      help.push(wall([join(ROOT, 'bin/letters.js'), '--help'], letters));
    }
    return { generate: stats(generate).median, help: stats(help).median, nodeStartup: stats(node).median, runs };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
