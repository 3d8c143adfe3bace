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
    // A no-break space pasted into the indentation is text to YAML: the key was `\u00a0 date` at the
    // top level, "unknown key `  date`" (the space unseen) beside "missing required field `date`".
    [
      'a line indented with a no-break space',
      'letter:\n  sender: ituc\n\u00a0 date: 2019-12-16\n',
      /^3:1 : this line is indented with a no-break space \(U\+00A0\), which YAML reads as part of the key `date`, not as indentation: retype the indentation with plain spaces\.$/,
    ],
    // A merge key shares an entry's fields in YAML 1.1; here it was "unknown key `<<`: allowed keys here are ...".
    [
      'a merge key',
      'base: &b {sender: ituc}\nletter:\n  <<: *b\n  date: 2019-12-16\n',
      /^3:3 letter: the key `<<` merges another mapping in YAML 1\.1, which these files are not read as: write here the keys it would bring in\.$/,
    ],
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

// `role: {en: leader, since 2010, fr: ...}`: the comma ended the text and `since 2010` became a key
// without a value, which was left out as `key: ~` is, so the letter printed "leader" without a word.
describe('a comma inside a text in braces', () => {
  it('is reported once, at the first piece cut off, with the text quoted whole', () => {
    expect(problems('title: {en: Free them, now, at once, fr: Libérez-les}\n')).toEqual([
      "1:24 title.en: `now, at once` have no `:` and no value: inside `{...}` a comma ends a text, so `en` stops at the comma before it and the rest would be lost. Put a text that holds a comma in quotes, e.g. `en: 'Free them, now, at once'`.",
    ]);
  });

  it('is reported where no text comes before it', () => {
    expect(problems('title: {Free them, en: x}\n')).toEqual([
      "1:9 title: `Free them` has no `:` and no value: inside `{...}` a comma ends a text, so this is read as a key without a value. Put a text that holds a comma in quotes, e.g. `'Free them'`.",
    ]);
  });

  it('cuts a long piece it quotes between characters, never inside an emoji', () => {
    const piece = `${'a'.repeat(56)}\u{1F642}${'b'.repeat(10)}`;
    const [message] = problems(`title: {en: x, ${piece}}\n`);
    expect(message).toContain(`\`${'a'.repeat(56)}\u{1F642}...\``);
    expect(message).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('leaves a key written with `:` and no value out, as the docs say, and lists alone', () => {
    const read = parseYaml('f.yaml', "title: {en: x, fr: }\nposition: [President, Republic of Kazakhstan]\nrole: {en: 'a, b'}\n");
    expect(read.ok && read.source.problems).toEqual([]);
    expect(read.ok && read.source.data).toEqual({ title: { en: 'x', fr: null }, position: ['President', 'Republic of Kazakhstan'], role: { en: 'a, b' } });
  });
});

// The fix a message offers must itself be valid YAML that reads as the text meant.
describe('the quoted text the comma-in-braces message offers', () => {
  it('doubles a quote inside it, so the fix reads back as the whole text', () => {
    const [message] = problems("title: {en: workers' rights, now, fr: x}\n");
    expect(message).toContain("e.g. `en: 'workers'' rights, now'`");
    const fix = /e\.g\. `en: (.*)`\.$/.exec(message!)![1]!;
    const read = parseYaml('f.yaml', `title: {en: ${fix}}\n`);
    expect(read.ok && read.source.data).toEqual({ title: { en: "workers' rights, now" } });
  });

  it('keeps a text written in quotes in its own kind of quotes', () => {
    for (const [written, meant] of [
      ['"say \\"no\\""', 'say "no", now'],
      ["'it''s'", "it's, now"],
    ] as const) {
      const [message] = problems(`title: {en: ${written}, now}\n`);
      const fix = /e\.g\. `en: (.*)`\.$/.exec(message!)![1]!;
      const read = parseYaml('f.yaml', `title: {en: ${fix}}\n`);
      expect(read.ok && read.source.data).toEqual({ title: { en: meant } });
    }
  });

  it('with no text before it', () => {
    const [message] = problems("title: {it's, en: x}\n");
    expect(message).toContain("e.g. `'it''s'`");
  });
});
