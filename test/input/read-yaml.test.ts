// YAML syntax errors in the user's words (issue 10, item 8): one message per place, with the fix,
// not the parser's own wording.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/input/read-yaml.js';
import { runCli, sampleWorkspace, tool } from '../helpers/run-cli.js';

function messages(text: string): string[] {
  const read = parseYaml('f.yaml', text);
  return read.ok ? [] : read.problems.map((p) => `${p.line}:${p.column} ${p.message}`);
}

describe('YAML syntax errors', () => {
  it.each([
    ['a:\n\t- b\n', '2:1 YAML syntax error: this line is indented with a tab: indent with spaces only.'],
    ['a: "x\\q"\n', '1:6 YAML syntax error: a backslash in double quotes starts an escape, and this one is unknown'],
    ['a: @x\n', "1:4 YAML syntax error: a value cannot start with `@`: put the whole value in quotes, e.g. `'@...'`."],
    ['a: b: c\n', '1:4 YAML syntax error: a second `key:` on this line'],
    ['key\nother: 1\n', '1:1 YAML syntax error: a line without `key:` where a key is expected'],
    ['a: [b, c\nd: e\n', '2:1 YAML syntax error: a list opened with `[` is not closed: add the `]` at its end.'],
    ['a: {b: 1\n', '2:1 YAML syntax error: a mapping opened with `{` is not closed'],
    ['a:\n  - b\n c: d\n', '3:1 YAML syntax error: this line is not lined up with the keys above it'],
    // A tab before a line of a `|` text, or before a list entry: one message, the tab's, not the
    // parser's "Implicit map keys need to be followed by map values" beside it.
    ['body: |\n  line one\n\tline two\n', '3:1 YAML syntax error: this line is indented with a tab: indent with spaces only.'],
    ['list:\n  - a\n\t- b\n', '3:1 YAML syntax error: this line is indented with a tab: indent with spaces only.'],
    // Slips the parser named in its own words ("Unexpected scalar at node end", "Sequence item without
    // - indicator") or as a missing colon that is there.
    ['letter:\n  sender: ituc\n  date:2019-12-16\n', '3:3 YAML syntax error: `date:` needs a space after its colon: write `date: 2019-12-16`.'],
    ['id: x\ntitle:Persecution\n', '2:1 YAML syntax error: `title:` needs a space after its colon: write `title: Persecution`.'],
    ['title: "Free Erlan" now\n', '1:21 YAML syntax error: text after the closing quote: put the whole value in quotes, e.g. `\'"Free Erlan" now\'`.'],
    ["title: 'Free Erlan' now\n", '1:21 YAML syntax error: text after the closing quote: put the whole value in quotes, e.g. `"\'Free Erlan\' now"`.'],
    ['demands:\n  - [release], him\n', "2:14 YAML syntax error: text after the closing `]`: put the whole value in quotes, e.g. `'[release], him'`."],
    ['people:\n  - name: A\n   pronoun: he\n', '3:1 YAML syntax error: this line is not lined up with the keys above it'],
    // Pasted from a word processor: the space after the colon is a no-break one, and the line looked right.
    [
      'id: x\ntitle:\u00a0Persecution\n',
      '2:7 YAML syntax error: the space after `title:` is a no-break space (U+00A0), which YAML does not read as a space: retype it as a plain space.',
    ],
    ['   id: x\n  title: y\n', '2:3 YAML syntax error: the indentation here does not fit the lines above'],
    [
      'demands: - free him\n',
      '1:10 YAML syntax error: a list cannot start on the line of its key: put each `- ` entry on a line of its own below the key, indented, or write the list in brackets, `[a, b]`.',
    ],
  ])('%j', (text, expected) => {
    const got = messages(text);
    expect(got).toHaveLength(1);
    expect(got[0]).toContain(expected);
    expect(got[0]).not.toMatch(
      /Implicit (map )?keys|compact mappings|Plain value|reserved character|Flow (map|sequence)|parseAllDocuments|Unexpected|indicator/,
    );
  });
});

