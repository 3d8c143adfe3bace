import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';

/** Temp files are named after their target so a crash leaves them recognisable, and cleaned here. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/**
 * Writes a file whole or not at all: the bytes go to a temp file beside it, which is then renamed
 * (with `force`) or hard-linked into place (without, so an existing file is never replaced, even by
 * a concurrent writer).
 */
export function writeAtomic(path: string, data: Uint8Array | string, options: { force: boolean }): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  try {
    writeFileSync(tmp, data);
    if (options.force) {
      renameSync(tmp, path);
      return;
    }
    try {
      linkSync(tmp, path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw existsError(path);
      throw err;
    }
    unlinkSync(tmp);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // Already renamed or never written.
    }
    throw err;
  }
}

export function existsError(path: string): UserError {
  return new UserError(`${path} exists already: pass --force to overwrite it.`, path);
}
