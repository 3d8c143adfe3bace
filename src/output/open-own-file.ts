import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';

/**
 * Reads the file at `path` as a file of this tool's own folders: never through a symbolic link in its
 * place (O_NOFOLLOW: the open fails with ELOOP), never waiting on a pipe (O_NONBLOCK), and only a
 * regular file (anything else fails with ENOTREG, a code of this function's own). The out folder is
 * not a safe place: a link or a pipe left there would have been read, or waited on for ever. A file
 * over `maxBytes` is not read (EFBIG, its `size` given): one grown past what this tool writes would
 * have taken the memory of its every copy (as a text, parsed).
 */
/** A size as the messages about a file over readOwnFile's `maxBytes` give it: whole megabytes. */
export function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

export function readOwnFile(path: string, maxBytes = Infinity): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile())
      throw Object.assign(new Error(`${path} is ${stats.isDirectory() ? 'a folder' : 'no regular file'}`), {
        code: stats.isDirectory() ? 'EISDIR' : 'ENOTREG',
      });
    if (stats.size > maxBytes) throw Object.assign(new Error(`${path} is ${stats.size} bytes, over ${maxBytes}`), { code: 'EFBIG', size: stats.size });
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
