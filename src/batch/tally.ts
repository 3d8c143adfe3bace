import type { ManifestRow } from './manifest.js';

/** Failed letters with the same message: one cause. */
export interface FailureGroup {
  cause: string;
  count: number;
  /** The first few letters it spoiled, as manifest file paths. */
  letters: string[];
}

export interface Tally {
  counts: { done: number; written: number; skipped: number; failed: number; pages: number };
  add(row: ManifestRow): void;
  /** The causes of failure, the most frequent first. */
  failures(): FailureGroup[];
}

const EXAMPLES_PER_CAUSE = 5;

/** Counts the rows of a batch as they go out, and groups its failures by cause for the summary. */
export function createTally(): Tally {
  const counts = { done: 0, written: 0, skipped: 0, failed: 0, pages: 0 };
  const groups = new Map<string, FailureGroup>();
  return {
    counts,
    add(row) {
      counts.done++;
      counts[row.status]++;
      if (row.status === 'written') counts.pages += row.pages ?? 0;
      if (row.status !== 'failed') return;
      const cause = row.error ?? 'unknown error';
      const group = groups.get(cause) ?? { cause, count: 0, letters: [] };
      group.count++;
      if (group.letters.length < EXAMPLES_PER_CAUSE) group.letters.push(row.file);
      groups.set(cause, group);
    },
    failures: () => [...groups.values()].sort((a, b) => b.count - a.count),
  };
}
