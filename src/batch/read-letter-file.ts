// How `letters send` reads a letter's PDF and draft: as files the batch wrote inside the campaign
// folder, never through a link. The out folder is not a safe place: a link left there by mistake
// or by someone else would have mailed whatever file it named.
import { join } from 'node:path';
import { linkTarget, shellQuoted } from '../output/link-target.js';
import { megabytes, readOwnFile } from '../output/open-own-file.js';
import { faultReason } from '../output/output-fault.js';
import { lstatOrUndefined } from '../output/safe-folder.js';
import { letterKey } from './send-log.js';

/**
 * The most of a letter's PDF or draft read: a letter's images are 5 MB each at most, and its draft is
 * the PDF in base64. A draft of 1 GB was read and parsed whole, 2 GB of memory for a dry run.
 */
const MAX_LETTER_BYTES = 64 * 1024 * 1024;

/**
 * The bytes of `file` (relative to `dir`, inside it), or why the letter cannot go: it is missing,
 * it or a folder on its way is a symbolic link, or it is no regular file (a folder, a pipe, which
 * would have been waited on for ever, a device). Each reason names the file and the fix.
 */
export function readLetterFile(dir: string, file: string): Buffer | string {
  // Whatever the system refuses (a path with a NUL byte or a name over 255 bytes, edited in by hand; a
  // folder it may not read) is this letter's reason not to go, never the end of the whole run.
  try {
    // The path checked is the path read: `file` as written, its backslashes names' letters to the
    // system, was read elsewhere (`q\q/../../x.eml` is `x.eml` checked, and read a folder above).
    const key = letterKey(file);
    const parts = key.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const named = parts.slice(0, i).join('/');
      const path = join(dir, named);
      const stats = lstatOrUndefined(path);
      if (!stats) return `${file} is missing: run the batch again with --eml`;
      if (stats.isSymbolicLink()) {
        return `${named} is a symbolic link (to ${linkTarget(path) ?? 'somewhere unknown'}): letters send reads a letter's files only inside the campaign folder, never through a link, so this letter is not sent. Remove the link (rm ${shellQuoted(path)}) and run the batch again with --eml, which writes the files themselves`;
      }
    }
    // readOwnFile refuses the file itself made a link since the check above (a folder on its way so
    // made is not: the check above is all there is for those), and does not wait on a pipe.
    return readOwnFile(join(dir, key), MAX_LETTER_BYTES);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EFBIG') {
      return `${file} is ${megabytes((err as { size: number }).size)}, more than any letter or draft letters batch writes (at most ${megabytes(MAX_LETTER_BYTES)}): it is damaged or not a letter. Remove it and run the batch again with --eml`;
    }
    if (code === 'ENOTREG') return `${file} is not a file (a pipe or a device stands in its place): remove it and run the batch again with --eml`;
    // The process's limit, not the file's fault: the batch run again would not help.
    if (code === 'EMFILE' || code === 'ENFILE')
      return `${file} cannot be read: ${faultReason(err)}. Raise the limit of open files (ulimit -n 4096), then run the same command again`;
    return `${file} cannot be read (${code ?? (err as Error).message}): run the batch again with --eml`;
  }
}
