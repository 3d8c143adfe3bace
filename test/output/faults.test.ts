// Faults of the output folder end cleanly: a clear error naming the folder and the fix, exit 1, the
// manifest of what was written saved where it can be, no stack trace and no temp file.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/run-cli.js';
import { bigCampaign, FIXTURE as BATCH_FIXTURE } from '../batch/helpers.js';
import { allFiles, cannotMount, cleanUp, expectClean, makeReadOnly, run, scratch, tempFiles, tmpfs } from './helpers.js';

afterAll(cleanUp);

function batchWorkspace(): string {
  const ws = scratch('letters-ws-');
  cpSync(BATCH_FIXTURE, ws, { recursive: true });
  return ws;
}

const mountSkip = cannotMount();
if (mountSkip) console.log(`skipping the full-disk and read-only tests: ${mountSkip}`);

describe('an out path that is a file', () => {
  it('generate: names the file and the fix, exit 1', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'not-a-folder'), 'x');
    const r = run(['generate', join(ROOT, 'cases', 'erlan-baltabay.yaml'), '--out', join(dir, 'not-a-folder')], dir);
    expect(r.code).toBe(1);
    expectClean(r);
    expect(r.stderr).toMatch(/not-a-folder.*is a file, not a folder/);
    expect(r.stderr).toContain('--out');
    expect(readFileSync(join(dir, 'not-a-folder'), 'utf8')).toBe('x');
  });

  it('batch: names the file and the fix, exit 1, nothing written', () => {
    const ws = batchWorkspace();
    writeFileSync(join(ws, 'out'), 'x');
    const r = run(['batch', 'campaigns/test-day.yaml', '--jobs', '1'], ws);
    expect(r.code).toBe(1);
    expectClean(r);
    expect(r.stderr).toMatch(/out.*is a file, not a folder/);
    expect(r.stderr).toContain('--out');
  });
});

describe('a symbolic link inside the out folder', () => {
  it('batch never follows it: the letters behind it fail with a message naming the link, the others are written', () => {
    const ws = batchWorkspace();
    const outside = scratch('letters-outside-');
    mkdirSync(join(ws, 'out', 'test-day'), { recursive: true });
    symlinkSync(outside, join(ws, 'out', 'test-day', 'good-en'));
    const r = run(['batch', 'campaigns/test-day.yaml', '--jobs', '1'], ws);
    expect(r.code).toBe(1);
    expectClean(r);
    expect(allFiles(outside)).toEqual([]);
    expect(r.stderr).toMatch(/good-en.* is a symbolic link/);
    expect(existsSync(join(ws, 'out', 'test-day', 'good-fr', 'case-one', 'official-a.pdf'))).toBe(true);
    expect(tempFiles(ws)).toEqual([]);
  });

  it('generate never writes through a link in place of the letter or its folder, even with --force', () => {
    const out = scratch();
    const outside = scratch('letters-outside-');
    writeFileSync(join(outside, 'victim.pdf'), 'precious');
    mkdirSync(join(out, 'erlan-baltabay'));
    symlinkSync(join(outside, 'victim.pdf'), join(out, 'erlan-baltabay', 'tokayev.pdf'));
    for (const force of [[], ['--force']]) {
      const r = run(['generate', join(ROOT, 'cases', 'erlan-baltabay.yaml'), '--out', out, ...force], out);
      expect(r.code).toBe(1);
      expectClean(r);
      expect(r.stderr).toMatch(/tokayev\.pdf is a symbolic link/);
      expect(readFileSync(join(outside, 'victim.pdf'), 'utf8')).toBe('precious');
    }
    const out2 = scratch();
    symlinkSync(outside, join(out2, 'erlan-baltabay'));
    const r = run(['generate', join(ROOT, 'cases', 'erlan-baltabay.yaml'), '--out', out2], out2);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/erlan-baltabay is a symbolic link/);
    expect(allFiles(outside)).toEqual(['victim.pdf']);
    expect(tempFiles(out)).toEqual([]);
  });
});

describe.skipIf(!!mountSkip)('a full disk (a 200 KiB tmpfs)', () => {
  it('batch stops with a clear error naming the folder, exit 1, keeps the manifest of what was written, leaves no temp file', () => {
    const ws = bigCampaign(20);
    const disk = tmpfs('200k');
    const r = run(['batch', 'campaigns/big-day.yaml', '--out', disk, '--jobs', '2'], ws);
    expect(r.code).toBe(1);
    expectClean(r);
    expect(r.stderr).toMatch(/the disk is full/);
    expect(r.stderr).toContain(disk);
    expect(r.stderr).toMatch(/free some space|--out/i);
    expect(tempFiles(disk)).toEqual([]);
    const dir = join(disk, 'big-day');
    const pdfs = allFiles(dir).filter((f) => f.endsWith('.pdf'));
    expect(pdfs.length).toBeGreaterThan(0);
    expect(pdfs.length).toBeLessThan(40);
    if (existsSync(join(dir, 'manifest.json'))) {
      const rows = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { file: string; status: string }[];
      expect(
        rows
          .filter((row) => row.status === 'written')
          .map((row) => row.file)
          .sort(),
      ).toEqual(pdfs);
    } else expect(r.stderr).toMatch(/manifest.*could not be saved/);
  });

  it('generate stops with a clear error naming the folder, exit 1, no temp file', () => {
    const disk = tmpfs('8k');
    const r = run(['generate', join(ROOT, 'cases', 'joint-appeal.yaml'), '--out', disk], disk);
    expect(r.code).toBe(1);
    expectClean(r);
    expect(r.stderr).toMatch(/the disk is full/);
    expect(r.stderr).toContain(disk);
    expect(tempFiles(disk)).toEqual([]);
  });
});

