import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { InternalError } from '../errors.js';
import type { BatchItem } from '../pipeline/plan-campaign.js';
import {
  chunkNotes,
  createLetterWatch,
  diedResult,
  LETTER_TIME_LIMIT_MS,
  letterBegun,
  letterStatus,
  noteBegunHere,
  noteDoneHere,
  statusHere,
  stuckResult,
  type Resume,
} from './letter-watch.js';
import type { ItemResult, RenderOptions, renderItem } from './render-item.js';
import { THREAD_HEAP } from './thread-heap.js';
import type { WorkerTask } from './worker.js';

export interface Renderer {
  render(item: BatchItem): Promise<ItemResult>;
  /** Starts the worker threads now, if there are any, so they load while the campaign is planned. */
  start(): void;
  /** Stops the worker threads, if any started. */
  destroy(): Promise<void>;
}

/** Letters per message to a worker, at most: a message per letter kept the batch's thread busy enough to starve the workers. */
export const MAX_CHUNK = 8;

/** How many letters a batch keeps in flight per worker thread: enough chunks queued that no worker waits for the next. */
export const IN_FLIGHT_PER_JOB = MAX_CHUNK * 3;

/** How the pool runs: the defaults, but for tests. */
export interface PoolSettings {
  /** The module the worker threads run (piscina's filename): dist/worker.js. */
  worker?: string;
  /** How long one letter may take before it is stopped and failed (letter-watch.ts). */
  letterTimeLimitMs?: number;
  /** The module (a CommonJS file's path) whose renderItem renders in this thread with one job: ./render-item.js. */
  renderHere?: string;
}

/** What the batch's thread adds to PoolSettings when it runs (run-batch.ts). */
export interface RendererSettings extends PoolSettings {
  /** With one job, rendering in this thread: the notes of each letter begun and done (threadNotes), for the command's thread to watch. */
  notes?: Int32Array;
  /**
   * The thread before this one was stopped (letter-watch.ts): the letters render in a worker thread even
   * with one job, where the letter to blame is stopped alone; those the stopped thread wrote, found on
   * disk with the same bytes, stay written.
   */
  resume?: Resume;
}

interface Pending {
  item: BatchItem;
  resolve: (r: ItemResult) => void;
  reject: (e: unknown) => void;
}

/**
 * Renders letters on `jobs` worker threads, or in this thread with one job. The letters handed in
 * within one turn of the event loop go to the workers together, in chunks of up to MAX_CHUNK, so a
 * worker renders letter after letter without waiting on this thread; chunks shrink towards the end
 * of the day (`total` letters) so that the workers finish together. Threads start on `start`, or
 * when a letter first needs rendering: a re-run that skips everything needs none. A letter that
 * outlasts the time limit in a worker is stopped and failed, and the rest of its chunk handed out
 * again (letter-watch.ts); letters rendered in this thread are noted for the command's thread to watch
 * (settings.notes), which stops this whole thread and starts another (settings.resume).
 */
