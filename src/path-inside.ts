import { isAbsolute, relative, sep } from 'node:path';

/**
 * `path` relative to `folder` when it lies inside it ('' for the folder itself), otherwise undefined.
 * One test for every "inside" rule (the out folder, a workspace, the current folder): a bare
 * `startsWith('..')` also refuses a file named `..notes`, and a path on another Windows drive comes
 * back from `relative` absolute.
 */
export function relativeInside(folder: string, path: string): string | undefined {
  const rel = relative(folder, path);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? undefined : rel;
}
