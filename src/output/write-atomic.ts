import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
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
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (err) {
    throw cannotWrite(path, err);
  }
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
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw existsError(path);
      // Some file systems (FAT, some network shares) have no hard links: check, then rename.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw err;
      if (existsSync(path)) throw existsError(path);
      renameSync(tmp, path);
      return;
    }
    unlinkSync(tmp);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // Already renamed or never written.
    }
    throw err instanceof UserError ? err : cannotWrite(path, err);
  }
}

/** The folder cannot take the file: a user's problem (a path that is a file, no permission, a full disk), not a bug. */
function cannotWrite(path: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ENOTDIR: 'part of the folder path is a file, not a folder',
    EEXIST: 'part of the folder path is a file, not a folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
  };
  const reason = code ? reasons[code] : undefined;
  return reason ? new UserError(`cannot write ${path}: ${reason}. Choose another output folder with --out.`, path) : (err as Error);
}

export function existsError(path: string): UserError {
  return new UserError(`${path} exists already: pass --force to overwrite it.`, path);
}