export function createRenderer(jobs: number, options: RenderOptions, total = Infinity, settings: RendererSettings = {}): Renderer {
  const limitMs = settings.letterTimeLimitMs ?? LETTER_TIME_LIMIT_MS;
  const { notes: here, resume } = settings;
  // After a stop, never in this thread again.
  const inWorkers = jobs > 1 || resume !== undefined;
  const letterWatch = createLetterWatch(limitMs);
  let pool: Piscina | undefined;
  let pending: Pending[] = [];
  let flushing: NodeJS.Immediate | undefined;
  let handed = 0;
  let destroyed = false;
  // Imported only to render in this thread: with workers, this thread never loads pdfkit and the fonts.
  let inThread: Promise<{ renderItem: typeof renderItem }> | undefined;
  let sinceTurn = 0;
  const chunkSize = () => Math.max(1, Math.min(MAX_CHUNK, Math.floor((total - handed - pending.length) / (jobs * 4))));
  const flush = () => {
    if (flushing) clearImmediate(flushing);
    flushing = undefined;
    if (pending.length === 0) return;
    const chunk = pending;
    pending = [];
    handed += chunk.length;
    const notes = chunkNotes(chunk.length);
    const stuck = new AbortController();
    let stuckAt = -1;
    let unwatch = () => {};
    let run: Promise<ItemResult[]>;
    try {
      if (destroyed) throw new InternalError('the batch stopped before this letter was rendered');
      pool ??= createPool(jobs, settings.worker);
      run = pool.run({ items: chunk.map((c) => forWorker(c.item)), options, notes } satisfies WorkerTask, { signal: stuck.signal }) as Promise<ItemResult[]>;
      unwatch = letterWatch.watch(notes, (index) => {
        stuckAt = index;
        stuck.abort();
      });
    } catch (err) {
      run = Promise.reject(err);
    }
    run.then(
      (results) => {
        unwatch();
        chunk.forEach((c, i) =>
          results[i] ? c.resolve(results[i]) : c.reject(new InternalError(`a worker returned ${results.length} results for ${chunk.length} letters`)),
        );
      },
      (err: unknown) => {
        unwatch();
        if (stuck.signal.aborted) return handOutAgain(chunk, notes, stuckAt, (item) => stuckResult(item, limitMs));
        // The worker died (out of memory, say): a letter never fails its task, it returns failed. The
        // letter it was on fails with the cause; the others go out again, to the thread piscina starts in
        // its place. Each death so fails a letter, so a worker that cannot live makes no endless round.
        const on = letterBegun(notes);
        if (!destroyed && on >= 0 && letterStatus(notes, on) === undefined) return handOutAgain(chunk, notes, on, (item) => diedResult(item, err));
        chunk.forEach((c) => c.reject(err));
      },
    );
  };
  const enqueue = (p: Pending) => {
    pending.push(p);
    if (pending.length >= chunkSize()) flush();
    else flushing ??= setImmediate(flush);
  };
  // The chunk whose worker was stopped (its letter outlasted the limit) or died. The letter to blame
  // fails (for a stopped one, the letter the watch saw, not the worker's next, which it may have begun
  // since); the others go out again. Those done were written (or found on disk, or failed), and are
  // again with the same bytes, which the next worker then finds on disk: they keep what the first one
  // noted, written rather than skipped.
  const handOutAgain = (chunk: Pending[], notes: Int32Array, blamed: number, failed: (item: BatchItem) => ItemResult) => {
    chunk.forEach((c, i) => {
      const was = letterStatus(notes, i);
      if (i === blamed && was === undefined) return c.resolve(failed(c.item));
      // Counted when handed out first: the chunks left to hand out are sized without it.
      handed--;
      enqueue(was !== 'written' ? c : { ...c, resolve: (r) => c.resolve(writtenBefore(r)) });
    });
  };
  const renderHere = async (item: BatchItem): Promise<ItemResult> => {
    // A path, not a URL: in the bundle, import() becomes a require (scripts/build.ts).
    const m = await (inThread ??= settings.renderHere ? import(settings.renderHere) : import('./render-item.js'));
    // Rendering here is synchronous and a letter's promises resolve as microtasks, so the event loop
    // would not turn until the whole day is rendered: Ctrl-C (a signal is an event) went unheard and
    // the progress timers stood still. Every MAX_CHUNK letters, as often as a worker hears from this
    // thread, the loop gets a turn.
    if (++sinceTurn >= MAX_CHUNK) {
      sinceTurn = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (here) noteBegunHere(here);
    const result = await m.renderItem(item, options);
    if (here) noteDoneHere(here, item.index, result.status);
    return result;
  };
  const renderInWorker = (item: BatchItem) => new Promise<ItemResult>((resolve, reject) => enqueue({ item, resolve, reject }));
  return {
    render(item) {
      if (!inWorkers) return renderHere(item);
      if (resume && statusHere(resume.notes, item.index) === 'written') return renderInWorker(item).then(writtenBefore);
      return renderInWorker(item);
    },
    start() {
      if (!inWorkers || destroyed) return;
      try {
        pool ??= createPool(jobs, settings.worker);
      } catch {
        // Reported by the first letter handed in, as that letter's failure.
      }
    },
    async destroy() {
      destroyed = true;
      if (flushing) clearImmediate(flushing);
      flushing = undefined;
      for (const c of pending.splice(0)) c.reject(new InternalError('the batch stopped before this letter was rendered'));
      // Once only, whichever of the run's ends comes first (Ctrl-C twice, a fault, the end).
      const stopping = pool;
      pool = undefined;
      await stopping?.destroy();
    },
  };
}

/**
 * The result of a letter a stopped worker or batch thread had written, rendered again: found on disk
 * with the same bytes it is `skipped`, but this run wrote it.
 */
function writtenBefore(result: ItemResult): ItemResult {
  return result.status === 'skipped' ? { ...result, status: 'written' } : result;
}

function createPool(jobs: number, worker?: string): Piscina {
  // Workers run the compiled worker beside this file: dist/worker.js (scripts/build.ts bundles it flat).
  const filename = worker ?? fileURLToPath(new URL('./worker.js', import.meta.url));
  if (!existsSync(filename)) throw new InternalError(`the worker ${filename} is missing: run \`npm run build\` first.`);
  // No timing histograms (piscina keeps two of some 350 KB each, which nothing here reads).
  return new Piscina({ filename, minThreads: jobs, maxThreads: jobs, idleTimeout: 1000, resourceLimits: THREAD_HEAP, recordTiming: false });
}

/**
 * An item as a worker needs it: without its warnings, which this thread reports and a worker never
 * reads (a day whose every letter prints one blurred signature would copy it to a worker per letter).
 */
export function forWorker(item: BatchItem): BatchItem {
  if (!item.warnings) return item;
  const { warnings: _reported, ...rest } = item;
  return rest;
}
