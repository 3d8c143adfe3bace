// The bench's own code at tiny sizes: it runs to the end and writes a results file with a row for
// every target of issue 14, each with a figure. No time is asserted: that is the bench's job, on a
// quiet machine, never a test's.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/run-cli.js';

const TARGETS = [
  /^\| warm sample letter, median ms/,
  /^\| warm repeated-body letter, median ms/,
  /^\| batch 4 letters: --jobs 2 \/ --jobs 1 letters\/s/,
  /^\| batch 6 letters --jobs 2, letters\/s/,
  /^\| batch ms\/letter, 6 letters \/ 4 letters \(--jobs 2\)/,
  /^\| peak RSS, process tree, 6 letters --jobs 2/,
  /^\| peak RSS, 6 letters \/ 4 letters \(--jobs 2\)/,
  /^\| cold `letters generate` of the sample, median ms/,
  /^\| cold `letters --help`, median ms/,
  /^\| bytes per two-page letter/,
];

describe('npm run bench at tiny sizes', () => {
  it('prints every target as met or not and writes them, with every figure, to the results file', () => {
    const dir = tempDir('letters-bench-test-');
    const results = join(dir, 'latest.md');
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'run.ts')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        BENCH_LETTERS: '2',
        BENCH_WARMUP: '0',
        BENCH_COLD: '1',
        BENCH_BATCH_SMALL: '4',
        BENCH_BATCH_LARGE: '6',
        BENCH_BATCH_RUNS: '2',
        BENCH_RESULTS: results,
        // tsx keeps a cache in the temp folder: this test's own, removed with it.
        TMPDIR: dir,
      },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const text = readFileSync(results, 'utf8');
    const lines = text.split('\n');
    for (const target of TARGETS) {
      const row = lines.find((l) => target.test(l));
      expect(row, `no row ${target}`).toBeDefined();
      // Measured (not "not measured") and judged.
      expect(row).toMatch(/^\| [^|]+\| \d[\d.,]* [^|]*\| [≤≥<] [^|]+\| (met|NOT MET) +\|/);
    }
    // The contenders' table, the batch lines and the cold figures are there too.
    for (const what of [
      '| ours ',
      '| ours (repeated body) ',
      '| pdfkit (font paths) ',
      '| typst ',
      'batch 4 letters  --jobs 1',
      'batch 6 letters  --jobs 2',
      'ours cold, fresh process',
      'the median of each figure over the 2 runs of each campaign',
    ])
      expect(text).toContain(what);
    // The same table on stdout.
    expect(run.stdout).toContain('Targets of issue 14');
    expect(run.stdout).toContain(lines.find((l) => TARGETS[0]!.test(l)));
  }, 180_000);
});
