import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { writeAtomic } from '../../src/output/write-atomic.js';

describe('writeAtomic', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'letters-write-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a new file, creating its folder, and leaves no temp file', () => {
    const path = join(dir, 'a', 'b.pdf');
    writeAtomic(path, 'one', { force: false });
    expect(readFileSync(path, 'utf8')).toBe('one');
    expect(readdirSync(join(dir, 'a'))).toEqual(['b.pdf']);
  });

  it('never replaces an existing file without force, and replaces it with force', () => {
    const path = join(dir, 'b.pdf');
    writeFileSync(path, 'old');
    expect(() => writeAtomic(path, 'new', { force: false })).toThrow(UserError);
    expect(readFileSync(path, 'utf8')).toBe('old');
    writeAtomic(path, 'new', { force: true });
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['b.pdf']);
  });
});
