// `letters batch` runs the campaign in a thread of its own (run-batch-in-thread.ts starts the built
// dist/batch-thread.cjs): the same summary, callbacks and files as runBatch in this thread, its errors
// as the classes the CLI tells apart, and a signal already aborted still heard.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BatchProgress } from '../../src/batch/progress.js';
import { runBatch } from '../../src/batch/run-batch.js';
import { runBatchInThread } from '../../src/batch/run-batch-in-thread.js';
import { ValidationError } from '../../src/errors.js';
import { ROOT } from '../helpers/run-cli.js';
import { batchWorkspace, bigCampaign, filesUnder, readManifestJson, sha256 } from './helpers.js';

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

  // With one job the batch's thread renders the letters itself, and the command's thread watches it:
  // letters that stop getting on, or the thread's death, stop that thread, and a new one renders the
  // day in a worker thread, where the letter to blame fails alone.
  describe('with one job, a letter that never ends or kills the thread', () => {
    const fixture = (name: string) => join(ROOT, 'test', 'fixtures', 'workers', name);
    const day = (ws: string) => join(ws, 'campaigns', 'big-day.yaml');
    // What a stopped thread was writing is gone: no temp file, no lock.
    const leftBeside = (dir: string) =>
      filesUnder(dir)
        .filter((f) => !f.endsWith('.pdf'))
        .sort();

    it("stops the thread; the next renders in a worker, fails the letter alone, and keeps the first's letters written", async () => {
      const ws = bigCampaign(6);
      const started: unknown[] = [];
      // In the batch's thread, copy-003 -> official-a (the fifth letter) never ends; the worker the next
      // thread renders in never ends it either, and runs out of memory on copy-004 -> official-b (the
      // eighth). A limit of 5 s: that worker must run out of memory within it, which on a loaded machine
      // took over 1.5 s (and the letter was stopped as one that never ends).
      const summary = await runBatchInThread(
        day(ws),
        { outDir: join(ws, 'out'), jobs: 1, onStart: (info) => started.push(info) },
        { renderHere: fixture('misbehaving-render-item.cjs'), worker: fixture('misbehaving-worker.mjs'), letterTimeLimitMs: 5000 },
      );
      expect(summary).toMatchObject({ total: 12, written: 10, skipped: 0, failed: 2, jobs: 1, interrupted: false });
      // Stopped once in the batch's thread and once in the worker.
      expect(summary.seconds).toBeGreaterThan(10);
      expect(started).toHaveLength(1);
      const rows = readManifestJson(summary.dir);
      expect(rows).toHaveLength(12);
      rows.forEach((row, i) => {
        if (i === 4)
          expect(row).toMatchObject({
            status: 'failed',
            error: expect.stringMatching(/^internal error: it was still rendering after 5 s, so it was stopped and the other letters went on/),
          });
        else if (i === 7)
          expect(row).toMatchObject({
            status: 'failed',
            error: expect.stringMatching(/^internal error: its worker thread ended while rendering it \(.*memory.*\) and the other letters went on/),
          });
        else {
          // The stopped thread had begun the four before the fifth, not done them (the letters of a turn
          // begin one after another before any ends): the next thread writes them. Letters the stopped
          // thread did write stay written in the tests after this one.
          expect(row.status).toBe('written');
          expect(sha256(readFileSync(join(summary.dir, row.file)))).toBe(row.sha256);
        }
      });
      expect(leftBeside(summary.dir)).toEqual(['manifest.csv', 'manifest.json']);
      expect(filesUnder(summary.dir).filter((f) => f.endsWith('.pdf'))).toHaveLength(10);
      // The next run skips the letters written and renders the two again (in the real renderer now).
      const again = await runBatchInThread(day(ws), { outDir: join(ws, 'out'), jobs: 1 });
      expect(again).toMatchObject({ written: 2, skipped: 10, failed: 0 });
    });

    // Ctrl-C once while a letter never ends: the thread cannot hear it, and is stopped by the watch. The
    // next thread heard the signal at once and handed out nothing: a manifest of no rows replaced the
    // previous one, and the summary said 0 written of the letters the stopped thread had written.
    it('after Ctrl-C once during a letter that never ends, accounts for the letters the stopped thread did', async () => {
      const ws = bigCampaign(12);
      const stop = new AbortController();
      const summary = await runBatchInThread(
        day(ws),
        { outDir: join(ws, 'out'), jobs: 1, signal: stop.signal, onProgress: () => stop.abort() },
        { renderHere: fixture('stuck-last-render-item.cjs'), letterTimeLimitMs: 3000 },
      );
      // The last letter never ends: the stopped thread wrote letters before it, which the next one accounts for.
      expect(summary).toMatchObject({ total: 24, skipped: 0, failed: 0, interrupted: true });
      expect(summary.written).toBeGreaterThan(0);
      expect(summary.written).toBeLessThan(24);
      const rows = readManifestJson(summary.dir);
      expect(rows.map((r) => r.status)).toEqual(Array(summary.written).fill('written'));
      rows.forEach((row) => expect(sha256(readFileSync(join(summary.dir, row.file)))).toBe(row.sha256));
      expect(leftBeside(summary.dir)).toEqual(['manifest.csv', 'manifest.json']);
    });

    // A re-run skips most letters by the last manifest, without rendering them: the stopped thread noted
    // none done, and after Ctrl-C once the next one saved a manifest of no rows in place of the last.
    it('after Ctrl-C once during a re-run, keeps the rows of the letters the stopped thread skipped', async () => {
      const ws = bigCampaign(30);
      const first = await runBatchInThread(day(ws), { outDir: join(ws, 'out'), jobs: 1 });
      expect(first).toMatchObject({ total: 60, written: 60 });
      // The last letter is rendered again, and never ends.
      rmSync(join(first.dir, readManifestJson(first.dir)[59]!.file));
      const stop = new AbortController();
      const summary = await runBatchInThread(
        day(ws),
        // Once the thread hangs on the last letter, which it is handed once 36 rows are out, and before the watch stops it.
        { outDir: join(ws, 'out'), jobs: 1, signal: stop.signal, onProgress: () => setTimeout(() => stop.abort(), 1500) },
        { renderHere: fixture('stuck-sixtieth-render-item.cjs'), letterTimeLimitMs: 5000 },
      );
      expect(summary).toMatchObject({ total: 60, written: 0, failed: 0, interrupted: true });
      expect(summary.skipped).toBeGreaterThanOrEqual(36);
      const rows = readManifestJson(summary.dir);
      expect(rows.map((r) => r.status)).toEqual(Array(summary.skipped).fill('skipped'));
      expect(leftBeside(summary.dir)).toEqual(['manifest.csv', 'manifest.json']);
    });

    // The next thread goes through the letters the stopped one did again, from its own start: the bar
    // went back to 0 and its letters/s counted from then.
    it('shows progress that never goes back after the thread is stopped', async () => {
      const ws = bigCampaign(12);
      const progress: BatchProgress[] = [];
      const summary = await runBatchInThread(
        day(ws),
        { outDir: join(ws, 'out'), jobs: 1, onProgress: (p) => progress.push(p) },
        { renderHere: fixture('stuck-last-render-item.cjs'), letterTimeLimitMs: 3000 },
      );
      expect(summary).toMatchObject({ total: 24, written: 24, failed: 0 });
      // The day's time, which the watch's limit is part of.
      expect(progress.at(-1)!.seconds).toBeGreaterThan(3);
      progress.slice(1).forEach((p, i) => {
        expect(p.done).toBeGreaterThanOrEqual(progress[i]!.done);
        expect(p.seconds).toBeGreaterThanOrEqual(progress[i]!.seconds);
      });
      expect(progress.at(-1)).toMatchObject({ done: 24, written: 24 });
    });

    it('goes on after the thread runs out of memory on a letter', async () => {
      const ws = bigCampaign(6);
      // The batch's thread dies on copy-004 -> official-b, the eighth letter; the worker renders it.
      const summary = await runBatchInThread(day(ws), { outDir: join(ws, 'out'), jobs: 1 }, { renderHere: fixture('dying-render-item.cjs') });
      expect(summary).toMatchObject({ total: 12, written: 12, skipped: 0, failed: 0, interrupted: false });
      const rows = readManifestJson(summary.dir);
      expect(rows.map((r) => r.status)).toEqual(Array(12).fill('written'));
      rows.forEach((row) => expect(sha256(readFileSync(join(summary.dir, row.file)))).toBe(row.sha256));
      expect(leftBeside(summary.dir)).toEqual(['manifest.csv', 'manifest.json']);
    });
  });
});
