// Invisible characters that break a letter's lines or an e-mail's headers (U+2028 LINE SEPARATOR,
// U+2029 PARAGRAPH SEPARATOR, the deprecated format characters)
// are refused where they stand, like the control characters: they passed into letters unseen.
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/input/read-yaml.js';

function problems(text: string): string[] {
  const read = parseYaml('f.yaml', text);
  return read.ok ? [] : read.problems.map((p) => `${p.line}:${p.column} ${p.path} ${p.message}`);
}

describe('invisible characters in values', () => {
  it.each([
    ['\u2028', 'U+2028 (LINE SEPARATOR)'],
    ['\u2029', 'U+2029 (PARAGRAPH SEPARATOR)'],
    ['\u206a', 'U+206A (INHIBIT SYMMETRIC SWAPPING)'],
  ])('refuses %j written in the file, at its place', (ch, name) => {
    const got = problems(`id: x\ntitle: Persecution of${ch}Erlan\n`);
    expect(got).toHaveLength(1);
    expect(got[0]).toContain(`2:22 title`);
    expect(got[0]).toContain(name);
    expect(got[0]).toMatch(/not allowed: .*Delete it/);
  });

  it.each([
    ['"a\\Lb"', 'U+2028'],
    ['"a\\Pb"', 'U+2029'],
    ['"a\\u2028b"', 'U+2028'],
  ])('refuses %s written as an escape', (value, code) => {
    const got = problems(`id: x\ntitle: ${value}\n`);
    expect(got).toHaveLength(1);
    expect(got[0]).toContain(`2:8 title`);
    expect(got[0]).toContain(code);
  });

  it('takes a byte order mark at the start of the file', () => {
    expect(problems('\ufeffid: x\ntitle: y\n')).toEqual([]);
  });

  it.each([
    ['ZERO WIDTH NON-JOINER, which Persian needs', 'می\u200cخواهم'],
    ['ZERO WIDTH JOINER, which emoji and Indic scripts need', 'क्\u200dष'],
    ['a soft hyphen', 'Gewerk\u00adschaft'],
    ['a right-to-left mark', 'abc\u200f'],
    ['U+FEFF inside a word, which the layout keeps', 'Bal\ufefftabay'],
  ])('takes %s', (_what, text) => {
    expect(problems(`id: x\ntitle: ${text}\n`)).toEqual([]);
  });
});

// A key repeated with a zero-width space in it was quoted as it is: "duplicate key `title`", where the
// file shows no second `title` at all to the eye, only `title` and `title` ... and a `title` missing.
describe('invisible characters in a duplicate key', () => {
  it('are shown as escapes and named', () => {
    const read = parseYaml('f.yaml', 'id: x\ntitle\u200b: a\ntitle\u200b: b\n');
    const messages = (read.ok ? read.source.problems : read.problems).map((p) => `${p.line}:${p.column} ${p.path} ${p.message}`);
    expect(messages).toContain(
      '3:1 ["title\\u200b"] duplicate key `title\\u200b` (it holds the invisible character U+200B (ZERO WIDTH SPACE)): each key may appear once in a mapping; merge the two or remove one.',
    );
  });
});
