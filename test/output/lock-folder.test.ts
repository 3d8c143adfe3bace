import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_NAME, lockFolder, takeOverStale } from '../../src/output/lock-folder.js';
import { removeStaleTemps } from '../../src/output/remove-stale-temps.js';
import { cleanUp, scratch } from './helpers.js';
import { ROOT } from '../helpers/run-cli.js';

afterAll(cleanUp);

describe('lockFolder', () => {
  it('refuses a folder held by a live process, takes over one left by a dead one, and releases it', () => {
    const dir = scratch();
    // The parent of this test process is alive and is not this process.
    writeFileSync(join(dir, LOCK_NAME), `${process.ppid}\n`);
    expect(() => lockFolder(dir, 'run')).toThrow(`another run (pid ${process.ppid}) is writing into ${dir}`);
    writeFileSync(join(dir, LOCK_NAME), '999999999\n');
    const release = lockFolder(dir, 'run');
    expect(existsSync(join(dir, LOCK_NAME))).toBe(true);
    expect(() => lockFolder(dir, 'run')).not.toThrow();
    release();
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('a lock file that is not one', () => {
  // A pipe in the lock's place was opened to read the holder's pid, and the open waited for a writer for
  // ever: `letters batch` and `letters send --send` hung, SIGTERM only asking the stuck thread to stop.
  // Run in a child, so that a wait does not hang the tests.
  it('a pipe, or a link to /dev/zero, is taken over as a stale lock, never waited on or read', () => {
    const dir = scratch();
    const lock = join(dir, LOCK_NAME);
    // tsx keeps its cache in the temp folder: one of this test's own, which is removed with it.
    const tmp = scratch();
    const take = () =>
      spawnSync(
        process.execPath,
        ['--import', 'tsx', '-e', `import('${join(ROOT, 'src', 'output', 'lock-folder.ts')}').then((m) => { m.lockFolder(${JSON.stringify(dir)}, 'run')(); })`],
        { cwd: ROOT, timeout: 20_000, encoding: 'utf8', env: { ...process.env, TMPDIR: tmp } },
      );
    expect(spawnSync('mkfifo', [lock]).status).toBe(0);
    expect(take()).toMatchObject({ status: 0, signal: null, stderr: '' });
    symlinkSync('/dev/zero', lock);
    expect(take()).toMatchObject({ status: 0, signal: null, stderr: '' });
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);
});

describe('takeOverStale', () => {
  // Two runs found the same dead run's lock: the first took it over, then the second, still acting on
  // what it had read, removed the first's fresh lock and took its own. Both sent the same letters.
  it('leaves a lock that another run took after this one found it stale, and removes the stale one', () => {
    const dir = scratch();
    const lock = join(dir, LOCK_NAME);
    writeFileSync(lock, `${process.ppid} \`letters send\`\n`);
    takeOverStale(lock, 999999999);
    expect(readFileSync(lock, 'utf8')).toBe(`${process.ppid} \`letters send\`\n`);
    expect(() => lockFolder(dir, '`letters send`')).toThrow(`another \`letters send\` (pid ${process.ppid}) is writing into ${dir}`);
    writeFileSync(lock, '999999999\n');
    takeOverStale(lock, 999999999);
    expect(readdirSync(dir)).toEqual([]);
    takeOverStale(lock, 999999999);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('removeStaleTemps', () => {
  it('removes the temp files of dead processes (and, when asked, its own), never those of a live one', () => {
    const dir = scratch();
    const names = {
      dead: '.a.pdf.tmp-999999999-0badf00d',
      live: `.b.pdf.tmp-${process.ppid}-0badf00d`,
      own: `.manifest.json.tmp-${process.pid}-0badf00d`,
      letter: 'c.pdf',
    };
    for (const name of Object.values(names)) writeFileSync(join(dir, name), 'x');
    expect(removeStaleTemps(dir)).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([names.own, names.live, names.letter].sort());
    expect(removeStaleTemps(dir, { own: true })).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([names.live, names.letter].sort());
  });
});