describe('YAML tags', () => {
  function tagProblems(text: string): string[] {
    const read = parseYaml('f.yaml', text);
    const problems = read.ok ? read.source.problems : read.problems;
    return problems.map((p) => `${p.line}:${p.column} ${p.path} ${p.message}`);
  }

  // The yaml package resolves these YAML 1.1 tags even in 1.2 files: `!!binary` became a Buffer (reported as
  // a map of keys 0, 1, 2 ... with no line), `!!timestamp` a Date ("not a mapping"), `!!omap` a Map, and
  // `!!merge <<` merged silently where a plain `<<` is an unknown key.
  it.each([
    ['title: !!binary SGVsbG8=\n', '1:8 title unknown YAML tag `!!binary`'],
    ['date: !!timestamp 2019-12-16T23:30:00-05:00\n', '1:7 date unknown YAML tag `!!timestamp`'],
    ['title: !!omap [{en: Hello}]\n', '1:8 title unknown YAML tag `!!omap`'],
    ['title: !!pairs [{en: Hello}]\n', '1:8 title unknown YAML tag `!!pairs`'],
    ['demands: !!set {a, b}\n', '1:10 demands unknown YAML tag `!!set`'],
    ['title: {!!merge <<: {en: Hi}}\n', '1:9 '],
    ['title: !<tag:yaml.org,2002:binary> SGVs\n', '1:8 title unknown YAML tag'],
  ])('%j is refused at its place', (text, expected) => {
    const got = tagProblems(text);
    expect(got).toHaveLength(1);
    expect(got[0]).toContain(expected);
    expect(got[0]).toContain('tags are not used in these files');
  });

  it('keeps the value as the text written', () => {
    const read = parseYaml('f.yaml', 'title: !!binary SGVsbG8=\n');
    expect(read.ok && read.source.data.title).toBe('SGVsbG8=');
  });

  // A `%YAML 1.1` directive switched the parser to YAML 1.1's schema: `!!binary` was a Buffer again with
  // no word, a date a Date ("must be a text, not a mapping"), `no` false, `<<` merged silently and, in a
  // flow mapping, reported as "the value Symbol(<<)".
  it.each([
    ['title: !!binary SGVsbG8=\n', '3:8 title unknown YAML tag `!!binary`'],
    ['title: {!!merge <<: {en: Hi}}\n', '3:9 '],
  ])('%j after a `%YAML 1.1` directive is refused at its place', (text, expected) => {
    const got = tagProblems(`%YAML 1.1\n---\n${text}`);
    expect(got).toHaveLength(1);
    expect(got[0]).toContain(expected);
    expect(got[0]).toContain('tags are not used in these files');
  });

  it('reads a file with a `%YAML 1.1` directive as YAML 1.2, as every file is read', () => {
    const read = parseYaml('f.yaml', '%YAML 1.1\n---\ndate: 2019-07-17\nname: no\ncode: 0755\nsum: 1_000\n');
    expect(read.ok && read.source.data).toEqual({ date: '2019-07-17', name: 'no', code: 755, sum: '1_000' });
  });
});

describe('aliases that repeat long text', () => {
  // Under 100 alias uses and under 1 MB, a file could still make 100 MB of text: `- *a` 99 times after
  // a 990 KB demand gave a 2,500-page letter, 14 s and 1.3 GB of memory, in validate as in generate.
  it('refuses aliases that repeat more text than a file may hold', () => {
    const long = 'solidarity '.repeat(20_000);
    const text = `demands:\n  - &a ${long}\n${'  - *a\n'.repeat(10)}`;
    const read = parseYaml('f.yaml', text);
    expect(read.ok).toBe(false);
    const problems = read.ok ? [] : read.problems;
    expect(problems).toHaveLength(1);
    expect(`${problems[0]!.line}:${problems[0]!.column} ${problems[0]!.path} ${problems[0]!.message}`).toMatch(
      /^7:5 demands\[5\] aliases such as `\*a` repeat more than 1 MB of text/,
    );
  });

  it('counts what a nested alias repeats', () => {
    const long = 'solidarity '.repeat(20_000);
    const text = `a: &a ${long}\nb: &b [*a, *a, *a]\nc: [*b, *b, *b, *b]\n`;
    const read = parseYaml('f.yaml', text);
    expect(read.ok).toBe(false);
  });

  it('keeps aliases of short values', () => {
    const text = `a: &a ${'x'.repeat(1000)}\nb: [${Array(99).fill('*a').join(', ')}]\n`;
    expect(parseYaml('f.yaml', text).ok).toBe(true);
  });
});

// A name pasted in decomposed form (NFD: "e" + U+0302 + U+0303 for "ễ", as macOS file names and some
// PDFs give it) was drawn right, but poppler set the lone combining tilde apart: pdftotext read
// "Nguyễn Văn Đài" as "̃ Văn Đài" on one line and "Nguyên" on the next. Texts are read composed (NFC).
describe('decomposed text', () => {
  it('is read composed (NFC), keys and values', () => {
    const read = parseYaml('f.yaml', 'title: "Nguye\\u0302\\u0303n Va\\u0306n \\u0110a\\u0300i"\npeople: [{name: "Ðoàn"}]\n');
    expect(read.ok && read.source.data).toEqual({ title: 'Nguyễn Văn Đài', people: [{ name: 'Ðoàn' }] });
  });

  it('reaches pdftotext whole from a generated letter', () => {
    const ws = sampleWorkspace();
    const name = 'Nguyễn Văn Đài'.normalize('NFD');
    const kase = [
      'id: nfd',
      'title: NFD',
      'country: Kazakhstan',
      `people: [{name: "${name}", pronoun: he, role: union leader}]`,
      'body: "We write about {{person.name}}, a union leader."',
      'letter: {sender: ituc, signatories: [general-secretary], date: 2019-12-16}',
      'recipients: [{official: kz-president}]',
    ].join('\n');
    writeFileSync(join(ws, 'cases', 'nfd.yaml'), `${kase}\n`);
    expect(runCli(['generate', 'cases/nfd.yaml'], { cwd: ws }).stderr).toBe('');
    expect(tool('pdftotext', [join(ws, 'out', 'nfd', 'kz-president.pdf'), '-'])).toContain('We write about Nguyễn Văn Đài, a union leader.');
  });
});

