// `letters batch` runs the campaign in a thread of its own (run-batch-in-thread.ts starts the built
// dist/batch-thread.cjs): the same summary, callbacks and files as runBatch in this thread, its errors
// as the classes the CLI tells apart, and a signal already aborted still heard.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BatchProgress } from '../../src/batch/progress.js';
import { runBatch } from '../../src/batch/run-batch.js';
import { runBatchInThread } from '../../src/batch/run-batch-in-thread.js';
import { ValidationError } from '../../src/errors.js';
import { batchWorkspace, bigCampaign, filesUnder, readManifestJson } from './helpers.js';

describe('runBatchInThread', () => {
  it('writes the same letters and manifest as runBatch in this thread, and reports start and progress', async () => {
    const here = batchWorkspace();
    const there = batchWorkspace();
    const campaign = (ws: string) => join(ws, 'campaigns', 'test-day.yaml');
    const local = await runBatch(campaign(here), { outDir: join(here, 'out'), jobs: 1, sourceDateEpoch: '1577836800' });
    const started: unknown[] = [];
    const progress: BatchProgress[] = [];
    for (const jobs of [1, 2]) {
      const out = join(there, `out-${jobs}`);
      const threaded = await runBatchInThread(campaign(there), {
        outDir: out,
        jobs,
        sourceDateEpoch: '1577836800',
        onStart: (info) => started.push(info),
        onProgress: (p) => progress.push(p),
      });
      expect({ ...threaded, seconds: 0, lettersPerSecond: 0, dir: '', manifest: {} }).toEqual({
        ...local,
        jobs,
        seconds: 0,
        lettersPerSecond: 0,
        dir: '',
        manifest: {},
      });
      expect(threaded.dir).toBe(join(out, 'test-day'));
      expect(filesUnder(threaded.dir)).toEqual(filesUnder(local.dir));
      // Rows point at their own workspace's files; their letters' bytes are the same.
      const rows = readManifestJson(threaded.dir);
      expect(rows.map((r) => [r.file, r.sha256, r.status])).toEqual(readManifestJson(local.dir).map((r) => [r.file, r.sha256, r.status]));
      for (const f of filesUnder(threaded.dir).filter((f) => f.endsWith('.pdf')))
        expect(readFileSync(join(threaded.dir, f)).equals(readFileSync(join(local.dir, f)))).toBe(true);
    }
    expect(started).toEqual([
      { campaign: 'test-day', total: local.total, jobs: 1, dir: join(there, 'out-1', 'test-day') },
      { campaign: 'test-day', total: local.total, jobs: 2, dir: join(there, 'out-2', 'test-day') },
    ]);
    expect(progress.filter((p) => p.done === p.total)).toHaveLength(2);
  });

  it('rejects with the ValidationError of a campaign that cannot be planned', async () => {
    const ws = batchWorkspace();
    const file = join(ws, 'campaigns', 'test-day.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^date: .*$/m, 'date: 2020-02-30'));
    const err = await runBatchInThread(file, { outDir: join(ws, 'out'), jobs: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).problems[0]).toMatchObject({ file, path: 'date', severity: 'error' });
  });

  it('quits at once when asked: onQuit is called once the temp files and lock are gone, and no manifest is saved', async () => {
    const ws = batchWorkspace();
    const stop = new AbortController();
    const quit = new AbortController();
    stop.abort();
    quit.abort();
    const dir = join(ws, 'out', 'test-day');
    let quitSeen: string[] | undefined;
    const summary = await runBatchInThread(join(ws, 'campaigns', 'test-day.yaml'), {
      outDir: join(ws, 'out'),
      jobs: 2,
      signal: stop.signal,
      quit: quit.signal,
      onQuit: () => (quitSeen = filesUnder(dir)),
    });
    expect(quitSeen).toEqual([]);
    expect(summary).toMatchObject({ interrupted: true, written: 0, failed: 0, failures: [] });
    expect(summary.manifestError).toMatch(/quit before its manifest was saved/);
    expect(filesUnder(ws).filter((f) => f.startsWith('out/'))).toEqual([]);
  });

  // The thread reads the signal between letters (a message alone waits for its event loop, which at
  // --jobs 1 renders letter after letter), and its last progress is the summary's count.
  it.each([1, 2])('with --jobs %s, stops soon after a signal that comes once letters are done', async (jobs) => {
    const ws = bigCampaign(100);
    const stop = new AbortController();
    const progress: BatchProgress[] = [];
    const summary = await runBatchInThread(join(ws, 'campaigns', 'big-day.yaml'), {
      outDir: join(ws, 'out'),
      jobs,
      signal: stop.signal,
      onProgress: (p) => {
        progress.push(p);
        stop.abort();
      },
    });
    expect(summary.interrupted).toBe(true);
    expect(summary.written).toBeGreaterThan(0);
    expect(summary.written).toBeLessThan(200);
    expect(summary.failed).toBe(0);
    expect(progress.at(-1)).toMatchObject({ done: summary.written, written: summary.written, total: 200 });
    expect(readManifestJson(summary.dir)).toHaveLength(summary.written);
  });

  it('stops handing out letters when the signal aborts, and says the run was interrupted', async () => {
    const ws = batchWorkspace();
    const stop = new AbortController();
    stop.abort();
    const summary = await runBatchInThread(join(ws, 'campaigns', 'test-day.yaml'), { outDir: join(ws, 'out'), jobs: 1, signal: stop.signal });
    expect(summary.interrupted).toBe(true);
    expect(summary.written).toBe(0);
  });
});
