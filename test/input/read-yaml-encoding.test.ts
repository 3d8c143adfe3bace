// A file that is not UTF-8 text (UTF-16 or UTF-32 with or without a byte order mark, an image, an
// archive, a word-processor file) is named for what it is, once, with the fix: it got a NUL for
// every other byte, or "byte 0xFF is not UTF-8" placed at the file's last line.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readYaml } from '../../src/input/read-yaml.js';
import { tempDir } from '../helpers/temp-dir.js';

const TEXT = 'id: erlan-baltabay\ntitle: Persécution\ncountry: Kazakhstan\n';

function utf16(text: string, bigEndian: boolean): Buffer {
  const le = Buffer.from(text, 'utf16le');
  return bigEndian ? Buffer.from(le).swap16() : le;
}

function problemsOf(bytes: Buffer): string[] {
  const dir = tempDir();
  const file = join(dir, 'case.yaml');
  writeFileSync(file, bytes);
  const read = readYaml(file);
  return read.ok ? [] : read.problems.map((p) => `${p.line ?? '-'}:${p.column ?? '-'} ${p.message}`);
}

describe('readYaml of a file that is not UTF-8 text', () => {
  it.each([
    ['UTF-16 little-endian with its BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), utf16(TEXT, false)]), /is UTF-16.*save it as UTF-8/i],
    ['UTF-16 big-endian with its BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16(TEXT, true)]), /is UTF-16.*save it as UTF-8/i],
    ['UTF-16 little-endian without a BOM', utf16(TEXT, false), /is UTF-16.*save it as UTF-8/i],
    ['UTF-16 big-endian without a BOM', utf16(TEXT, true), /is UTF-16.*save it as UTF-8/i],
    [
      'UTF-32 with its BOM',
      Buffer.concat([
        Buffer.from([0xff, 0xfe, 0, 0]),
        Buffer.from(
          TEXT.replace(/./gsu, (c) => `${c}\0\0\0`),
          'latin1',
        ),
      ]),
      /is UTF-32.*save it as UTF-8/i,
    ],
    ['a PNG image', Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(64, 1)]), /is a PNG image, not a YAML text file/],
    ['a PDF', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1'), /is a PDF document, not a YAML text file/],
    ['a Word or OpenDocument file', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(64, 0)]), /is a ZIP archive.*not a YAML text file/],
    ['a gzip file', Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 0x9c, 0xff]), /is a gzip-compressed file, not a YAML text file/],
    ['binary data', Buffer.from([0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3, 4, 5, 0x80, 0x81, 0xfe, 0, 0, 7]), /is binary data, not a YAML text file/],
  ])('names %s once, with the fix', (_what, bytes, expected) => {
    const problems = problemsOf(bytes);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
    expect(problems[0]).not.toMatch(/NUL|control character/);
  });

  it('places a bad byte in its first line at line 1', () => {
    expect(problemsOf(Buffer.concat([Buffer.from([0xe9]), Buffer.from('d: 1\nb: 2\nc: 3\n')]))).toEqual([expect.stringMatching(/^1:1 byte 0xE9 is not UTF-8/)]);
  });

  it('places a Latin-1 character at its own line and column', () => {
    expect(problemsOf(Buffer.from('id: x\ntitle: Pers\xe9cution\n', 'latin1'))).toEqual([expect.stringMatching(/^2:12 byte 0xE9 is not UTF-8/)]);
  });

  it('reads UTF-8 with a byte order mark', () => {
    const dir = tempDir();
    const file = join(dir, 'case.yaml');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]));
    const read = readYaml(file);
    expect(read.ok && read.source.data).toEqual({ id: 'erlan-baltabay', title: 'Persécution', country: 'Kazakhstan' });
  });
});

describe('readYaml of UTF-8 with a byte order mark', () => {
  // The mark is no character of the first line: columns there are counted as an editor shows them.
  it('places a problem of the first line at the column the editor shows', () => {
    const dir = tempDir();
    const file = join(dir, 'case.yaml');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id: x\n"a": 1\n"a": 2\nb: 1\nb: 2\n')]));
    const bom = readYaml(file);
    writeFileSync(file, Buffer.from('id: x\n"a": 1\n"a": 2\nb: 1\nb: 2\n'));
    const plain = readYaml(file);
    expect(bom.ok && plain.ok).toBe(true);
    if (!bom.ok || !plain.ok) return;
    expect(bom.source.locate(['id'])).toEqual({ line: 1, column: 5 });
    expect(bom.source.problems.map((p) => `${p.line}:${p.column}`)).toEqual(plain.source.problems.map((p) => `${p.line}:${p.column}`));
  });

  it('places a bad byte of the first line at the column the editor shows', () => {
    expect(problemsOf(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id: Pers\xe9\n', 'latin1')]))).toEqual([
      expect.stringMatching(/^1:9 byte 0xE9 is not UTF-8/),
    ]);
  });

  it('places a control character of the first line at the column the editor shows', () => {
    expect(problemsOf(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id: a\u0007b\n')]))).toEqual([
      expect.stringMatching(/^1:6 control character U\+0007/),
    ]);
  });
});
