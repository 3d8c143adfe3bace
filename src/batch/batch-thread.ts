// The thread `letters batch` runs a campaign in (started by run-batch-in-thread.ts): runBatch itself,
// with its pool of render workers, or rendering here with one job. The command's own thread only
// shows the progress and the summary, and passes on Ctrl-C.
import { parentPort, workerData } from 'node:worker_threads';
import { InternalError, UserError, ValidationError, type Problem } from '../errors.js';
import type { BatchProgress } from './progress.js';
import { runBatch, type BatchOptions, type BatchSummary } from './run-batch.js';

/** What the thread is given: the options of runBatch that are data (no callbacks, no signals). */
export interface BatchThreadTask {
  file: string;
  options: Pick<BatchOptions, 'outDir' | 'jobs' | 'force' | 'sourceDateEpoch' | 'eml'>;
  /** The signals already aborted when the thread started: a message would come after the letters are handed out. */
  stopped: boolean;
  quit: boolean;
}

/** To the thread: the first Ctrl-C (`stop`) and the second (`quit`). */
export type ToBatchThread = { type: 'stop' } | { type: 'quit' };

/** From the thread: runBatch's callbacks, then its summary or its error. */
export type FromBatchThread =
  | { type: 'start'; info: Parameters<NonNullable<BatchOptions['onStart']>>[0] }
  | { type: 'progress'; progress: BatchProgress }
  | { type: 'quit' }
  | { type: 'done'; summary: BatchSummary }
  | { type: 'error'; error: WireError };

/** An error as it crosses between threads: a thread's classes are not the other's, so its kind is named. */
export type WireError =
  { kind: 'validation'; problems: Problem[] } | { kind: 'user'; message: string; file?: string } | { kind: 'internal'; message: string; stack?: string };

export function errorToWire(err: unknown): WireError {
  if (err instanceof ValidationError) return { kind: 'validation', problems: err.problems };
  if (err instanceof UserError) return { kind: 'user', message: err.message, ...(err.file !== undefined ? { file: err.file } : {}) };
  const e = err as Error | undefined;
  return { kind: 'internal', message: e?.message ?? String(err), ...(e?.stack !== undefined ? { stack: e.stack } : {}) };
}

/** The error again, of the class the CLI tells apart (a user's mistake from a bug). */
export function errorFromWire(wire: WireError): Error {
  if (wire.kind === 'validation') return new ValidationError(wire.problems);
  if (wire.kind === 'user') return new UserError(wire.message, wire.file);
  const err = new InternalError(wire.message);
  if (wire.stack !== undefined) err.stack = wire.stack;
  return err;
}

/** Progress messages at most this often (and the last one always): the bar redraws no faster. */
const PROGRESS_EVERY_MS = 50;

/** The thread's work: runs the batch it was given and reports back; returns once the result is posted. */
export async function batchThread(): Promise<void> {
  const port = parentPort;
  if (!port) throw new InternalError('batchThread runs in a worker thread');
  const task = workerData as BatchThreadTask;
  const stop = new AbortController();
  const quit = new AbortController();
  if (task.stopped) stop.abort();
  if (task.quit) quit.abort();
  const onMessage = (m: ToBatchThread) => (m.type === 'stop' ? stop : quit).abort();
  port.on('message', onMessage);
  const post = (m: FromBatchThread) => port.postMessage(m);
  let lastProgress = 0;
  try {
    const summary = await runBatch(task.file, {
      ...task.options,
      signal: stop.signal,
      quit: quit.signal,
      onQuit: () => post({ type: 'quit' }),
      onStart: (info) => post({ type: 'start', info }),
      onProgress: (progress) => {
        const now = performance.now();
        if (progress.done < progress.total && now - lastProgress < PROGRESS_EVERY_MS) return;
        lastProgress = now;
        post({ type: 'progress', progress });
      },
    });
    post({ type: 'done', summary });
  } catch (err) {
    post({ type: 'error', error: errorToWire(err) });
  } finally {
    // Nothing more to hear: the thread ends once its pool has.
    port.off('message', onMessage);
    port.unref();
  }
}
