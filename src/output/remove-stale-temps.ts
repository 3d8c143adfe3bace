import { readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/** `.<name>.tmp-<pid>-<random>`, as tempPathFor names them. */
const TEMP = /^\..+\.tmp-(\d+)-[0-9a-f]+$/;

/**
 * Removes the temp files that killed runs (kill -9, a crash, a power cut) left in `dir` and, with
 * `recursive`, below it: those of processes no longer running, and, with `own`, this process's own
 * (when it quits at once). Temp files of another live process are left alone: it may still rename them.
 */
export function removeStaleTemps(dir: string, { recursive = false, own = false } = {}): number {
  let removed = 0;
  let entries;
  try {
    entries = readdirSync(dir, { recursive, withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const match = TEMP.exec(entry.name);
    if (!match) continue;
    const pid = Number(match[1]);
    const stale = pid === process.pid ? own : !isRunning(pid);
    if (!stale) continue;
    try {
      unlinkSync(join(entry.parentPath, entry.name));
      removed++;
    } catch {
      // Gone already, or not ours to remove.
    }
  }
  return removed;
}

/** Whether a process with this id runs (EPERM: it does, as another user). */
export function isRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
