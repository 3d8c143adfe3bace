// The watch that stops a letter which never ends: it counts a letter's time from when it is first seen
// begun, never a letter not begun or one that moves on, and looks no more once nothing is watched.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  chunkNotes,
  createLetterWatch,
  diedResult,
  inFlightHere,
  letterBegun,
  letterStatus,
  noteBegun,
  noteBegunHere,
  noteDone,
  noteDoneHere,
  noteRowsOutHere,
  reachedHere,
  statusHere,
  stuckResult,
  threadNotes,
} from '../../src/batch/letter-watch.js';

describe('the letter watch', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls a chunk stuck once its letter has been begun for the limit, once only', () => {
    const watch = createLetterWatch(4000);
    const notes = chunkNotes(3);
    const onStuck = vi.fn();
    watch.watch(notes, onStuck);
    // Queued behind other chunks: not begun, never stuck.
    vi.advanceTimersByTime(20_000);
    expect(onStuck).not.toHaveBeenCalled();
    noteBegun(notes, 0);
    vi.advanceTimersByTime(1000); // first seen begun here
    noteDone(notes, 0, 'written');
    noteBegun(notes, 1);
    vi.advanceTimersByTime(1000); // letter 1 first seen begun here
    vi.advanceTimersByTime(3000); // 3 s on letter 1
    expect(onStuck).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000); // 4 s
    expect(onStuck).toHaveBeenCalledExactlyOnceWith(1);
    vi.advanceTimersByTime(20_000);
    expect(onStuck).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  // The batch's own thread (one job) has several letters in flight at once: it is stuck when letters
  // are in flight and none begins or ends for the limit, never while it idles or gets on.
  it("calls a batch thread stuck once its letters in flight stop getting on, and notes each letter's end", () => {
    const watch = createLetterWatch(4000);
    const notes = threadNotes(5);
    const onStuck = vi.fn();
    watch.watchThread(notes, onStuck);
    // Planning, nothing in flight: never stuck.
    vi.advanceTimersByTime(20_000);
    noteBegunHere(notes);
    noteBegunHere(notes);
    expect(inFlightHere(notes)).toBe(true);
    // Getting on: a letter ends or begins within each limit.
    for (const i of [0, 1, 2]) {
      vi.advanceTimersByTime(3000);
      noteDoneHere(notes, i, i === 1 ? 'failed' : 'written');
      noteBegunHere(notes);
    }
    vi.advanceTimersByTime(3000);
    noteDoneHere(notes, 3, 'skipped');
    noteDoneHere(notes, 4, 'written');
    // All done: idle, not stuck.
    expect(inFlightHere(notes)).toBe(false);
    vi.advanceTimersByTime(20_000);
    expect(onStuck).not.toHaveBeenCalled();
    expect([0, 1, 2, 3, 4, 5, -1].map((i) => statusHere(notes, i))).toEqual(['written', 'failed', 'written', 'skipped', 'written', undefined, undefined]);
    // One more in flight (notes outside the list are counted, not kept), and it never ends.
    noteBegunHere(notes);
    vi.advanceTimersByTime(5000);
    expect(onStuck).toHaveBeenCalledOnce();
    noteDoneHere(notes, 9, 'written');
    expect(inFlightHere(notes)).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  // How far a stopped batch thread got: the next one goes that far before it heeds Ctrl-C once.
  it('tells how far a batch thread got: the furthest letter done or row out', () => {
    const notes = threadNotes(10);
    expect(reachedHere(notes)).toBe(-1);
    // Rows skipped by the last manifest are out, rendered or not.
    noteRowsOutHere(notes, 4);
    expect(reachedHere(notes)).toBe(3);
    // A letter done further on, its row waiting for an earlier one.
    noteBegunHere(notes);
    noteDoneHere(notes, 6, 'written');
    expect(reachedHere(notes)).toBe(6);
    noteRowsOutHere(notes, 9);
    expect(reachedHere(notes)).toBe(8);
    expect(statusHere(notes, 6)).toBe('written');
  });

  it('never stops a chunk whose letters move on, nor one no longer watched', () => {
    const watch = createLetterWatch(2000);
    const moving = chunkNotes(8);
    const dropped = chunkNotes(1);
    const onMoving = vi.fn();
    const onDropped = vi.fn();
    const unwatchMoving = watch.watch(moving, onMoving);
    const unwatchDropped = watch.watch(dropped, onDropped);
    noteBegun(dropped, 0);
    for (let i = 0; i < 8; i++) {
      noteBegun(moving, i);
      vi.advanceTimersByTime(1500);
      if (i === 0) unwatchDropped();
    }
    expect(onMoving).not.toHaveBeenCalled();
    expect(onDropped).not.toHaveBeenCalled();
    unwatchMoving();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never calls stuck a letter that is done, however long its answer takes', () => {
    const watch = createLetterWatch(2000);
    const notes = chunkNotes(2);
    const onStuck = vi.fn();
    watch.watch(notes, onStuck);
    noteBegun(notes, 0);
    noteDone(notes, 0, 'written');
    noteBegun(notes, 1);
    noteDone(notes, 1, 'failed');
    vi.advanceTimersByTime(10_000);
    expect(onStuck).not.toHaveBeenCalled();
  });

  it('starts counting again after a late look: the process was paused, its workers with it', () => {
    // The clock of this thread apart from the timers': a pause moves one and not the other.
    let now = 0;
    const watch = createLetterWatch(4000, () => now);
    const notes = chunkNotes(1);
    const onStuck = vi.fn();
    watch.watch(notes, onStuck);
    noteBegun(notes, 0);
    const look = (after: number) => {
      now += after;
      vi.advanceTimersByTime(1000);
    };
    look(1000); // seen begun
    look(1000);
    // Stopped (Ctrl-Z) for a minute: the next look comes a minute late.
    look(60_000);
    expect(onStuck).not.toHaveBeenCalled();
    // The limit counts from that look.
    look(1000);
    look(1000);
    look(1000);
    expect(onStuck).not.toHaveBeenCalled();
    look(1000);
    expect(onStuck).toHaveBeenCalledExactlyOnceWith(0);
  });

  it('reads back what the worker noted', () => {
    const notes = chunkNotes(3);
    expect(letterBegun(notes)).toBe(-1);
    noteBegun(notes, 2);
    noteDone(notes, 0, 'written');
    noteDone(notes, 1, 'skipped');
    expect(letterBegun(notes)).toBe(2);
    expect([0, 1, 2].map((i) => letterStatus(notes, i))).toEqual(['written', 'skipped', undefined]);
    noteDone(notes, 2, 'failed');
    expect(letterStatus(notes, 2)).toBe('failed');
  });

  it('fails a stopped letter with the limit and what to do', () => {
    expect(stuckResult({ language: 'en', embassyId: 'be' }, 60_000)).toEqual({
      status: 'failed',
      language: 'en',
      embassy: 'be',
      emails: [],
      error: expect.stringMatching(
        /^internal error: it was still rendering after 60 s, so it was stopped and the other letters went on \(most likely a bug in letters: please report it/,
      ),
    });
    expect(stuckResult({}, 250).error).toContain('after 0.3 s');
  });

  it("fails a letter whose worker died with the cause's first line", () => {
    const err = new Error('Worker terminated due to reaching memory limit: JS heap out of memory\n    at somewhere (worker.cjs:1:2)');
    expect(diedResult({ language: 'fr' }, err)).toEqual({
      status: 'failed',
      language: 'fr',
      emails: [],
      error:
        "internal error: its worker thread ended while rendering it (Worker terminated due to reaching memory limit: JS heap out of memory) and the other letters went on (most likely a bug in letters: please report it with this letter's case, sender and campaign files)",
    });
  });
});
