import { availableParallelism } from 'node:os';

/**
 * The render threads a batch may use: `--jobs`, else one per core. The batch uses fewer for a day of
 * fewer letters (run-batch.ts); one job renders in the batch's own thread (run-batch-in-thread.ts).
 */
export function jobsAsked(jobs: number | undefined): number {
  return jobs ?? availableParallelism();
}
