// How `letters send` reads a letter's PDF and draft: as files the batch wrote inside the campaign
// folder, never through a link. The out folder is not a safe place: a link left there by mistake
// or by someone else would have mailed whatever file it named.
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { linkTarget, shellQuoted } from '../output/link-target.js';
import { lstatOrUndefined } from '../output/safe-folder.js';
import { letterKey } from './send-log.js';

/**
 * The bytes of `file` (relative to `dir`, inside it), or why the letter cannot go: it is missing,
 * it or a folder on its way is a symbolic link, or it is no regular file (a folder, a pipe, which
 * would have been waited on for ever, a device). Each reason names the file and the fix.
 */
export function readLetterFile(dir: string, file: string): Buffer | string {
  let fd: number | undefined;
  // Whatever the system refuses (a path with a NUL byte or a name over 255 bytes, edited in by hand; a
  // folder it may not read) is this letter's reason not to go, never the end of the whole run.
  try {
    const parts = letterKey(file).split('/');
    for (let i = 1; i <= parts.length; i++) {
      const named = parts.slice(0, i).join('/');
      const path = join(dir, named);
      const stats = lstatOrUndefined(path);
      if (!stats) return `${file} is missing: run the batch again with --eml`;
      if (stats.isSymbolicLink()) {
        return `${named} is a symbolic link (to ${linkTarget(path) ?? 'somewhere unknown'}): letters send reads a letter's files only inside the campaign folder, never through a link, so this letter is not sent. Remove the link (rm ${shellQuoted(path)}) and run the batch again with --eml, which writes the files themselves`;
      }
    }
    // O_NOFOLLOW: the file itself made a link since the check above is refused all the same (a folder
    // on its way so made is not: the check above is all there is for those); O_NONBLOCK: a pipe is not waited on.
    fd = openSync(join(dir, file), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const stats = fstatSync(fd);
    if (stats.isDirectory()) return `${file} cannot be read (EISDIR): run the batch again with --eml`;
    if (!stats.isFile()) return `${file} is not a file (a pipe or a device stands in its place): remove it and run the batch again with --eml`;
    return readFileSync(fd);
  } catch (err) {
    return `${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): run the batch again with --eml`;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
