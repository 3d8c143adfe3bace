import { resolve } from 'node:path';

/**
 * Wraps a loader so each file or folder is loaded once per process (or worker): a campaign day asks
 * for the same sender, directory and images for letter after letter.
 */
export function oncePerPath<T>(load: (absolutePath: string) => T): (path: string) => T {
  const cache = new Map<string, T>();
  return (path) => {
    const key = resolve(path);
    let value = cache.get(key);
    if (value === undefined) {
      value = load(key);
      cache.set(key, value);
    }
    return value;
  };
}
