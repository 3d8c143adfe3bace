// A letter that never ends would hold a campaign day forever: nobody is there to press Ctrl-C twice.
// The worker rendering a chunk of letters notes in shared memory which letter it has begun and what
// became of each; the batch's thread looks every so often, and a letter begun longer ago than the limit
// has its worker stopped (piscina starts another), is failed with the reason, and the rest of its
// chunk is handed out again. With one job the batch's thread renders the letters itself, several in
// flight at once, and notes how many it has begun and done and what became of each; the command's
// thread watches it: no letter begun or done for the limit while some are in flight has the batch's
// thread stopped and a new one started in its place (run-batch-in-thread.ts), which renders in worker
// threads, where the letter to blame is stopped alone.
import type { ItemResult } from './render-item.js';

/**
 * How long one letter may take in a worker. A letter takes some milliseconds, the first one of a
 * worker (fonts, templates, the code's first runs) under a second, on a loaded laptop a few times
 * that; a minute is taken only by a letter that would never end.
 */
export const LETTER_TIME_LIMIT_MS = 60_000;

/** What became of a letter, as the worker notes it: 0 while it is not done. */
const STATUS_CODE = { written: 1, skipped: 2, failed: 3 } as const;
const STATUS_OF = [undefined, 'written', 'skipped', 'failed'] as const;

/**
 * The shared notes of a chunk of `letters` letters: [0] how many letters the worker has begun,
 * [1 + i] what became of letter i. Shared, not sent: a worker stuck in a letter sends nothing.
 */
export function chunkNotes(letters: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * (1 + letters)));
}

/** In the worker: letter `index` of the chunk begins. */
export function noteBegun(notes: Int32Array, index: number): void {
  Atomics.store(notes, 0, index + 1);
}

/** In the worker: letter `index` of the chunk is done. */
export function noteDone(notes: Int32Array, index: number, status: ItemResult['status']): void {
  Atomics.store(notes, 1 + index, STATUS_CODE[status]);
}

/** The letter the worker was on (its index in the chunk), or -1 if it had begun none. */
export function letterBegun(notes: Int32Array): number {
  return Atomics.load(notes, 0) - 1;
}

/** What became of letter `index`, if the worker got to its end. */
export function letterStatus(notes: Int32Array, index: number): ItemResult['status'] | undefined {
  return STATUS_OF[Atomics.load(notes, 1 + index)];
}

/** The counts before a batch thread's notes of each letter (threadNotes). */
const HEAD = 3;

/**
 * The notes of a batch thread that renders its letters itself (one job), `letters` of them: [0] how many
 * it has begun, [1] how many it has done, [2] how many rows of the work list are out in order (skipped
 * by the last manifest or not), [3 + i] what became of letter i of the work list.
 */
export function threadNotes(letters: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * (HEAD + letters)));
}

/** In the batch's thread: a letter begins. */
export function noteBegunHere(notes: Int32Array): void {
  Atomics.add(notes, 0, 1);
}

/** In the batch's thread: letter `index` of the work list is done. */
export function noteDoneHere(notes: Int32Array, index: number, status: ItemResult['status']): void {
  if (index >= 0 && index < notes.length - HEAD) Atomics.store(notes, HEAD + index, STATUS_CODE[status]);
  Atomics.add(notes, 1, 1);
}

/** What became of letter `index` of the work list in a batch thread's notes, if it got to its end. */
export function statusHere(notes: Int32Array, index: number): ItemResult['status'] | undefined {
  if (index < 0 || index >= notes.length - HEAD) return undefined;
  return STATUS_OF[Atomics.load(notes, HEAD + index)];
}

/** In the batch's thread: the first `rows` rows of the work list are out. */
export function noteRowsOutHere(notes: Int32Array, rows: number): void {
  Atomics.store(notes, 2, rows);
}

/** The furthest letter of the work list a batch thread's notes record done or its row out, or -1. */
export function reachedHere(notes: Int32Array): number {
  for (let i = notes.length - HEAD - 1; i >= 0; i--) if (Atomics.load(notes, HEAD + i) !== 0) return Math.max(i, Atomics.load(notes, 2) - 1);
  return Atomics.load(notes, 2) - 1;
}

/** Letters begun in a batch thread's notes and not done: some are in flight. */
export function inFlightHere(notes: Int32Array): boolean {
  return Atomics.load(notes, 0) > Atomics.load(notes, 1);
}

