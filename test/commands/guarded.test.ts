import { describe, expect, it } from 'vitest';
import { guarded } from '../../src/commands/guarded.js';
import { StoppedError, UserError, ValidationError } from '../../src/errors.js';
import type { Io } from '../../src/commands/print.js';

function io(): Io & { err: string; out: string } {
  const out = {
    err: '',
    out: '',
    stdout: (t: string) => void (out.out += t),
    stderr: (t: string) => void (out.err += t),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: {},
    cwd: '/work',
  };
  return out;
}

describe("guarded: a command's typed errors as messages and exit codes", () => {
  // Only `send` caught it: from any other command a stop was "internal error: ... This is a bug".
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('a StoppedError (%s) is the stop it is: its message, exit %i, no word of a bug', async (signal, code) => {
    const out = io();
    const exit = await guarded(out, () => {
      throw new StoppedError(signal, `Stopped by ${signal} before the run began: nothing was written.\u001b[2K`);
    });
    expect(exit).toBe(code);
    expect(out.err).toBe(`Stopped by ${signal} before the run began: nothing was written.\\x1b[2K\n`);
  });

  it('a UserError is an error, exit 1; a ValidationError lists its problems; anything else is a bug', async () => {
    const user = io();
    expect(await guarded(user, () => Promise.reject(new UserError('no such file')))).toBe(1);
    expect(user.err).toBe('error: no such file\n');
    const invalid = io();
    const problem = { file: '/work/a.yaml', line: 2, column: 3, path: 'id', message: 'bad id', severity: 'error' } as const;
    expect(await guarded(invalid, () => Promise.reject(new ValidationError([problem])))).toBe(1);
    expect(invalid.err).toBe('a.yaml:2:3: error: id: bad id\n1 problem found; nothing was written.\n');
    const bug = io();
    expect(await guarded(bug, () => Promise.reject(new Error('oops')))).toBe(1);
    expect(bug.err).toContain('internal error: oops\nThis is a bug in letters');
  });

  // A low `ulimit -n` (or many --jobs) was "internal error: … EMFILE … This is a bug in letters".
  it('too many files open, wherever met, is the limit and the fix, exit 1, no word of a bug', async () => {
    const thread = io();
    expect(await guarded(thread, () => Promise.reject(new Error('Worker initialization failure: EMFILE')))).toBe(1);
    expect(thread.err).toBe(
      "error: too many files are open at once (this process's limit of open files, ulimit -n, is reached). Raise the limit (ulimit -n 4096) or run with fewer --jobs, then run the same command again.\n",
    );
    const system = io();
    const enfile = Object.assign(new Error("ENFILE: file table overflow, open '/work/x'"), { code: 'ENFILE' });
    expect(await guarded(system, () => Promise.reject(enfile))).toBe(1);
    expect(system.err).toBe(
      'error: too many files are open at once on this system. Close some programs, or run with fewer --jobs, then run the same command again.\n',
    );
  });

  // `--json` promises machine-readable results: a run stopped by bad input still prints JSON on stdout.
  it('with --json, a stopped run prints {ok: false, error, problems} on stdout too, problems as validate --json has them', async () => {
    const invalid = io();
    const problem = { file: '/work/a.yaml', line: 2, column: 3, path: 'id', message: 'bad id', severity: 'error' } as const;
    expect(await guarded(invalid, () => Promise.reject(new ValidationError([problem])), { json: true })).toBe(1);
    expect(invalid.err).toBe('a.yaml:2:3: error: id: bad id\n1 problem found; nothing was written.\n');
    expect(JSON.parse(invalid.out)).toEqual({
      ok: false,
      error: '1 problem found; nothing was written.',
      problems: [{ file: 'a.yaml', line: 2, column: 3, path: 'id', message: 'bad id', value: null, severity: 'error' }],
    });
    const user = io();
    expect(await guarded(user, () => Promise.reject(new UserError('no such \u001bfile')), { json: true })).toBe(1);
    expect(JSON.parse(user.out)).toEqual({ ok: false, error: 'no such \u001bfile', problems: [] });
    const stopped = io();
    expect(await guarded(stopped, () => Promise.reject(new StoppedError('SIGINT', 'Stopped.')), { json: true })).toBe(130);
    expect(JSON.parse(stopped.out)).toEqual({ ok: false, error: 'Stopped.', problems: [] });
    const plain = io();
    await guarded(plain, () => Promise.reject(new UserError('no such file')));
    expect(plain.out).toBe('');
  });
});
