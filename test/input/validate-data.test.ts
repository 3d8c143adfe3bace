// Every kind of issue zod can raise reaches the user in this tool's words, at the value at fault
// (issue 10, item 8): none of zod's own wording ("Invalid input", "expected string", "record") leaks.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseYaml } from '../../src/input/read-yaml.js';
import { CalendarDate, Id, Text } from '../../src/input/schemas.js';
import { validateData } from '../../src/input/validate-data.js';

function problemsOf(schema: z.ZodType, yaml: string) {
  const read = parseYaml('f.yaml', yaml);
  if (!read.ok) throw new Error(read.problems.map((p) => p.message).join('\n'));
  return validateData(read.source, schema).problems;
}

const ZOD_WORDING = /Invalid input|Invalid option|expected (a |an )?(string|number|record|object|array)|Too (small|big)|must be record|Unrecognized|>=|<=/;

describe('zod issues in plain words', () => {
  it.each([
    ['invalid_type', z.strictObject({ a: z.string() }), 'a: [1]\n', /^must be a text, not a list\.$/, '1:4'],
    // A date written without its hyphens is a number to YAML: the message says how to write it.
    [
      'invalid_type (described)',
      z.strictObject({ date: CalendarDate }),
      'date: 20190717\n',
      /^must be a text, not `20190717` \(a calendar date written YYYY-MM-DD\)\.$/,
      '1:7',
    ],
    [
      'invalid_type (record)',
      z.strictObject({ m: z.record(z.string(), z.strictObject({ url: z.string() })) }),
      'm: [x]\n',
      /mapping of ids to `\{url: \.\.\.\}`/,
      '1:4',
    ],
    ['invalid_type (language map)', z.strictObject({ t: Text }), 't: [x]\n', /a text or a map from language code to text/, '1:4'],
    ['unrecognized_keys', z.strictObject({ title: z.string() }), 'title: x\ntitel: y\n', /unknown key `titel`: did you mean `title`\?/, '2:1'],
    ['too_small (string)', z.strictObject({ a: z.string().min(2) }), 'a: x\n', /must not be empty: write at least 2 characters/, '1:4'],
    ['too_small (number)', z.strictObject({ a: z.number().min(2) }), 'a: 1\n', /must be at least 2/, '1:4'],
    ['too_big (array)', z.strictObject({ a: z.array(z.string()).max(1) }), 'a: [x, y]\n', /at most 1 are allowed/, '1:4'],
    ['too_big (string)', z.strictObject({ a: z.string().max(1) }), 'a: xy\n', /is too long: 2 characters, at most 1 are allowed/, '1:4'],
    ['invalid_value', z.strictObject({ a: z.enum(['he', 'she']) }), 'a: it\n', /`it` is not allowed: use one of he, she/, '1:4'],
    ['invalid_format', z.strictObject({ a: z.string().regex(/^x$/, { message: 'must be x' }) }), 'a: y\n', /`y` must be x/, '1:4'],
    [
      'invalid_key',
      z.strictObject({ m: z.record(z.string().regex(/^[a-z]+$/, { message: 'must be lowercase' }), z.string()) }),
      'm: {A: x}\n',
      /key `A` must be lowercase/,
      '1:5',
    ],
    ['not_multiple_of', z.strictObject({ a: z.number().multipleOf(5) }), 'a: 7\n', /must be a multiple of 5/, '1:4'],
    ['custom', z.strictObject({ a: z.string().refine(() => false, { message: 'is not right' }) }), 'a: y\n', /^is not right\.$/, '1:4'],
    ['invalid_union', z.strictObject({ a: z.union([z.string(), z.array(z.string())]) }), 'a: {b: 1}\n', /must be a text or a list, not a mapping/, '1:4'],
  ])('%s', (_code, schema, yaml, message, where) => {
    const problems = problemsOf(schema, yaml);
    expect(problems).toHaveLength(1);
    const p = problems[0]!;
    expect(p.message).toMatch(message);
    expect(p.message).not.toMatch(ZOD_WORDING);
    expect(`${p.line}:${p.column}`).toBe(where);
  });

  it('a key written with no value is reported at the key, not at the top of the file', () => {
    const problems = problemsOf(z.strictObject({ id: z.string(), title: z.string() }), 'id: x\ntitle:\n');
    expect(problems.map((p) => [p.line, p.column, p.message])).toEqual([[2, 1, '`title` has no value: write it after `title:`.']]);
  });
});

