// Too many files open while send read a letter's draft made every letter not ready with "run the batch
// again with --eml", which would not help: the limit is the process's, not the file's.
import { describe, expect, it, vi } from 'vitest';
import type * as OpenOwnFile from '../../src/output/open-own-file.js';

vi.mock('../../src/output/open-own-file.js', async (importOriginal) => ({
  ...(await importOriginal<typeof OpenOwnFile>()),
  readOwnFile: () => {
    throw Object.assign(new Error("EMFILE: too many open files, open '/c/ituc/a.eml'"), { code: 'EMFILE' });
  },
}));

const { readLetterFile } = await import('../../src/batch/read-letter-file.js');

describe('readLetterFile when too many files are open', () => {
  it('names the limit and its fix, not the batch', () => {
    const dir = process.cwd();
    expect(readLetterFile(dir, 'package.json')).toBe(
      "package.json cannot be read: too many files are open at once (this process's limit of open files, ulimit -n, is reached). Raise the limit of open files (ulimit -n 4096), then run the same command again",
    );
  });
});
