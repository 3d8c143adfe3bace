import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/run-cli.js';

/** Runs `letters <args> | head -c 1` in bash: the reader takes one byte and goes, as `| head` or quitting `less` does. */
function piped(args: string, into = '| head -c 1 > /dev/null'): { code: string; stderr: string } {
  const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" ${args} ${into}; echo "\${PIPESTATUS[0]}"`], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  return { code: r.stdout.trim(), stderr: r.stderr };
}

// --help shows `letters preview … | less`: quitting the pager early closed the pipe, and letters died
// with node's "Unhandled 'error' event … write EPIPE" and a stack trace.
describe('a reader that closes the pipe early', () => {
  it('ends preview quietly with its own exit code, no stack trace', () => {
    const run = piped('preview campaigns/kazakhstan-day-2020.yaml');
    expect(run.stderr).toBe('');
    expect(run.code).toBe('0');
  });

  it('ends validate quietly too, and a closed stderr is no crash either', () => {
    const run = piped('validate cases/*.yaml senders/*.yaml');
    expect(run.stderr).toBe('');
    expect(run.code).toBe('0');
    const stderr = piped('validate cases/no-such.yaml', '2>&1 >/dev/null | head -c 1 > /dev/null');
    expect(stderr.code).toBe('1');
  });
});
