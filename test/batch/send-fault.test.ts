import { describe, expect, it } from 'vitest';
import { sendFault } from '../../src/batch/send-fault.js';

const fault = (code: string) => Object.assign(new Error(`${code}: …`), { code });

describe('sendFault: why send could not write into its folder, and a fix it can follow', () => {
  // Too many files open was "Put that right", which said nothing of what to do.
  it('too many files open: raise the limit', () => {
    expect(sendFault(fault('EMFILE'), '/c')).toEqual({
      reason: "too many files are open at once (this process's limit of open files, ulimit -n, is reached)",
      fix: 'Raise the limit of open files (ulimit -n 4096)',
    });
    expect(sendFault(fault('ENFILE'), '/c').fix).toBe('Raise the limit of open files (ulimit -n 4096)');
  });

  it('a full disk, a read-only one, no permission', () => {
    expect(sendFault(fault('ENOSPC'), '/c')).toEqual({ reason: 'the disk is full', fix: 'Free some space' });
    expect(sendFault(fault('EROFS'), '/c').fix).toMatch(/^Make it writable/);
    expect(sendFault(fault('EACCES'), '/c').fix).toBe("Make the folder writable (chmod u+w '/c')");
  });
});
