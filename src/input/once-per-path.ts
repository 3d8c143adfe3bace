import { resolve } from 'node:path';
import { BoundedCache } from '../bounded-cache.js';

/**
 * Wraps a loader so each file or folder is loaded once per process (or worker): a campaign day asks
 * for the same sender, directory and images for letter after letter. With a `limit`, at most that
 * many are kept (the cache starts over when full): for files a campaign names by the thousand, whose
 * letters come one file after the other, so memory does not grow with the length of the list.
 */
export function oncePerPath<T>(load: (absolutePath: string) => T, limit = Infinity): (path: string) => T {
  const cache = new BoundedCache<string, T>(limit);
  return (path) => {
    const key = resolve(path);
    return cache.getOrMake(key, () => load(key));
  };
}
