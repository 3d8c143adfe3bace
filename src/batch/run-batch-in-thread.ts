import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { InternalError } from '../errors.js';
import { tooManyFilesOpen } from '../output/output-fault.js';
import { removeStaleTemps } from '../output/remove-stale-temps.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { jobsFor } from './jobs-asked.js';
import { createLetterWatch, inFlightHere, LETTER_TIME_LIMIT_MS, type Resume } from './letter-watch.js';
import type { BatchProgress } from './progress.js';
import type { PoolSettings } from './render-pool.js';
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
 *
 * When it does (one job), it notes each letter begun and done in shared memory (letter-watch.ts), and
 * this thread watches: letters in flight while none has begun or ended for the time limit, or the
 * thread's death (out of memory) while letters were in flight, has the thread stopped and its temp
 * files removed, and a new thread runs the same batch in its place. The new thread renders in worker
 * threads, where the letter to blame is stopped (or dies) alone and fails; it finds the letters the
 * first one wrote on disk with the same bytes and keeps them written; its summary is the day's, timed
 * from the first thread's start.
 * `pool`: for tests, the modules that render and the time limit.
 */
export async function runBatchInThread(
  file: string,
  options: Omit<BatchOptions, 'now' | 'onNotes' | 'resume' | 'pool'> & { letters?: number } = {},
  pool?: PoolSettings,
): Promise<BatchSummary> {
  // Built beside commands.cjs (scripts/build.ts), whose batch-thread.ts it runs; found from the
  // package, so that tests running src/ start the same thread as the command.
  const filename = join(PACKAGE_ROOT, 'dist', 'batch-thread.cjs');
  if (!existsSync(filename)) throw new InternalError(`the batch thread ${filename} is missing: run \`npm run build\` first.`);
  const started = performance.now();
  const signals = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  const watch = createLetterWatch(pool?.letterTimeLimitMs ?? LETTER_TIME_LIMIT_MS);
  let dir: string | undefined;
  let resume: Resume | undefined;
  // A thread after a stop goes through the letters the stopped one did again, timed from its own start:
  // the bar held at the furthest count shown, and the seconds counted from the day's start.
  let furthest = 0;
  const { onProgress } = options;
  const progressOf = (later: boolean) =>
    onProgress &&
    ((p: BatchProgress) => {
      if (p.done < furthest) return;
      furthest = p.done;
      onProgress(later ? { ...p, seconds: (performance.now() - started) / 1000 } : p);
    });
  for (;;) {
    const end = await runThread(
      filename,
      file,
      { ...options, onProgress: progressOf(resume !== undefined) },
      { signals, watch, pool, resume, first: resume === undefined, onDir: (d) => (dir = d) },
    );
    if ('summary' in end) {
      if (!resume) return end.summary;
      // The day's time, from the first thread's start.
      const seconds = (performance.now() - started) / 1000;
      const done = end.summary.lettersPerSecond * end.summary.seconds;
      return { ...end.summary, seconds, lettersPerSecond: seconds > 0 ? done / seconds : 0 };
    }
    resume = end.stopped;
    // What the stopped thread was writing (its temp files, its manifest's) is this process's: only it removes them.
    if (dir !== undefined) removeStaleTemps(dir, { recursive: true, own: true });
  }
}

interface ThreadRun {
  signals: Int32Array;
  watch: ReturnType<typeof createLetterWatch>;
  pool: PoolSettings | undefined;
  resume: Resume | undefined;
  /** The day's first thread: its start is told; a later one's is not. */
  first: boolean;
  onDir: (dir: string) => void;
}

/** One batch thread, to its summary, or to its stop by a letter (the Resume for the next). */
function runThread(
  filename: string,
  file: string,
  options: Omit<BatchOptions, 'now'> & { letters?: number },
  { signals, watch, pool, resume, first, onDir }: ThreadRun,
): Promise<{ summary: BatchSummary } | { stopped: Resume }> {
  const { signal, quit, onQuit, onStart, onProgress, outDir, jobs, force, sourceDateEpoch, eml, letters } = options;
  const task: BatchThreadTask = {
    file,
    options: { outDir, jobs, force, sourceDateEpoch, eml },
    signals,
    ...(resume ? { resume } : {}),
    ...(pool ? { pool } : {}),
  };
  // From the letters the campaign file lists, as run-batch.ts decides from the validated campaign; a
  // thread after a stop renders in a worker.
  const rendersHere = jobsFor(jobs, letters) === 1 && !resume;
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
  return new Promise((resolve, reject) => {
    let settled = false;
    let notes: Int32Array | undefined;
    let unwatch = () => {};
    let stopped: Resume | undefined;
    const settle = (end: () => void) => {
      if (settled) return;
      settled = true;
      unwatch();
      signal?.removeEventListener('abort', onStop);
      quit?.removeEventListener('abort', onQuitAsked);
      end();
    };
    thread.on('message', (m: FromBatchThread) => {
      if (m.type === 'start') {
        onDir(m.info.dir);
        if (first) onStart?.(m.info);
      } else if (m.type === 'notes') {
        notes = m.notes;
        unwatch = watch.watchThread(m.notes, () => {
          stopped = { notes: m.notes };
          void thread.terminate();
        });
      } else if (m.type === 'progress') onProgress?.(m.progress);
      else if (m.type === 'quit') onQuit?.();
      else if (m.type === 'done') settle(() => resolve({ summary: m.summary }));
      else settle(() => reject(errorFromWire(m.error)));
    });
    // Out of memory, or a bug that escaped runBatch: the day's end is unknown, which the CLI reports as a bug.
    // Letters written so far are whole, and the next run skips them and clears what this one left.
    const resume = 'letters already written are kept: run the same command again to resume';
    thread.on('error', (err) => {
      // A letter rendering here when the thread died (out of memory) is to blame: the next thread finds which.
      if (notes && inFlightHere(notes) && !stopped) {
        stopped = { notes };
        return;
      }
      // Too many files open (a low ulimit -n, many --jobs): the limit and the fix, not a bug.
      const tooMany = tooManyFilesOpen(err);
      settle(() => reject(tooMany ?? new InternalError(`the batch thread failed: ${err.message}; ${resume}`)));
    });
    thread.on('exit', (code) => {
      const blamed = stopped;
      if (blamed) settle(() => resolve({ stopped: blamed }));
      else settle(() => reject(new InternalError(`the batch thread ended (exit code ${code}) before the batch did; ${resume}`)));
    });
  });
}
