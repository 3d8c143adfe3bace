import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { isOutputFault } from '../../src/output/output-fault.js';
import { writeLetter } from '../../src/output/write-atomic.js';

describe('writeLetter', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'letters-write-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a new file, creating its folder, and leaves no temp file', () => {
    const path = join(dir, 'a', 'b.pdf');
    expect(writeLetter(path, Buffer.from('one'), { force: false, root: dir })).toBe('written');
    expect(readFileSync(path, 'utf8')).toBe('one');
    expect(readdirSync(join(dir, 'a'))).toEqual(['b.pdf']);
  });

  it('leaves the same bytes alone, never replaces other bytes without force, and replaces them with force', () => {
    const path = join(dir, 'b.pdf');
    writeFileSync(path, 'old');
    expect(() => writeLetter(path, Buffer.from('new'), { force: false, root: dir })).toThrow(UserError);
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(writeLetter(path, Buffer.from('old'), { force: false, root: dir })).toBe('unchanged');
    writeLetter(path, Buffer.from('new'), { force: true, root: dir });
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['b.pdf']);
  });

  // A folder whose path fits the system's limit (some 4,000 bytes) but whose letter's does not: the
  // check for a file on disk met ENAMETOOLONG and the batch showed "internal error: ENAMETOOLONG ...".
  it('a letter path over the system limit, in a folder that fits it, is an output fault naming the folder', () => {
    let folder = dir;
    while (folder.length < 3_900) folder = join(folder, 'd'.repeat(200));
    mkdirSync(folder, { recursive: true });
    const path = join(folder, `${'x'.repeat(250)}.pdf`);
    let thrown: unknown;
    try {
      writeLetter(path, Buffer.from('one'), { force: false, root: dir });
    } catch (err) {
      thrown = err;
    }
    expect(isOutputFault(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(/^cannot write into .*: the path is too long for this system.*--out\.$/);
    expect(readdirSync(folder)).toEqual([]);
  });
});