// The data's values are composed (NFC) but the file keeps what was typed: a place inside a value found
// in the composed text (a Handlebars error in a body) must be mapped back to the decomposed text written.
describe('a place inside a decomposed value', () => {
  const nfd = 'Nguye\u0302\u0303n Va\u0306n'; // "Nguyễn Văn" typed decomposed: 3 combining marks
  function located(text: string, path: string[], after: string) {
    const read = parseYaml('f.yaml', text);
    if (!read.ok) throw new Error('fixture does not parse');
    const value = read.source.data[path[0]!] as string;
    return read.source.locateInValue(path, value.indexOf(after));
  }

  it('is the offending character in a `|` block', () => {
    // Line 3 is "  Nguyễn Văn {{x": the "{{" after 2 spaces and 13 decomposed code units.
    expect(located(`id: x\nbody: |\n  ${nfd} {{x\n`, ['body'], '{{')).toEqual({ line: 3, column: 2 + 13 + 1 + 1 });
  });

  it('is the offending character in a plain, a quoted and a folded value', () => {
    expect(located(`id: x\ntitle: ${nfd} X\n`, ['title'], 'X')).toEqual({ line: 2, column: 8 + 13 + 1 });
    expect(located(`id: x\ntitle: "${nfd} X"\n`, ['title'], 'X')).toEqual({ line: 2, column: 9 + 13 + 1 });
    expect(located(`id: x\ntitle: >\n  a\n  ${nfd} X\n`, ['title'], 'X')).toEqual({ line: 4, column: 3 + 13 + 1 });
  });

  it('is the character itself when it is decomposed', () => {
    // "ễ" is at column 7 of "  Nguyễn" in the file, its marks after it.
    expect(located(`id: x\nbody: |\n  ${nfd}\n`, ['body'], 'ễ')).toEqual({ line: 3, column: 7 });
  });
});

// Keys are composed (NFC) too: two keys that differ only in form are one key to the data, and a
// decomposed key must still be found in the file for messages about it and its values.
describe('decomposed keys', () => {
  it('that compose into another key of the mapping are a duplicate key, not one silently dropped', () => {
    const read = parseYaml('f.yaml', 'sources:\n  "caf\\u00e9": {url: a}\n  "cafe\\u0301": {url: b}\n');
    const problems = read.ok ? read.source.problems : read.problems;
    expect(problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      expect.stringMatching(/^3:3 sources\["café"\]: duplicate key `café`: each key may appear once in a mapping/),
    ]);
    expect(problems[0]!.message).toContain('decomposed');
  });

  it('are located in the file by their composed form, and keep their order', () => {
    const read = parseYaml('f.yaml', 'id: x\n"cafe\\u0301":\n  name: y\nzz: 1\n');
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(Object.keys(read.source.data)).toEqual(['id', 'café', 'zz']);
    expect(read.source.locate(['café'], true)).toEqual({ line: 2, column: 1 });
    expect(read.source.locate(['café', 'name'])).toEqual({ line: 3, column: 9 });
  });
});

// A file saved with the line ends of classic Mac OS, a CR alone, was twenty "control character U+000D
// (CR) ... Delete it" on line 1 and "more control characters follow": deleting them joins the lines.
describe('lines ending in a CR alone', () => {
  it('are one problem, with the fix that keeps the lines', () => {
    expect(messages('id: x\rtitle: y\rcountry: z\r')).toEqual([
      '1:6 the lines of this file end with a CR alone (U+000D, the line end of classic Mac OS), which is not read as a line end here: save the file with LF or CRLF line ends (most editors offer it beside the encoding).',
    ]);
  });

  it('leave a CR inside a file of LF or CRLF line ends a control character', () => {
    expect(messages('id: x\ntitle: a\rb\n')).toEqual([expect.stringMatching(/^2:9 control character U\+000D \(CR\) is not allowed/)]);
    expect(messages('id: x\r\ntitle: a\rb\r\n')).toEqual([expect.stringMatching(/^2:9 control character U\+000D \(CR\) is not allowed/)]);
  });
});
