// Hostile text in input files (issue 10, items 2 and 4): bytes that are not UTF-8, control and
// bidirectional characters, self-referencing and unknown aliases, several documents, a FIFO, and
// file names or values that try to forge the terminal. Each runs through the built CLI in a
// subprocess bounded in time, and must be refused with the file, line, column and code point.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers/run-cli.js';

const BAD = join(ROOT, 'test', 'fixtures', 'bad');
const HOSTILE = join(ROOT, 'test', 'fixtures', 'hostile');

/** A workspace with the bad fixtures' valid sender and directory, and the hostile files in cases/. */
function workspace(): string {
  const ws = tempDir('letters-hostile-text-');
  for (const sub of ['senders', 'directory', 'images']) cpSync(join(BAD, sub), join(ws, sub), { recursive: true });
  mkdirSync(join(ws, 'cases'));
  // Only the files: test/fixtures/hostile/ also holds the image fixtures' folder.
  for (const f of readdirSync(HOSTILE, { withFileTypes: true })) if (f.isFile()) copyFileSync(join(HOSTILE, f.name), join(ws, 'cases', f.name));
  return ws;
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The built CLI, killed after 30 s so a hang fails the test instead of stalling the suite. */
function run(args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Any character that could move the cursor, erase a line or reorder text on a terminal, except the newline. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function expectClean(r: Run): void {
  expect(r.signal, 'the command hung and was killed').toBeNull();
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/internal error|Maximum call stack|YAML\.parseAllDocuments/);
  expect(r.stderr).not.toMatch(RAW_CONTROL);
  expect(r.stdout).not.toMatch(RAW_CONTROL);
}

const ws = workspace();

describe('hostile text in input files', () => {
  it('a sanity check: the base case, with Windows line ends, is valid', () => {
    const r = run(['validate', 'cases/crlf.yaml'], ws);
    expectClean(r);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('cases/crlf.yaml: ok (case)\n');
    expect(r.code).toBe(0);
  });

  it.each([
    ['invalid-utf8.yaml', '7:17', /byte 0xFF is not UTF-8 text/],
    ['nul.yaml', '7:16', /control character U\+0000 \(NUL\)/],
    ['esc-cr.yaml', '5:16', /control character U\+001B \(ESC\)/],
    ['del.yaml', '2:14', /control character U\+007F \(DEL\)/],
    ['bidi.yaml', '25:18', /bidirectional control character U\+202E/],
    ['escaped-control.yaml', '2:8', /title: .*control characters U\+001B \(ESC\), U\+000D \(CR\)/],
    // An escape of half a surrogate pair (a pair, `\\uD83D\\uDE00`, is one character) was called a character in no font.
    [
      'lone-surrogate.yaml',
      '2:28',
      /title: .*`\\uD800` is half of a UTF-16 surrogate pair, a broken character that stands for nothing: write the character itself/,
    ],
    ['self-alias.yaml', '3:24', /demands\[1\]: the alias `\*d` stands inside the value its anchor `&d` names/],
    ['unknown-alias.yaml', '3:10', /the alias `\*kz` names no anchor: no `&kz` stands above it/],
    ['multi-document.yaml', '30:1', /holds more than one YAML document/],
  ])('%s is refused at %s by validate, generate and preview', (name, where, message) => {
    const out = join(ws, 'out', name);
    for (const args of [
      ['validate', `cases/${name}`],
      ['generate', `cases/${name}`, '--out', out],
      ['preview', `cases/${name}`],
    ]) {
      const r = run(args, ws);
      expectClean(r);
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toContain(`cases/${name}:${where}: error: `);
      expect(r.stderr).toMatch(message);
    }
    expect(readdirSync(ws)).not.toContain('out');
  });

  it('a self-referencing alias does not stop validate from checking the next file', () => {
    const r = run(['validate', 'cases/self-alias.yaml', 'cases/crlf.yaml'], ws);
    expectClean(r);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('cases/self-alias.yaml: invalid (case), 1 error\ncases/crlf.yaml: ok (case)\n');
  });

  it('a value holding ESC and CR cannot erase the error line nor print a fake "ok"', () => {
    const r = run(['validate', 'cases/escaped-control.yaml'], ws);
    expectClean(r);
    expect(r.stderr).toContain('`A test\\x1b[2K\\rcase`');
    expect(r.stdout).toBe('cases/escaped-control.yaml: invalid (case), 1 error\n');
  });

  it('a file name holding ESC and CR is shown escaped, on stdout and stderr', () => {
    const name = 'evil\x1b[2K\rcases-good.yaml: ok (case)\x1b[8m';
    copyFileSync(join(HOSTILE, 'esc-cr.yaml'), join(ws, 'cases', name));
    for (const args of [
      ['validate', `cases/${name}`],
      ['validate', '--json', `cases/${name}`],
      ['preview', `cases/${name}`],
    ]) {
      const r = run(args, ws);
      expectClean(r);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('cases/evil\\x1b[2K\\rcases-good.yaml: ok (case)\\x1b[8m:5:16: error: ');
    }
    const r = run(['validate', `cases/${name}`], ws);
    expect(r.stdout).toBe('cases/evil\\x1b[2K\\rcases-good.yaml: ok (case)\\x1b[8m: invalid (case), 2 errors\n');
  });

  it('a FIFO given as a case file is refused at once instead of hanging', () => {
    const fifo = join(ws, 'cases', 'fifo.yaml');
    const made = spawnSync('mkfifo', [fifo]);
    if (made.error || made.status !== 0) {
      console.log(`skipped: mkfifo is not available here (${made.error?.message ?? made.stderr.toString()})`);
      return;
    }
    for (const args of [
      ['validate', 'cases/fifo.yaml', 'cases/crlf.yaml'],
      ['preview', 'cases/fifo.yaml'],
    ]) {
      const r = run(args, ws);
      expectClean(r);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^cases\/fifo\.yaml: error: is not a regular file \(it is a FIFO\)/m);
    }
    expect(run(['validate', 'cases/fifo.yaml', 'cases/crlf.yaml'], ws).stdout).toContain('cases/crlf.yaml: ok (case)');
  });

  it('a folder or a device given as a case file is refused', () => {
    mkdirSync(join(ws, 'cases', 'folder.yaml'));
    const dir = run(['validate', 'cases/folder.yaml'], ws);
    expectClean(dir);
    expect(dir.code).toBe(1);
    expect(dir.stderr).toMatch(/cases\/folder\.yaml: error: is a folder, not a YAML file/);
    const dev = run(['validate', '/dev/zero'], ws);
    expectClean(dev);
    expect(dev.code).toBe(1);
    expect(dev.stderr).toMatch(/\/dev\/zero: error: is not a regular file \(it is a device\)/);
  });
});