/** What a batch thread that rendered its letters itself and was stopped leaves for the thread started in its place. */
export interface Resume {
  /** Its notes (threadNotes): the letters it wrote, found on disk again with the same bytes, stay written. */
  notes: Int32Array;
}

export interface LetterWatch {
  /**
   * Watches a chunk's notes until the returned function is called; `onStuck` once, with the letter's
   * index in the chunk, if a letter outlasts the limit.
   */
  watch(notes: Int32Array, onStuck: (index: number) => void): () => void;
  /**
   * Watches a batch thread's notes (threadNotes) until the returned function is called; `onStuck` once
   * if letters are in flight and none has begun or ended for the limit.
   */
  watchThread(notes: Int32Array, onStuck: () => void): () => void;
}

/** Where a watched thread is: `at` changes whenever it gets on; `running`, whether a letter is under way. */
type Reading = { at: number; running: boolean };

/** A chunk's worker is at the letter it has begun, which runs until the worker notes it done. */
function readChunk(notes: Int32Array): Reading {
  const begun = letterBegun(notes);
  // A letter done is not stuck, whatever comes after it: the worker's answer is on its way.
  return { at: begun, running: begun >= 0 && letterStatus(notes, begun) === undefined };
}

/** A batch thread gets on with each letter begun or done (the two counts only grow). */
function readThread(notes: Int32Array): Reading {
  return { at: Atomics.load(notes, 0) + Atomics.load(notes, 1), running: inFlightHere(notes) };
}

/**
 * Looks at the chunks being watched every quarter of the limit (every second at most). A letter's time
 * counts from the first look that sees it begun and not done, on this thread's clock: a worker's clock
 * and a stuck worker's word are not needed. So a letter is stopped after the limit and at most one look
 * more. A look that comes late (the process was paused, Ctrl-Z, or starved) starts every count again:
 * the workers stood still too.
 */
export function createLetterWatch(limitMs: number, clock: () => number = () => performance.now()): LetterWatch {
  const every = Math.min(1000, limitMs / 4);
  const watched = new Map<Int32Array, { read: (notes: Int32Array) => Reading; onStuck: (at: number) => void; at: number; since: number }>();
  let timer: NodeJS.Timeout | undefined;
  let lastLook = 0;
  const look = () => {
    const now = clock();
    const late = now - lastLook > 2 * every;
    lastLook = now;
    for (const [notes, w] of watched) {
      const { at, running } = w.read(notes);
      if (at !== w.at || !running || late) {
        w.at = at;
        w.since = now;
      } else if (now - w.since >= limitMs) {
        watched.delete(notes);
        w.onStuck(at);
      }
    }
    if (watched.size === 0) stopLooking();
  };
  const stopLooking = () => {
    clearInterval(timer);
    timer = undefined;
  };
  const watch = (notes: Int32Array, read: (notes: Int32Array) => Reading, onStuck: (at: number) => void) => {
    watched.set(notes, { read, onStuck, at: -1, since: 0 });
    if (!timer) {
      lastLook = clock();
      // Never what keeps the thread alive: piscina's port does, while a task runs (the batch thread, while it runs).
      timer = setInterval(look, every).unref();
    }
    return () => {
      watched.delete(notes);
      if (watched.size === 0) stopLooking();
    };
  };
  return {
    watch: (notes, onStuck) => watch(notes, readChunk, onStuck),
    watchThread: (notes, onStuck) => watch(notes, readThread, () => onStuck()),
  };
}

/** The result of a letter stopped by the watch. */
export function stuckResult(item: { language?: string; embassyId?: string }, limitMs: number): ItemResult {
  const limit = `${Number((limitMs / 1000).toFixed(1))} s`;
  return failedAlone(item, `it was still rendering after ${limit}, so it was stopped`);
}

/** The result of a letter whose worker thread died while rendering it (out of memory, say). */
export function diedResult(item: { language?: string; embassyId?: string }, err: unknown): ItemResult {
  // The cause's first line: a worker's error may carry its stack.
  const cause = String((err as Error | undefined)?.message ?? err).split('\n')[0];
  return failedAlone(item, `its worker thread ended while rendering it (${cause})`);
}

function failedAlone(item: { language?: string; embassyId?: string }, what: string): ItemResult {
  return {
    status: 'failed',
    ...(item.language !== undefined ? { language: item.language } : {}),
    ...(item.embassyId !== undefined ? { embassy: item.embassyId } : {}),
    emails: [],
    error: `internal error: ${what} and the other letters went on (most likely a bug in letters: please report it with this letter's case, sender and campaign files)`,
  };
}
