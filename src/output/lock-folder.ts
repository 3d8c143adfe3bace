import { closeSync, linkSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { readOwnFile } from './open-own-file.js';
import { outputFault } from './output-fault.js';
import { isRunning } from './remove-stale-temps.js';
import { openNew, tempPathFor } from './write-atomic.js';

export const LOCK_NAME = '.letters.lock';

/**
 * Takes `dir` for this process: a lock file holding its pid, created whole (temp file, then a hard
 * link, which fails if one exists). A lock whose process no longer runs (a killed run) is taken over;
 * a live one is refused with a message naming it. Returns the release function.
 */
export function lockFolder(dir: string, what: string): () => void {
  const lock = join(dir, LOCK_NAME);
  const tmp = tempPathFor(lock);
  try {
    const fd = openNew(tmp);
    try {
      // The pid, then the command holding it, for the message another run gives.
      writeSync(fd, `${process.pid} ${what}\n`);
    } finally {
      closeSync(fd);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(tmp, lock);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw err;
        const { pid: holder, what: holding } = lockHolder(lock);
        if (holder !== undefined && holder !== process.pid && isRunning(holder)) {
          throw new UserError(
            `another ${holding ?? what} (pid ${holder}) is writing into ${dir}: wait for it to finish, then run this command again. If no such run is going on, remove ${lock}.`,
            lock,
          );
        }
        // Left by a run that was killed: take it over.
        takeOverStale(lock, holder);
      }
    }
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw outputFault(err, dir) ?? err;
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // Never created.
    }
  }
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    if (lockHolder(lock).pid !== process.pid) return;
    try {
      unlinkSync(lock);
    } catch {
      // Removed by hand.
    }
  };
}

/**
 * Removes the lock `lock` only while it is still the one held by `stale` (a pid that no longer runs, or
 * none). Two runs can both find the same lock stale: removing it by name, the slower one removed the
 * lock the faster had just taken, and both went on, each sending the same letters. The lock is first
 * moved aside (a rename is atomic), then read: a fresh one is put back, and the next attempt refuses.
 * A third run taking the lock within those two calls is the one case left.
 */
export function takeOverStale(lock: string, stale: number | undefined): void {
  const aside = tempPathFor(lock);
  try {
    renameSync(lock, aside);
  } catch {
    // Gone already: another run took it over first, and the next link attempt tells.
    return;
  }
  try {
    if (lockHolder(aside).pid !== stale) linkSync(aside, lock);
  } catch {
    // Yet another run holds it now; the next link attempt tells.
  } finally {
    unlinkSync(aside);
  }
}

function lockHolder(lock: string): { pid?: number; what?: string } {
  try {
    // As a file of this tool's (some 30 bytes): a pipe in its place was waited on for ever, and the run
    // with it, and a link to /dev/zero read without end. Anything else is no lock: taken over as stale.
    const [, digits, what] = /^(\d+)[ \t]*([^\n]*)/.exec(readOwnFile(lock, 4096).toString('utf8').trim()) ?? [];
    const pid = Number.parseInt(digits ?? '', 10);
    // Only the names this tool writes: the file could hold anything, and the message quotes it.
    return { ...(Number.isSafeInteger(pid) ? { pid } : {}), ...(what && /^`letters [a-z]+`$/.test(what) ? { what } : {}) };
  } catch {
    return {};
  }
}
