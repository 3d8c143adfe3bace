// An out path too long for the system, or a loop of symbolic links on the way, ends with a message
// naming the problem and the fix, exit 1: they were "internal error: ENAMETOOLONG ..." with the whole
// path, and a loop was called "a file, not a folder".
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-cli.js';
import { cleanUp, expectClean, run, scratch } from './helpers.js';

afterAll(cleanUp);

const CASE = join(ROOT, 'cases', 'erlan-baltabay.yaml');

describe('an out path the system cannot take', () => {
  it('a folder name over 255 bytes', () => {
    const dir = scratch();
    const r = run(['generate', CASE, '--out', join(dir, 'a'.repeat(300))], dir);
    expect(r.code).toBe(1);
    expectClean(r);
    expect(r.stderr).toMatch(/the path is too long for this system.*--out/);
    expect(r.stderr).not.toMatch(/internal error|ENAMETOOLONG:/);
    expect(r.stderr.length).toBeLessThan(600);
  });

  it('a path over the system limit', () => {
    const dir = scratch();
    const r = run(['generate', CASE, '--out', join(dir, ...Array.from({ length: 20 }, () => 'b'.repeat(240)))], dir);
    expect(r.code).toBe(1);
    expectClean(r);
    expect(r.stderr).toMatch(/the path is too long for this system.*--out/);
    expect(r.stderr.length).toBeLessThan(600);
  });

  // The campaign's folders fit the limit, the letters' paths do not: every letter but the first was
  // "internal error: ENAMETOOLONG: name too long, lstat '...'" with the whole 4,000-byte path.
  it('a batch whose letter paths go over the system limit', () => {
    const dir = scratch();
    let out = dir;
    while (out.length < 4_000) out = join(out, 'c'.repeat(200));
    out = out.slice(0, 4_030);
    const r = run(['batch', join(ROOT, 'campaigns', 'kazakhstan-day-2020.yaml'), '--out', out, '--quiet', '--jobs', '1'], dir);
    expect(r.code).toBe(1);
    expectClean(r);
    expect(r.stderr).toMatch(/the path is too long for this system.*--out/);
    expect(r.stderr).not.toMatch(/ENAMETOOLONG:/);
  });

  it('a loop of symbolic links as the out folder', () => {
    const dir = scratch();
    symlinkSync(join(dir, 'loop2'), join(dir, 'loop1'));
    symlinkSync(join(dir, 'loop1'), join(dir, 'loop2'));
    const r = run(['generate', CASE, '--out', join(dir, 'loop1')], dir);
    expect(r.code).toBe(1);
    expectClean(r);
    expect(r.stderr).toMatch(/loop1.*a loop of symbolic links.*--out/);
    expect(r.stderr).not.toContain('is a file');
  });

  it('a loop of symbolic links on the way to the out folder', () => {
    const dir = scratch();
    symlinkSync(join(dir, 'loop2'), join(dir, 'loop1'));
    symlinkSync(join(dir, 'loop1'), join(dir, 'loop2'));
    const r = run(['generate', CASE, '--out', join(dir, 'loop1', 'x')], dir);
    expect(r.code).toBe(1);
    expectClean(r);
    expect(r.stderr).toMatch(/a loop of symbolic links.*--out/);
    expect(r.stderr).not.toMatch(/internal error|ELOOP:/);
  });

  it('a dangling symbolic link as the out folder', () => {
    const dir = scratch();
    symlinkSync(join(dir, 'nowhere', 'deeper'), join(dir, 'dangling'));
    const r = run(['generate', CASE, '--out', join(dir, 'dangling')], dir);
    expect(r.code).toBe(1);
    expectClean(r);
    expect(r.stderr).toMatch(/dangling.*is a symbolic link to .*nowhere.*which does not exist.*--out/);
  });
});
