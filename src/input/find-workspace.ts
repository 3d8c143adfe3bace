import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const MARKERS = ['senders', 'directory', 'templates'];

/**
 * The workspace of a file: the nearest folder above it holding `senders/`, `directory/` or `templates/`.
 * References in the file resolve there. A file with no such folder above it uses its own folder's parent
 * when the file sits in `cases/` or `campaigns/`, else its own folder.
 */
export function findWorkspace(file: string): string {
  const start = dirname(resolve(file));
  for (let dir = start; ; dir = dirname(dir)) {
    if (MARKERS.some((m) => isDir(join(dir, m)))) return dir;
    if (dirname(dir) === dir) break;
  }
  return /[\\/](cases|campaigns)$/.test(start) ? dirname(start) : start;
}

function isDir(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}
