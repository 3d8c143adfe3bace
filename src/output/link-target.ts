import { readlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Where the symbolic link at `path` points, as a path from anywhere: a relative target is relative
 * to the link's own folder, not to where the user stands. Undefined when it cannot be read (gone since).
 */
export function linkTarget(path: string): string | undefined {
  try {
    return resolve(dirname(path), readlinkSync(path));
  } catch {
    return undefined;
  }
}

/** `text` as one word of a POSIX shell command: in single quotes, each quote of its own written '\''. */
export function shellQuoted(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}
