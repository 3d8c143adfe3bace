import { existsSync, lstatSync, mkdirSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';
import { relativeInside } from '../path-inside.js';
import { outputFault, shownPath } from './output-fault.js';

/**
 * Makes `dir` exist as a real folder inside `root`, one level at a time, never following a link:
 * a symbolic link anywhere below `root` (placed there by mistake or by someone else) is refused, so
 * nothing is ever written outside the out folder. `root` itself is the user's choice and may be a link.
 */
export function ensureFolderInside(root: string, dir: string): void {
  root = resolve(root);
  dir = resolve(dir);
  const rel = relativeInside(root, dir);
  if (rel === undefined) throw new UserError(`refusing to write into ${dir}: it is outside the output folder ${root}.`);
  ensureRoot(root);
  let current = root;
  for (const part of rel === '' ? [] : rel.split(sep)) {
    current = join(current, part);
    let stats = lstatOrUndefined(current);
    if (!stats) {
      try {
        mkdirSync(current);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw outputFault(err, dirname(current)) ?? err;
      }
      stats = lstatSync(current);
    }
    if (stats.isSymbolicLink()) throw symlinkError(current);
    if (!stats.isDirectory()) throw notAFolder(current);
  }
  // Belt and braces: whatever happened between the checks, the folder must resolve inside the root.
  // The C library's realpath: Node's own walks the path in JavaScript, an lstat a part (every letter
  // of a batch comes through here; it was some 3% of a render thread's time).
  if (relativeInside(realPath(root), realPath(dir)) === undefined) throw symlinkError(dir);
}

/**
 * Where `path` leads, by the C library's realpath, or by Node's own where that fails on a drive it
 * cannot resolve (Windows RAM and virtual disks: EISDIR), as it did before.
 */
function realPath(path: string): string {
  try {
    return realpathSync.native(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw err;
    return realpathSync(path);
  }
}

/**
 * The out folder itself, created with its parents, one level at a time (a recursive mkdir reports a
 * read-only file system as ENOENT); a file in its way is named.
 */
function ensureRoot(root: string): void {
  const missing: string[] = [];
  for (let p = root; !existsSync(p) && dirname(p) !== p; p = dirname(p)) missing.unshift(p);
  for (const p of missing) {
    try {
      mkdirSync(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code === 'ENOTDIR') throw inTheWay(firstFileOn(root));
      throw outputFault(err, root) ?? err;
    }
  }
  if (!isDirectory(root)) throw inTheWay(firstFileOn(root));
}

/** What stands where a folder of the out path should be: a file, a loop of links, a link to nothing. */
function inTheWay(path: string): UserError {
  if (!lstatOrUndefined(path)?.isSymbolicLink()) return notAFolder(path);
  try {
    statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return outputFault(err, path) ?? notAFolder(path);
    if (code === 'ENOENT') {
      return new UserError(
        `${shownPath(path)} is a symbolic link to ${shownPath(readlinkSync(path))}, which does not exist, so nothing can be written under it. Remove the link or choose another folder with --out.`,
        path,
      );
    }
  }
  return notAFolder(path);
}

/** The first part of `path` that exists and is not a folder. */
function firstFileOn(path: string): string {
  const parts: string[] = [];
  for (let p = path; dirname(p) !== p; p = dirname(p)) parts.unshift(p);
  for (const p of parts) {
    let stats: Stats | undefined;
    try {
      stats = lstatSync(p, { throwIfNoEntry: false }) ?? undefined;
    } catch {
      return p;
    }
    if (stats && !stats.isDirectory() && !(stats.isSymbolicLink() && isDirectory(p))) return p;
  }
  return path;
}

/** Whether `path` is a folder or a link to one. */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) ?? undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw err;
  }
}

export function symlinkError(path: string): UserError {
  return new UserError(
    `${path} is a symbolic link: letters are written only inside the out folder, never through a link. Remove the link (rm '${path}') or choose another folder with --out.`,
    path,
  );
}

export function notAFolder(path: string): UserError {
  return new UserError(
    `${shownPath(path)} is a file, not a folder, so nothing can be written under it. Move the file away or choose another folder with --out.`,
    path,
  );
}