describe('ids that Windows keeps for devices', () => {
  // `con`, `nul`, `aux`, `com1` … are valid ids by the pattern, but a recipient `con` is the file
  // out/<case>/con.pdf, and a case `nul` the folder out/nul/: Windows opens the console or the null
  // device for those names, whatever their extension, so the letter is never written there.
  it.each(['con', 'prn', 'aux', 'nul', 'com1', 'com9', 'lpt1', 'lpt0'])('refuses `%s` with the reason and another id', (id) => {
    const problems = problemsOf(z.strictObject({ id: Id }), `id: ${id}\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toBe(
      `\`${id}\` names a device on Windows (CON, PRN, AUX, NUL, COM0 to COM9, LPT0 to LPT9), which no file or folder may be called there: choose another id, e.g. \`${id}-1\`.`,
    );
  });

  it.each(['con-1', 'console', 'nullo', 'com10', 'lpt', 'com'])('takes `%s`', (id) => {
    expect(problemsOf(z.strictObject({ id: Id }), `id: ${id}\n`)).toEqual([]);
  });
});

describe('a text with `: ` in it', () => {
  // `- free him: he is innocent` is YAML for a map {free him: he is innocent}: the message spoke of
  // language codes only, to someone who wrote a sentence.
  it('says the text was read as a key and its value, and to quote it', () => {
    const problems = problemsOf(z.strictObject({ demands: z.array(Text) }), 'demands:\n  - release him: he is innocent\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toBe(
      "key `release him` must be a language code such as en, fr, es, de or ru. A text holding `: ` is read as a key and its value: put the whole text in quotes, e.g. `'release him: he is innocent'`.",
    );
  });

  it('keeps the plain message for a key that may be a misspelt language code', () => {
    const problems = problemsOf(z.strictObject({ title: Text }), 'title: {english: x}\n');
    expect(problems[0]!.message).toBe('key `english` must be a language code such as en, fr, es, de or ru.');
  });
});

// A zero-width space, a joiner or a byte order mark in a key or an id was quoted as it is, unseen:
// "unknown key `title`: did you mean `title`?", "`erlan-baltabay` is not a valid id".
describe('invisible characters in a key or an id', () => {
  const Schema = z.strictObject({ id: Id, title: z.string().optional() });

  it.each([
    ['title\u200b', 'U+200B (ZERO WIDTH SPACE)', 'title\\u200b'],
    ['\ufefftitle', 'U+FEFF (ZERO WIDTH NO-BREAK SPACE, a byte order mark)', '\\ufefftitle'],
  ])('names them in an unknown key %j, shown as escapes', (key, name, shown) => {
    const [problem] = problemsOf(Schema, `id: x\n${key}: y\n`);
    expect(problem!.message).toBe(`unknown key \`${shown}\`: it holds the invisible character ${name}: delete it. Did you mean \`title\`?`);
    // The field path too: JSON quotes leave such characters as they are.
    expect(problem!.path).toBe(`["${shown}"]`);
    expect(`${problem!.line}:${problem!.column}`).toBe('2:1');
  });

  // `title\u200b:` written for `title:` was told "missing required field `title`: add `title:`", of a
  // file that seems to have it.
  it('names the look-alike key of a missing required field', () => {
    const Required = z.strictObject({ id: Id, title: z.string() });
    const problems = problemsOf(Required, 'id: x\ntitle\u200b\u200d: y\n');
    expect(problems.map((p) => p.message)).toContain(
      'missing required field `title`: the key `title\\u200b\\u200d` here is not it, since it holds the invisible characters U+200B (ZERO WIDTH SPACE), U+200D (ZERO WIDTH JOINER): delete them.',
    );
    expect(problemsOf(Required, 'id: x\n').map((p) => p.message)).toEqual(['missing required field `title`: add `title:`.']);
  });

  it('names them in an id', () => {
    const [problem] = problemsOf(Schema, 'id: erlan\u200d-baltabay\n');
    expect(problem!.message).toBe(
      '`erlan\\u200d-baltabay` is not a valid id: it holds the invisible character U+200D (ZERO WIDTH JOINER): delete it, e.g. `erlan-baltabay`.',
    );
    expect(`${problem!.line}:${problem!.column}`).toBe('1:5');
  });
});

