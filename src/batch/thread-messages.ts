// What passes between `letters batch`'s own thread and the thread it runs the campaign in
// (run-batch-in-thread.ts and batch-thread.ts). Apart from both, so that the command's thread loads
// none of runBatch's modules.
import { InternalError, UserError, ValidationError, type Problem } from '../errors.js';
import type { Resume } from './letter-watch.js';
import type { BatchProgress } from './progress.js';
import type { PoolSettings } from './render-pool.js';
import type { BatchOptions, BatchSummary } from './run-batch.js';

/** What the thread is given: the options of runBatch that are data (no callbacks, no signals). */
export interface BatchThreadTask {
  file: string;
  options: Pick<BatchOptions, 'outDir' | 'jobs' | 'force' | 'sourceDateEpoch' | 'eml'>;
  /**
   * The first Ctrl-C (STOP) and the second (QUIT), set by the command's thread: shared memory, which the
   * batch thread reads between letters, where a message waits until its event loop turns (after the
   * letters of a turn are handed out, or a chunk of them rendered).
   */
  signals: Int32Array;
  /** This thread takes the place of one stopped by a letter (letter-watch.ts). */
  resume?: Resume;
  /** For tests: the modules that render and the letter time limit. */
  pool?: PoolSettings;
}

/** The places in BatchThreadTask's `signals`, 1 once the signal came. */
export const STOP = 0;
export const QUIT = 1;

/** To the thread: a signal came (it reads which from `signals`); wakes a thread that waits on its workers. */
export type ToBatchThread = { type: 'signal' };

/** From the thread: runBatch's callbacks, then its summary or its error. */
export type FromBatchThread =
  | { type: 'start'; info: Parameters<NonNullable<BatchOptions['onStart']>>[0] }
  | { type: 'progress'; progress: BatchProgress }
  | { type: 'notes'; notes: Int32Array }
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
