import { UserError } from '../errors.js';

/**
 * Refuses, before anything is written, two letters that would be written to one path, naming both.
 * Output paths are distinct by construction (see output-path.ts); this keeps it so.
 */
export function assertDistinctPaths(letters: Iterable<{ path: string; name: string }>): void {
  const seen = new Map<string, string>();
  for (const { path, name } of letters) {
    const other = seen.get(path);
    if (other !== undefined) {
      throw new UserError(`${other} and ${name} would both be written to ${path}: give one of them another id. Nothing was written.`, path);
    }
    seen.set(path, name);
  }
}