describe.skipIf(!!mountSkip)('a read-only folder (a tmpfs remounted read-only)', () => {
  it('batch into a read-only campaign workspace: clear error, exit 1, no "Unhandled error event"', () => {
    const disk = tmpfs('4m');
    const ws = join(disk, 'ws');
    cpSync(BATCH_FIXTURE, ws, { recursive: true });
    makeReadOnly(disk);
    const r = run(['batch', 'campaigns/test-day.yaml', '--jobs', '1'], ws);
    expect(r.code).toBe(1);
    expectClean(r);
    expect(r.stderr).toMatch(/read-only/);
    expect(r.stderr).toContain(join(ws, 'out'));
    expect(r.stderr).toContain('--out');
  });

  it('batch and generate into a read-only out folder: clear error, exit 1', () => {
    const disk = tmpfs('64k');
    mkdirSync(join(disk, 'test-day'));
    makeReadOnly(disk);
    const ws = batchWorkspace();
    const b = run(['batch', 'campaigns/test-day.yaml', '--jobs', '1', '--out', disk], ws);
    expect(b.code).toBe(1);
    expectClean(b);
    expect(b.stderr).toMatch(/read-only/);
    const g = run(['generate', join(ROOT, 'cases', 'erlan-baltabay.yaml'), '--out', disk], ws);
    expect(g.code).toBe(1);
    expectClean(g);
    expect(g.stderr).toMatch(/read-only/);
    expect(g.stderr).toContain(disk);
  });
});

// Root ignores permissions, so the test drops to the `nobody` user (uid 65534) with setpriv.
const asNobody = (args: string[], cwd: string) => {
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};
const nobodySkip =
  process.getuid?.() !== 0
    ? 'not root: cannot switch to another user'
    : spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, '--help']).status !== 0
      ? 'setpriv cannot run letters as the nobody user here'
      : undefined;
if (nobodySkip) console.log(`skipping the missing-permission tests: ${nobodySkip}`);

describe.skipIf(!!nobodySkip)('a folder the user may not write into (EACCES)', () => {
  it('batch and generate: clear error naming the folder and the fix, exit 1, nothing written', () => {
    const ws = batchWorkspace();
    chmodSync(ws, 0o755);
    const locked = join(ws, 'locked');
    mkdirSync(locked, { mode: 0o555 });
    chmodSync(locked, 0o555);
    const b = asNobody(['batch', 'campaigns/test-day.yaml', '--jobs', '1', '--out', locked], ws);
    expect(b.code).toBe(1);
    expectClean(b);
    expect(b.stderr).toContain(`cannot write into ${locked}: permission denied`);
    expect(b.stderr).toContain('chmod u+w');
    const g = asNobody(['generate', join(ROOT, 'cases', 'erlan-baltabay.yaml'), '--out', locked], ws);
    expect(g.code).toBe(1);
    expectClean(g);
    expect(g.stderr).toContain(`cannot write into ${locked}: permission denied`);
    expect(allFiles(locked)).toEqual([]);
  });
});

const prlimitSkip = spawnSync('prlimit', ['--version']).status === 0 ? undefined : 'prlimit (util-linux) is not installed';
if (prlimitSkip) console.log(`skipping the too-many-open-files test: ${prlimitSkip}`);

// A low limit of open files (ulimit -n; 256 is macOS's, which --jobs 64 reached) was "internal error:
// the batch thread failed: Worker initialization failure: EMFILE … This is a bug in letters", or every
// letter failed with "internal error: EMFILE: too many open files, scandir …/templates/appeal".
describe.skipIf(!!prlimitSkip)('too many open files (a low ulimit -n)', () => {
  it('batch at --jobs 1 and 2: the limit and the fix, exit 1, no word of a bug', () => {
    const ws = bigCampaign(20);
    let limited = 0;
    for (const jobs of ['1', '2']) {
      for (const limit of [22, 24, 26, 28, 30]) {
        const out = join(scratch(), 'out');
        const r = spawnSync('prlimit', [`--nofile=${limit}`, process.execPath, BIN, 'batch', 'campaigns/big-day.yaml', '--jobs', jobs, '--out', out], {
          cwd: ws,
          env: { ...process.env, NO_COLOR: '1' },
          encoding: 'utf8',
          timeout: 60_000,
        });
        const run = { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
        expectClean(run);
        if (run.code === 0) continue;
        limited++;
        expect(run.code, run.stderr).toBe(1);
        expect(run.stderr).toContain('too many files are open at once');
        expect(run.stderr).toContain('ulimit -n 4096');
      }
    }
    expect(limited).toBeGreaterThan(0);
  }, 300_000);
});
