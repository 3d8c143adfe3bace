// Keys that are not plain names: a list or mapping as a key (`? [a, b]`), an alias as a key, an empty
// key (`~:`), a number written so that it reads as another (`0x1F:` is 31). They were reported
// without a line ("unknown key `[ a, b ]`"), with a Node warning on stderr, or as another name.
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/input/read-yaml.js';

function problems(text: string): string[] {
  const read = parseYaml('f.yaml', text);
  const all = read.ok ? read.source.problems : read.problems;
  return all.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`);
}

describe('keys that are not plain names', () => {
  it.each([
    ['a list as a key', 'id: x\n? [a, b]\n: c\n', /^2:3 : the key `\[a, b\]` is a list: keys are plain names such as `title`/],
    ['a mapping as a key', 'sources:\n  ? {a: b}\n  : {url: x}\n', /^2:5 sources: the key `\{a: b\}` is a mapping: keys are plain names/],
    ['an alias as a key', 'country: &k Kazakhstan\n*k : x\n', /^2:1 : the key `\*k` is an alias: keys are plain names.*Write the name itself/],
    ['an empty key', 'sources:\n  ~: {url: x}\n', /^2:3 sources: the key `~` is empty: write a name before the colon/],
    ['a null key', 'sources:\n  null: {url: x}\n', /^2:3 sources: the key `null` is empty/],
    [
      'a number that reads as another',
      'sources:\n  0x1F: {url: x}\n',
      /^2:3 sources: the key `0x1F` is read as the number 31: put it in quotes, e\.g\. `'0x1F':`/,
    ],
    ['a float', 'title: {en: x, 1.0: y}\n', /^1:16 title: the key `1\.0` is read as the number 1/],
  ])('reports %s at its place', (_what, text, expected) => {
    const got = problems(text);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(expected);
  });

  it('takes numbers and booleans as the keys they read as', () => {
    const read = parseYaml('f.yaml', 'sources:\n  2019: {url: x}\n  true: {url: y}\n');
    expect(read.ok && read.source.problems).toEqual([]);
    expect(read.ok && read.source.data).toEqual({ sources: { 2019: { url: 'x' }, true: { url: 'y' } } });
  });

  it('leaves the reported key out of the data, so it is not reported again', () => {
    const read = parseYaml('f.yaml', 'id: x\n? [a, b]\n: c\n');
    expect(read.ok && read.source.data).toEqual({ id: 'x' });
  });
});