// `title: 0x1F` was "must be a text ... not `31`", a value nobody wrote, with no fix; YAML reads a
// plain value that looks like a number (or true, false) as one, and a key like that is told to quote it.
describe('a number or yes-or-no value where a text belongs', () => {
  it.each([
    ['reference: 12345\n', "must be a text, not the number `12345`: write a text in quotes, e.g. `'12345'`."],
    ['reference: 0x1F\n', "must be a text, not `0x1F`, which reads as the number 31: write a text in quotes, e.g. `'0x1F'`."],
    ['reference: 1e999\n', "must be a text, not `1e999`, which reads as the number Infinity: write a text in quotes, e.g. `'1e999'`."],
    ['reference: .nan\n', "must be a text, not `.nan`, which reads as the number NaN: write a text in quotes, e.g. `'.nan'`."],
    ['reference: True\n', "must be a text, not `True`, which reads as the value true: write a text in quotes, e.g. `'True'`."],
    [
      'title: 0o17\n',
      "must be a text or a map from language code to text (e.g. `{en: ..., fr: ...}`), not `0o17`, which reads as the number 15: write a text in quotes, e.g. `'0o17'`.",
    ],
    ['title: {en: Hi, fr: 007}\n', "must be a text, not `007`, which reads as the number 7: write a text in quotes, e.g. `'007'`."],
  ])('%j', (yaml, message) => {
    const schema = z.strictObject({ reference: z.string().optional(), title: Text.optional() });
    const problems = problemsOf(schema, yaml);
    expect(problems.map((p) => p.message)).toEqual([message]);
  });

  it('a date written as a number is told how to write the date, not to quote it', () => {
    const problems = problemsOf(z.strictObject({ date: CalendarDate }), 'date: 20190717\n');
    expect(problems.map((p) => p.message)).toEqual(['must be a text, not `20190717` (a calendar date written YYYY-MM-DD).']);
  });
});

// Found by fuzzing: where a list, a mapping or a date belongs, such a value was named as JavaScript prints
// it: `letterhead: .inf` was "must be a list, not `Infinity`", `date: -.inf` "not `-Infinity`".
describe('a value YAML reads as a number where a list, a mapping or a date belongs', () => {
  it.each([
    ['people: .inf\n', 'must be a list, not `.inf`, which reads as the number Infinity (write a list: `[a, b]` or lines starting with `- `).'],
    ['people: [.nan]\n', 'must be a mapping with the fields `name:`, not `.nan`, which reads as the number NaN.'],
    ['date: -.inf\n', 'must be a text, not `-.inf`, which reads as the number -Infinity (a calendar date written YYYY-MM-DD).'],
    ['people: 0x10\n', 'must be a list, not `0x10`, which reads as the number 16 (write a list: `[a, b]` or lines starting with `- `).'],
    ['people: 12\n', 'must be a list, not `12` (write a list: `[a, b]` or lines starting with `- `).'],
  ])('%j', (yaml, message) => {
    const schema = z.strictObject({ people: z.array(z.strictObject({ name: z.string() })).optional(), date: CalendarDate.optional() });
    expect(problemsOf(schema, yaml).map((p) => p.message)).toEqual([message]);
  });
});

// `- name:Erlan` is one text to YAML, not a key and its value: the message quoted it with no word of the space.
describe('a text written `key:value` where a mapping belongs', () => {
  it('says the colon needs a space after it', () => {
    const schema = z.strictObject({ people: z.array(z.strictObject({ name: z.string(), role: z.string().optional() })) });
    const problems = problemsOf(schema, 'people:\n  - name:Erlan Baltabay\n');
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      '2:5 must be a mapping with the fields `name:`, `role:`, not `name:Erlan Baltabay`: a colon needs a space after it to start a value, e.g. `name: Erlan Baltabay`.',
    ]);
  });
});

// `2019/12/03` and `2019-7-3` were given the example 2019-07-17, not the date written; day-first
// forms (`05.07.19`) were given their own.
describe('a date written in another form', () => {
  it.each([
    ['2019/12/03', '2019-12-03'],
    ['2019-7-3', '2019-07-03'],
    ['2019.12.03', '2019-12-03'],
    ['3/12/2019', '2019-12-03'],
  ])('%s is told how to write it: %s', (written, guess) => {
    const problems = problemsOf(z.strictObject({ date: CalendarDate }), `date: ${written}\n`);
    expect(problems.map((p) => p.message)).toEqual([`date \`${written}\` must be written YYYY-MM-DD, e.g. ${guess}.`]);
  });
});
