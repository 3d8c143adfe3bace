// A batch's letters are written only inside the out folder, also when their campaign folder is put
// aside and a link put in its place while the batch runs: each letter was checked from the campaign
// folder down, so the letters after the swap went through the link, wherever it led.
import { renameSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBatch } from '../../src/batch/run-batch.js';
import { tempDir } from '../helpers/run-cli.js';
import { allFiles } from '../output/helpers.js';
import { bigCampaign } from './helpers.js';

const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe('a campaign folder replaced by a symbolic link while the batch runs', () => {
  // One job: the letters render in this thread, through the same renderItem the worker threads run.
  for (const jobs of [1]) {
    it(`--jobs ${jobs}: no letter is written through the link; the letters after it fail naming it`, async () => {
      const ws = bigCampaign(6);
      const outside = tempDir('letters-outside-');
      temps.push(ws, outside);
      const out = join(ws, 'out');
      const dir = join(out, 'big-day');
      let swapped = false;
      const summary = await runBatch(join(ws, 'campaigns', 'big-day.yaml'), {
        outDir: out,
        jobs,
        onProgress: (p) => {
          if (swapped || p.written < 2) return;
          swapped = true;
          renameSync(dir, join(ws, 'put-aside'));
          symlinkSync(outside, dir);
        },
      });
      expect(swapped).toBe(true);
      expect(allFiles(outside)).toEqual([]);
      expect(summary.written).toBeLessThan(12);
      expect(summary.failed).toBeGreaterThan(0);
      expect(summary.failures.map((f) => f.cause).join('\n')).toContain('out/big-day is a symbolic link: letters are written only inside the out folder');
    });
  }
});
