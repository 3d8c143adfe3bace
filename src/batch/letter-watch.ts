// A letter that never ends would hold a campaign day forever: nobody is there to press Ctrl-C twice.
// The worker rendering a chunk of letters notes in shared memory which letter it has begun and what
// became of each; the batch's thread looks every so often, and a letter begun longer ago than the limit
// has its worker stopped (piscina starts another), is failed with the reason, and the rest of its
// chunk is handed out again.
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

export interface LetterWatch {
  /**
   * Watches a chunk's notes until the returned function is called; `onStuck` once, with the letter's
   * index in the chunk, if a letter outlasts the limit.
   */
  watch(notes: Int32Array, onStuck: (index: number) => void): () => void;
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
  const watched = new Map<Int32Array, { onStuck: (index: number) => void; begun: number; since: number }>();
  let timer: NodeJS.Timeout | undefined;
  let lastLook = 0;
  const look = () => {
    const now = clock();
    const late = now - lastLook > 2 * every;
    lastLook = now;
    for (const [notes, w] of watched) {
      const begun = letterBegun(notes);
      // A letter done is not stuck, whatever comes after it: the worker's answer is on its way.
      const running = begun >= 0 && letterStatus(notes, begun) === undefined;
      if (begun !== w.begun || !running || late) {
        w.begun = begun;
        w.since = now;
      } else if (now - w.since >= limitMs) {
        watched.delete(notes);
        w.onStuck(begun);
      }
    }
    if (watched.size === 0) stopLooking();
  };
  const stopLooking = () => {
    clearInterval(timer);
    timer = undefined;
  };
  return {
    watch(notes, onStuck) {
      watched.set(notes, { onStuck, begun: -1, since: 0 });
      if (!timer) {
        lastLook = clock();
        // Never what keeps the thread alive: piscina's port does, while a task runs.
        timer = setInterval(look, every).unref();
      }
      return () => {
        watched.delete(notes);
        if (watched.size === 0) stopLooking();
      };
    },
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
