// send reads a letter's files only as files inside the campaign folder: never through a link, never a pipe.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, assert, describe, expect, it } from 'vitest';
import { readLetterFile } from '../../src/batch/read-letter-file.js';
import { tempDir } from '../helpers/run-cli.js';

const dir = tempDir('letters-read-letter-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readLetterFile', () => {
  mkdirSync(join(dir, 'ituc'));
  writeFileSync(join(dir, 'ituc', 'a.eml'), 'draft');
  writeFileSync(join(dir, 'elsewhere.eml'), 'not a letter');

  it('reads a file inside the folder', () => {
    expect(readLetterFile(dir, 'ituc/a.eml')).toEqual(Buffer.from('draft'));
    expect(readLetterFile(dir, './ituc//a.eml')).toEqual(Buffer.from('draft'));
  });

  it('names a missing file', () => {
    expect(readLetterFile(dir, 'ituc/b.eml')).toBe('ituc/b.eml is missing: run the batch again with --eml');
  });

  it('refuses a link in place of the file or of a folder on its way, naming it, its target and the fix', () => {
    symlinkSync(join(dir, 'elsewhere.eml'), join(dir, 'ituc', 'linked.eml'));
    symlinkSync(join(dir, 'ituc'), join(dir, 'linked'));
    expect(readLetterFile(dir, 'ituc/linked.eml')).toMatch(
      new RegExp(
        `^ituc/linked\\.eml is a symbolic link \\(to .*elsewhere\\.eml\\): .* Remove the link \\(rm '.*linked\\.eml'\\) and run the batch again with --eml`,
      ),
    );
    expect(readLetterFile(dir, 'linked/a.eml')).toMatch(/^linked is a symbolic link/);
  });

  it('refuses a pipe without waiting on it, and a folder', () => {
    execFileSync('mkfifo', [join(dir, 'ituc', 'pipe.eml')]);
    expect(readLetterFile(dir, 'ituc/pipe.eml')).toMatch(/^ituc\/pipe\.eml is not a file \(a pipe or a device/);
    expect(readLetterFile(dir, 'ituc')).toBe('ituc cannot be read (EISDIR): run the batch again with --eml');
  });

  // A backslash is a folder's separator to the check (as to the send log's keys) but a name's letter to the
  // system: `q\q/../../x` looked like `x` inside and was read one folder above the campaign's.
  it('reads the file the check looked at: a backslash in a hand-edited path never leads outside the folder', () => {
    const inner = join(dir, 'inner');
    mkdirSync(join(inner, 'ituc'), { recursive: true });
    writeFileSync(join(inner, 'ituc', 'c.eml'), 'inside');
    writeFileSync(join(dir, 'ituc', 'c.eml'), 'outside');
    expect(readLetterFile(inner, 'q\\q/../../ituc/c.eml')).toEqual(Buffer.from('inside'));
    expect(readLetterFile(inner, 'ituc\\c.eml')).toEqual(Buffer.from('inside'));
  });

  // A draft of 1 GB was read and parsed whole (2 GB of memory for a dry run), and would have been handed
  // to the server; no letter's PDF or draft comes near 64 MB (images are 5 MB at most).
  it('refuses a file far larger than a letter, without reading it', () => {
    writeFileSync(join(dir, 'ituc', 'huge.eml'), '');
    truncateSync(join(dir, 'ituc', 'huge.eml'), 65 * 1024 * 1024);
    const read = readLetterFile(dir, 'ituc/huge.eml');
    // Its bytes are not compared: a diff of 65 MB would take the test's memory.
    assert(typeof read === 'string', `read ${read.length} bytes`);
    expect(read).toBe(
      'ituc/huge.eml is 65 MB, more than any letter or draft letters batch writes (at most 64 MB): it is damaged or not a letter. Remove it and run the batch again with --eml',
    );
  });

  // A hand-edited path the system refuses (a NUL byte, a name over 255 bytes) ended the whole run with a raw error.
  it('tells why a path the system refuses cannot be read, as the reason this letter does not go', () => {
    expect(readLetterFile(dir, 'ituc/a\u0000.eml')).toMatch(/^ituc\/a\u0000\.eml cannot be read \(ERR_INVALID_ARG_VALUE\): run the batch again with --eml$/);
    expect(readLetterFile(dir, `ituc/${'x'.repeat(300)}.eml`)).toMatch(/ cannot be read \(ENAMETOOLONG\): run the batch again with --eml$/);
  });
});
