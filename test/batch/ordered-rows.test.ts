import { describe, expect, it } from 'vitest';
import type { ManifestRow } from '../../src/batch/manifest.js';
import { createOrderedRows } from '../../src/batch/ordered-rows.js';
import { createTally } from '../../src/batch/tally.js';

const row = (file: string, status: ManifestRow['status'], extra: Partial<ManifestRow> = {}): ManifestRow => ({
  case: 'c',
  sender: 's',
  official: 'o',
  language: 'en',
  embassy: 'e',
  emails: [],
  file,
  status,
  ...extra,
});

describe('createOrderedRows', () => {
  it('lets rows out in work-list order, whatever order they finish in', () => {
    const out: string[][] = [];
    const rows = createOrderedRows((ready) => out.push(ready.map((r) => r.file)));
    rows.record(2, row('c', 'written'));
    rows.record(1, row('b', 'written'));
    expect(out).toEqual([]);
    expect(rows.next).toBe(0);
    rows.record(0, row('a', 'written'));
    rows.record(3, row('d', 'written'));
    expect(out).toEqual([['a', 'b', 'c'], ['d']]);
    expect(rows.next).toBe(4);
  });
});

describe('createTally', () => {
  it('counts rows and groups failures by cause, the most frequent first, with a few examples each', () => {
    const tally = createTally();
    tally.add(row('w.pdf', 'written', { pages: 2 }));
    tally.add(row('s.pdf', 'skipped', { pages: 9 }));
    for (let i = 0; i < 7; i++) tally.add(row(`f${i}.pdf`, 'failed', { error: 'often' }));
    tally.add(row('r.pdf', 'failed', { error: 'rare' }));
    expect(tally.counts).toEqual({ done: 10, written: 1, skipped: 1, failed: 8, pages: 2 });
    expect(tally.failures()).toEqual([
      { cause: 'often', count: 7, letters: ['f0.pdf', 'f1.pdf', 'f2.pdf', 'f3.pdf', 'f4.pdf'] },
      { cause: 'rare', count: 1, letters: ['r.pdf'] },
    ]);
  });
});
