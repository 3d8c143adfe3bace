import { availableParallelism } from 'node:os';

/**
 * Letters each render thread must have before the default adds one. A thread's start costs some
 * 1.2 s of CPU (its modules, fonts and each language's words, and V8 compiling its own optimised
 * code on helper threads), and one render thread already keeps 1.2 to 1.5 cores busy: on two cores,
 * `--jobs 2` rendered 1,000 letters at 0.7-0.8 times the speed of `--jobs 1` and caught up only at
 * some 4,000 (bench/README.md, README.md's "Speed and memory").
 */
export const LETTERS_PER_THREAD = 4000;

/**
 * The render threads a batch may use: `--jobs`, else as many as give each at least LETTERS_PER_THREAD
 * letters (two threads from 8,000), at least one and at most one per core (one per core when the count
 * is not known). jobsFor caps it at the day's letters; one job renders in the batch's own thread
 * (run-batch-in-thread.ts).
 */
export function jobsAsked(jobs: number | undefined, letters?: number): number {
  if (jobs !== undefined) return jobs;
  const cores = availableParallelism();
  if (letters === undefined) return cores;
  return Math.max(1, Math.min(cores, Math.floor(letters / LETTERS_PER_THREAD)));
}

/** The render threads of a day of `letters` letters: as jobsAsked, and never more than the letters. */
export function jobsFor(jobs: number | undefined, letters: number | undefined): number {
  return Math.max(1, Math.min(jobsAsked(jobs, letters), letters ?? Infinity));
}

/**
 * The letters a campaign file's parsed YAML lists (cases × senders × officials), read before the file
 * is validated so the batch's thread can be started for it; undefined when the lists are not lists.
 */
export function lettersListed(data: unknown): number | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  const { cases, senders, officials } = data as Record<string, unknown>;
  if (!Array.isArray(cases) || !Array.isArray(senders) || !Array.isArray(officials)) return undefined;
  return cases.length * senders.length * officials.length;
}
