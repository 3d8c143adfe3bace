import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, linkSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { readOwnFile } from './open-own-file.js';
import { outputFault } from './output-fault.js';
import { ensureFolderInside, lstatOrUndefined, symlinkError } from './safe-folder.js';

/**
 * Temp files are named after their target and the process (`.<name>.tmp-<pid>-<random>`), so a run
 * killed with -9 leaves them recognisable, and the next run removes them (see remove-stale-temps.ts).
 */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Creates a new file for writing: never an existing one, never through a link. */
export function openNew(path: string): number {
  return openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
}

export interface WriteOptions {
  force: boolean;
  /** The out folder: every folder between it and the file is created or checked, never followed through a link. */
  root: string;
}

/**
 * The one overwrite rule of `generate` and `batch`: a letter whose very bytes are on disk already is
 * left alone (`unchanged`); one with other bytes is replaced only with `force`; a link or anything
 * but a regular file in its place is never written through.
 */
export function writeLetter(path: string, data: Uint8Array, options: WriteOptions): 'written' | 'unchanged' {
  try {
    ensureFolderInside(options.root, dirname(path));
    const existing = readExisting(path);
    if (existing && !options.force) {
      if (sha256(existing) === sha256(data)) return 'unchanged';
      throw existsError(path);
    }
    writeAtomic(path, data, options.force);
    return 'written';
  } catch (err) {
    // Not only the writing can meet a fault of the folder: the look for a letter on disk can too (a
    // folder whose path fits the system's limit, a letter's that does not: ENAMETOOLONG on lstat).
    if (err instanceof UserError) throw err;
    throw outputFault(err, dirname(path)) ?? err;
  }
}

/**
 * Writes a file whole or not at all, into a folder `writeLetter` has checked: the bytes go to a new
 * temp file beside it, which is then renamed (with `force`) or hard-linked into place (without, so an
 * existing file is never replaced, even by a concurrent writer).
 */
function writeAtomic(path: string, data: Uint8Array, force: boolean): void {
  const tmp = tempPathFor(path);
  let created = false;
  try {
    const fd = openNew(tmp);
    created = true;
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
    } finally {
      closeSync(fd);
    }
    if (force) {
      // rename replaces a link in the way rather than following it.
      renameSync(tmp, path);
      created = false;
      return;
    }
    try {
      linkSync(tmp, path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw existsError(path);
      // Some file systems (FAT, some network shares) have no hard links: check, then rename.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw err;
      if (lstatOrUndefined(path)) throw existsError(path);
      renameSync(tmp, path);
      created = false;
      return;
    }
    unlinkSync(tmp);
    created = false;
  } catch (err) {
    if (created) {
      try {
        unlinkSync(tmp);
      } catch {
        // Already gone.
      }
    }
    if (err instanceof UserError) throw err;
    throw outputFault(err, dirname(path)) ?? err;
  }
}

/** The bytes of the file at `path`, if there is one; a link or a device there is refused, not read. */
function readExisting(path: string): Buffer | undefined {
  const stats = lstatOrUndefined(path);
  if (!stats) return undefined;
  if (stats.isSymbolicLink()) throw symlinkError(path);
  if (!stats.isFile())
    throw new UserError(`${path} is in the way and is not a letter (not a regular file): move it away or choose another folder with --out.`, path);
  // readOwnFile: a link or a device put in place since the check above is refused all the same.
  return readOwnFile(path);
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function existsError(path: string): UserError {
  return new UserError(`${path} exists already and differs from this letter: pass --force to overwrite it.`, path);
}
