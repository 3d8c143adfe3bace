// Half a UTF-16 surrogate pair, which only an escape in double quotes can write (`"\uD800"`): a broken
// character that stands for nothing. It was reported as a character "in no embedded font".
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/input/read-yaml.js';

function problems(text: string): string[] {
  const read = parseYaml('f.yaml', text);
  return read.ok ? [] : read.problems.map((p) => `${p.line}:${p.column} ${p.path} ${p.message}`);
}

describe('lone surrogates', () => {
  it.each([
    ['"Persecution \\uD800 of"', '2:21', '\\uD800'],
    ['"end \\udfff"', '2:13', '\\udfff'],
    ['"a \\U0000DC00"', '2:11', '\\U0000DC00'],
    ['"low then high \\uDE00\\uD83D"', '2:23', '\\uDE00'],
  ])('refuses %s at the escape, naming it and the fix', (value, where, escape) => {
    const got = problems(`id: x\ntitle: ${value}\n`);
    expect(got).toHaveLength(value.includes('DE00\\u') ? 2 : 1);
    expect(got[0]).toBe(
      `${where} title \`${escape}\` is half of a UTF-16 surrogate pair, a broken character that stands for nothing: write the character itself, or its code point as one escape (\`\\U0001F600\` for 😀), or both halves of its pair (\`\\uD83D\\uDE00\`).`,
    );
  });

  it('takes a whole pair written as two escapes, and the character itself', () => {
    expect(problems('id: x\ntitle: "a \\uD83D\\uDE00 b"\nb: 😀\n')).toEqual([]);
  });

  it('refuses one in a key and in a list item, each at its place, all at once', () => {
    const got = problems('id: x\n"k\\uD800": 1\nlist:\n  - ok\n  - "x\\uDC00"\n');
    expect(got.map((p) => p.split(' ').slice(0, 2).join(' '))).toEqual(['2:3 ["k\\ud800"]', '5:7 list[1]']);
  });
});
