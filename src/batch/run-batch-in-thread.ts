import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { InternalError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { jobsFor } from './jobs-asked.js';
import { errorFromWire, QUIT, STOP, type BatchThreadTask, type FromBatchThread, type ToBatchThread } from './thread-messages.js';
import { THREAD_HEAP } from './thread-heap.js';
import type { BatchOptions, BatchSummary } from './run-batch.js';

/**
 * The thread's heap when it renders the letters itself (one job): a young generation of 32 MB, as the
 * process's first thread's would grow to. With THREAD_HEAP's 12 MB, 1,000 letters took some 20% longer
 * (more of each letter survived a scavenge), for a peak of 165-170 MiB against 175-220 with 32 MB, and
 * 245-250 when the process's first thread rendered them.
 */
const RENDERING_HEAP = { ...THREAD_HEAP, maxYoungGenerationSizeMb: 32 };

/**
 * The thread's heap when workers render (two jobs or more): it plans, hashes inputs and writes the
 * manifest, some 100 KB of short-lived objects a letter: a young generation of 4 MB took its heap from
 * 38 to 33 MB at the same speed.
 */
const PLANNING_HEAP = { ...THREAD_HEAP, maxYoungGenerationSizeMb: 4 };

/**
 * runBatch in a thread of its own (batch-thread.ts), with a bounded heap, as `letters batch` runs it.
 * Why: V8 sizes this, the process's first thread, for a machine's whole memory. Its young generation
 * grows to 32 MB and its old one went unswept to some 60 MB of garbage by 10,000 letters, for what a
 * batch keeps alive here (the plan, the manifest's rows in flight: some 25 MB). A thread's heap is
 * bounded like the render workers' (THREAD_HEAP); node flags would do the same for this thread, but
 * `bin/letters.js` starts node without any (see there). On the 10,000-letter bench campaign the
 * process tree's peak went from some 335 to 282-296 MiB at --jobs 2 at the same speed, and at
 * 1,000 letters with --jobs 1, which renders in that thread, from some 250 to 175-200 MiB.
 * Callbacks and signals work as with runBatch (`now` is the thread's clock); errors come back as
 * the classes the CLI tells apart. `letters`, the count the campaign file lists (lettersListed), tells
 * without `jobs` whether the thread renders the letters itself.
 */
export function runBatchInThread(file: string, options: Omit<BatchOptions, 'now'> & { letters?: number } = {}): Promise<BatchSummary> {
  // Built beside commands.cjs (scripts/build.ts), whose batch-thread.ts it runs; found from the
  // package, so that tests running src/ start the same thread as the command.
  const filename = join(PACKAGE_ROOT, 'dist', 'batch-thread.cjs');
  if (!existsSync(filename)) return Promise.reject(new InternalError(`the batch thread ${filename} is missing: run \`npm run build\` first.`));
  const { signal, quit, onQuit, onStart, onProgress, outDir, jobs, force, sourceDateEpoch, eml, letters } = options;
  const signals = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  const task: BatchThreadTask = { file, options: { outDir, jobs, force, sourceDateEpoch, eml }, signals };
  // From the letters the campaign file lists, as run-batch.ts decides from the validated campaign.
  const rendersHere = jobsFor(jobs, letters) === 1;
  const thread = new Worker(filename, { workerData: task, resourceLimits: rendersHere ? RENDERING_HEAP : PLANNING_HEAP });
  const tell = (place: number) => {
    Atomics.store(signals, place, 1);
    thread.postMessage({ type: 'signal' } satisfies ToBatchThread);
  };
  const onStop = () => tell(STOP);
  const onQuitAsked = () => tell(QUIT);
  if (signal?.aborted) Atomics.store(signals, STOP, 1);
  if (quit?.aborted) Atomics.store(signals, QUIT, 1);
  signal?.addEventListener('abort', onStop);
  quit?.addEventListener('abort', onQuitAsked);
  return new Promise<BatchSummary>((resolve, reject) => {
    let settled = false;
    const settle = (end: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onStop);
      quit?.removeEventListener('abort', onQuitAsked);
      end();
    };
    thread.on('message', (m: FromBatchThread) => {
      if (m.type === 'start') onStart?.(m.info);
      else if (m.type === 'progress') onProgress?.(m.progress);
      else if (m.type === 'quit') onQuit?.();
      else if (m.type === 'done') settle(() => resolve(m.summary));
      else settle(() => reject(errorFromWire(m.error)));
    });
    // Out of memory, or a bug that escaped runBatch: the day's end is unknown, which the CLI reports as a bug.
    // Letters written so far are whole, and the next run skips them and clears what this one left.
    const resume = 'letters already written are kept: run the same command again to resume';
    thread.on('error', (err) => settle(() => reject(new InternalError(`the batch thread failed: ${err.message}; ${resume}`))));
    thread.on('exit', (code) => settle(() => reject(new InternalError(`the batch thread ended (exit code ${code}) before the batch did; ${resume}`))));
  });
}
