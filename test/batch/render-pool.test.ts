// The worker pool takes letters in chunks: each result must come back to its own letter, whatever
// chunk it travelled in, and the letters handed in after the first turn still go out; a letter that
// never ends is stopped and the rest of its chunk rendered.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type * as RenderPool from '../../src/batch/render-pool.js';
import { ROOT } from '../helpers/run-cli.js';
import { loadCampaign } from '../../src/pipeline/load-campaign.js';
import { planCampaign } from '../../src/pipeline/plan-campaign.js';
import { bigCampaign } from './helpers.js';

/** The built pool (through the loader, as bin/letters.js runs the CLI): its workers run dist/worker.js. */
function builtPool(): typeof RenderPool {
  const { loadBundle } = createRequire(import.meta.url)(join(ROOT, 'bin', 'load-bundle.cjs')) as { loadBundle(file: string): unknown };
  return loadBundle(join(ROOT, 'dist', 'render-pool.cjs')) as typeof RenderPool;
}

describe('the render pool', () => {
  it('returns each letter its own result, with letters handed in chunks and one at a time', async () => {
    const ws = bigCampaign(6);
    const out = join(ws, 'out');
    const items = [...planCampaign(loadCampaign(join(ws, 'campaigns', 'big-day.yaml')), out)];
    expect(items.length).toBe(12);
    const { createRenderer } = builtPool();
    const renderer = createRenderer(2, { force: false }, items.length);
    try {
      // Nine in one turn (chunks), then three one turn after another (a chunk each).
      const first = Promise.all(items.slice(0, 9).map((item) => renderer.render(item)));
      first.catch(() => undefined); // awaited below; not unhandled meanwhile
      const rest = [];
      for (const item of items.slice(9)) {
        rest.push(await renderer.render(item));
      }
      const results = [...(await first), ...rest];
      results.forEach((r, i) => {
        expect(r.status).toBe('written');
        expect(createHash('sha256').update(readFileSync(items[i]!.path)).digest('hex')).toBe(r.sha256);
      });
      // The senders are copies, so the letters alternate between the two officials' two texts: a result
      // given to its neighbour would not match that letter's file above.
      expect(new Set(results.map((r) => r.sha256)).size).toBe(2);
      expect(results[0]!.sha256).not.toBe(results[1]!.sha256);
    } finally {
      await renderer.destroy();
    }
  });

  it('fails alone a letter that outlasts the time limit and one that kills its worker, and renders the rest of their chunks', async () => {
    const ws = bigCampaign(6);
    const out = join(ws, 'out');
    const items = [...planCampaign(loadCampaign(join(ws, 'campaigns', 'big-day.yaml')), out)];
    const stuckAt = items.findIndex((item) => item.senderId === 'copy-003' && item.officialId === 'official-a');
    const deadAt = items.findIndex((item) => item.senderId === 'copy-004' && item.officialId === 'official-b');
    expect([stuckAt, deadAt]).toEqual([4, 7]);
    const { createRenderer } = builtPool();
    // The fixture's worker never ends the one letter and runs out of memory on the other; the rest it
    // hands to the real worker.
    const worker = join(ROOT, 'test', 'fixtures', 'workers', 'misbehaving-worker.mjs');
    // All twelve in one turn, the day's size unknown: chunks of eight and four, both letters in the first.
    // A limit of 5 s: the other letter's thread must run out of memory within it, which on a loaded
    // machine took over 1.5 s (and that letter was stopped as one that never ends).
    const renderer = createRenderer(2, { force: false }, Infinity, { worker, letterTimeLimitMs: 5000 });
    try {
      // One letter before them is on disk already: found so by the stopped worker, and again.
      expect((await renderer.render(items[1]!)).status).toBe('written');
      const started = performance.now();
      const results = await Promise.all(items.map((item) => renderer.render(item)));
      // Stopped after the limit and at most one look more (a quarter of it), plus a worker's start.
      expect(performance.now() - started).toBeLessThan(30_000);
      expect(results[stuckAt]).toMatchObject({
        status: 'failed',
        error: expect.stringContaining('it was still rendering after 5 s, so it was stopped and the other'),
      });
      expect(results[deadAt]).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/^internal error: its worker thread ended while rendering it \(.*memory.*\) and the other letters went on/),
      });
      results.forEach((r, i) => {
        if (i === stuckAt || i === deadAt) return expect(existsSync(items[i]!.path)).toBe(false);
        // Those before them were written by the first worker and again by another: still written, not skipped.
        expect(r.status, `letter ${i}`).toBe(i === 1 ? 'skipped' : 'written');
        expect(createHash('sha256').update(readFileSync(items[i]!.path)).digest('hex')).toBe(r.sha256);
      });
      // The pool goes on with new workers in the place of those stopped.
      expect((await renderer.render(items[0]!)).status).toBe('skipped');
    } finally {
      await renderer.destroy();
    }
  });
});

describe('forWorker', () => {
  it("leaves a letter's warnings in this thread, which reports them, and the rest as it is", async () => {
    const { forWorker } = await import('../../src/batch/render-pool.js');
    const ws = bigCampaign(1);
    const [item] = [...planCampaign(loadCampaign(join(ws, 'campaigns', 'big-day.yaml')), join(ws, 'out'))];
    const warned = { ...item!, warnings: [{ file: 'x.yaml', line: 1, column: 1, path: 'a', message: 'blurred', severity: 'warning' as const }] };
    const sent = forWorker(warned);
    expect('warnings' in sent).toBe(false);
    expect(sent).toEqual(item);
    expect(forWorker(item!)).toBe(item);
  });
});
