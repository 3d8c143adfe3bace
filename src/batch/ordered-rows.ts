import type { ManifestRow } from './manifest.js';

export interface OrderedRows {
  /** Hands in the row of the work list's `index`-th letter, in whatever order letters finish. */
  record(index: number, row: ManifestRow): void;
  /** The index of the first row still missing: every row before it is out. */
  readonly next: number;
}

/**
 * Puts rows back in work-list order: a row waits until every earlier row is out, so the manifest keeps
 * the work list's order whatever order the workers finish in. `onReady` gets each run of rows that
 * can go out, in order.
 */
export function createOrderedRows(onReady: (rows: ManifestRow[]) => void): OrderedRows {
  const waiting = new Map<number, ManifestRow>();
  let next = 0;
  return {
    record(index, row) {
      waiting.set(index, row);
      const ready: ManifestRow[] = [];
      for (let r = waiting.get(next); r; r = waiting.get(next)) {
        waiting.delete(next++);
        ready.push(r);
      }
      if (ready.length > 0) onReady(ready);
    },
    get next() {
      return next;
    },
  };
}
