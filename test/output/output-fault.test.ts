import { describe, expect, it } from 'vitest';
import { UserError, ValidationError } from '../../src/errors.js';
import { outputFault, tooManyFilesOpen } from '../../src/output/output-fault.js';

const limit =
  "too many files are open at once (this process's limit of open files, ulimit -n, is reached). Raise the limit (ulimit -n 4096) or run with fewer --jobs, then run the same command again.";

describe('tooManyFilesOpen', () => {
  it('knows the limit by the code, or by the message of an error of the system (a thread that could not start)', () => {
    expect(tooManyFilesOpen(Object.assign(new Error('EMFILE: too many open files, scandir /t'), { code: 'EMFILE' }))?.message).toBe(limit);
    expect(tooManyFilesOpen(new Error('Worker initialization failure: EMFILE'))?.message).toBe(limit);
    expect(tooManyFilesOpen(Object.assign(new Error('x'), { code: 'ENOSPC' }))).toBeUndefined();
  });

  // A batch stops at the limit: a letter whose problem only quoted the word stopped it.
  it("is not a user's text that quotes the word", () => {
    expect(tooManyFilesOpen(new UserError('unknown official `EMFILE`'))).toBeUndefined();
    expect(tooManyFilesOpen(new ValidationError([{ file: '/c.yaml', path: 'EMFILE', message: 'unknown key `EMFILE`', severity: 'error' }]))).toBeUndefined();
  });

  it('a write that meets it names the folder', () => {
    expect(outputFault(Object.assign(new Error('EMFILE'), { code: 'EMFILE' }), '/out')?.message).toBe(`cannot write into /out: ${limit}`);
  });
});
