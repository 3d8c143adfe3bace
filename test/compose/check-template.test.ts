import { describe, expect, it } from 'vitest';
import { checkTemplate } from '../../src/compose/check-template.js';
import { BODY_SHAPE } from '../../src/compose/render-body.js';

const check = (text: string) => checkTemplate(text, BODY_SHAPE);
const where = (text: string) => check(text).map((p) => `${p.line}:${p.column}`);

describe('checkTemplate', () => {
  it('accepts a body that reads existing fields and calls helpers as they are meant', () => {
    const body = [
      'On {{date letter.date}}, {{sender.name}} writes about {{person.name}} ({{capitalize person.role}})[^ituc].',
      '{{#each timeline}}- {{date date}}: {{event}}{{#if source}}[^{{source}}]{{/if}} ({{@index}}){{/each}}',
      '{{#each people as |p i|}}{{p.name}} {{pronoun p "object"}} {{i}} {{../title}}{{else}}none{{/each}}',
      '{{list people "name"}} {{list demands}} {{upper (lookup demands 0)}} {{timeline.0.event}} {{sources.ituc.url}}',
      '{{#with person}}{{upper name}}{{/with}} {{#unless subject}}-{{/unless}} {{@root.title}} {{people.length}}',
      '{{! a comment }}{{!-- another --}}',
      '{{quote sender.name}} {{elide "de" person.name}} {{#each people}}{{elide "que" name}}{{/each}}',
    ].join('\n');
    expect(check(body)).toEqual([]);
  });

  it.each([
    ['{{{person.name}}}', /unescaped/],
    ['{{& person.name}}', /unescaped/],
    ['{{#if person}}{{{person.name}}}{{/if}}', /unescaped/],
    ['{{#each people}}{{else}}{{{title}}}{{/each}}', /unescaped/],
    ['{{log person}}', /Handlebars' own machinery/],
    ['{{#each people}}{{log this}}{{/each}}', /Handlebars' own machinery/],
    ['{{log}}', /Handlebars' own machinery/],
    ['{{helperMissing}}', /Handlebars' own machinery/],
    ['{{blockHelperMissing "x"}}', /Handlebars' own machinery/],
    ['{{#blockHelperMissing person}}x{{/blockHelperMissing}}', /Handlebars' own machinery/],
    ['{{lookup this "constructor"}}', /reaches into `constructor`/],
    ['{{upper (lookup person "__proto__")}}', /reaches into `__proto__`/],
    ['{{person.constructor}}', /reaches into `constructor`/],
    ['{{#with person}}{{constructor.name}}{{/with}}', /reaches into `constructor`/],
    ['{{upper person.name x=(lookup this "constructor")}}', /reaches into `constructor`/],
    ['{{> footer}}', /partials/],
    ['{{#> layout}}x{{/layout}}', /partials/],
    ['{{#*inline "x"}}y{{/inline}}', /decorators/],
    ['{{date}}', /needs 1 value and was given nothing/],
    ['{{date person}}', /needs a date, but `person` is a person/],
    ['{{date "16/12/2019"}}', /YYYY-MM-DD/],
    ['{{date title}}', /needs a date, but `title` is a text/],
    ['{{upper person}}', /needs a text, but `person` is a person/],
    ['{{capitalize people}}', /needs a text, but `people` is a list of people/],
    ['{{upper}}', /needs 1 value/],
    ['{{quote person}}', /needs a text, but `person` is a person/],
    ['{{quote}}', /needs 1 value/],
    ['{{elide "de"}}', /needs 2 values and was given 1 value/],
    ['{{elide "de" people}}', /needs a text, but `people` is a list of people/],
    ['{{upper title title}}', /needs 1 value and was given 2 values/],
    ['{{list people}}', /name the field to list/],
    ['{{list people "nmae"}}', /no field "nmae": they have forms, name, native_name, pronoun, role/],
    ['{{list title}}', /needs a list/],
    ['{{pronoun title}}', /needs a person/],
    ['{{pronoun person "genitive"}}', /"subject", "object" or "possessive"/],
    ['{{person}}', /would print as "\[object Object\]"/],
    [
      '{{lookup timeline 3}}',
      /`\{\{lookup timeline 3\}\}` is a timeline entry, not a text, and would print as "\[object Object\]": write \{\{#with \(lookup timeline 3\)\}\}\{\{date\}\}\{\{\/with\}\}/,
    ],
    ['{{lookup people 0}}', /is a person, not a text/],
    ['{{people}}', /not a text/],
    ['{{person.nmae}}', /unknown field `nmae` in `\{\{person.nmae\}\}`: `person` has forms, name, native_name, pronoun, role/],
    ['{{nmae}}', /unknown field `nmae`.*the body has .*person/],
    ['{{#each people}}{{nmae}}{{/each}}', /unknown field `nmae`/],
    ['{{#each people}}{{/each}}{{@index}}', /only has a value inside/],
    ['{{person.name.first}}', /is a text, which has no field `first`/],
    ['{{people.name}}', /is a list of people, which has no field `name`/],
    ['{{shout person.name}}', /unknown helper `shout`/],
    // Found by fuzzing: a name of Object.prototype's was taken for a helper's signature, "internal error:
    // undefined is not iterable".
    ['{{__lookupGetter__ "x"}}', /`__lookupGetter__` is Handlebars' own machinery and may not be used in a body/],
    ['{{valueOf 1}}', /`valueOf` is Handlebars' own machinery/],
    ['{{#toString title}}x{{/toString}}', /`toString` is Handlebars' own machinery/],
    ['{{#shout}}x{{/shout}}', /unknown field `shout`/],
    ['{{#person}}x{{/person}}', /is not a block/],
    ['{{#upper title}}x{{/upper}}', /is not a block/],
    ['{{if title}}', /works only as a block/],
    ['{{#each title}}x{{/each}}', /needs a list/],
    ['{{#with title}}x{{/with}}', /needs a group of fields/],
    ['{{upper title shout=1}}', /no named argument/],
    ['{{../title}}', /climbs out/],
    ['{{@foo}}', /unknown `@foo`/],
  ])('refuses %s', (body, message) => {
    const problems = check(body);
    expect(problems.map((p) => p.message).join('\n')).toMatch(message);
    for (const p of problems) expect(p.message).not.toMatch(/undefined|lookupProperty|\[object Object\]\W*$/);
  });

  it('finds every misuse in one run, each at its own line and column, in blocks, else branches and sub-expressions', () => {
    const body = [
      'Dear friends,', // 1
      '{{date}} and {{upper person}}', // 2
      '{{#if person}}', // 3
      '  {{person.nmae}}', // 4
      '{{else}}', // 5
      '  {{{title}}}', // 6
      '{{/if}}', // 7
      '{{#each people}}{{upper (lookup this "constructor")}}{{/each}}', // 8
    ].join('\n');
    expect(where(body)).toEqual(['2:1', '2:22', '4:5', '6:3', '8:38']);
  });

  it('names the line of an unclosed block, not the end of the text', () => {
    const problems = check('Intro\n\n{{#if person}}\nText\n{{#each people}}{{name}}{{/each}}\n\nEnd.\n');
    expect(problems).toEqual([{ line: 3, column: 1, message: expect.stringMatching(/`\{\{#if person\}\}` is never closed: add \{\{\/if\}\}/) }]);
  });

  it('names the line of an unclosed expression', () => {
    const problems = check('Intro\n\nAbout {{person.name and more\n\nEnd.');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 3, column: 7, message: expect.stringMatching(/never closed: add `\}\}`/) });
  });

  it('names a closing tag that does not match its block', () => {
    const problems = check('{{#if person}}\n{{#each people}}x\n{{/if}}');
    expect(problems[0]).toMatchObject({ line: 3, column: 1, message: expect.stringMatching(/closes `\{\{#each people\}\}`, opened on line 2/) });
  });

  it('explains other syntax errors without parser words', () => {
    const problems = check('Hello {{person.name)}}');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).not.toMatch(/Expecting|EOF|OPEN_/);
  });
});

describe('checkTemplate of blocks or sub-expressions nested too deep', () => {
  // Thousands of nested blocks took seconds to parse; nested sub-expressions overflowed the stack
  // ("internal error: Maximum call stack size exceeded").
  it.each([
    ['blocks', `${'{{#if person}}'.repeat(3000)}x${'{{/if}}'.repeat(3000)}`, 64 * '{{#if person}}'.length + 1],
    ['sub-expressions', `a {{upper ${'(upper '.repeat(3000)}person.name${')'.repeat(3000)}}}`, 3],
  ])('refuses %s nested more than 64 deep, at the place', (_what, text, column) => {
    const problems = checkTemplate(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 1, column });
    expect(problems[0]!.message).toMatch(/nested more than 64 levels deep/);
  });

  it('takes 64 levels', () => {
    expect(checkTemplate(`${'{{#if person}}'.repeat(64)}x${'{{/if}}'.repeat(64)}`)).toEqual([]);
  });
});

// A name in a template with a zero-width space pasted into it was quoted as it is: "unknown field
// `name`", of a template that seems to have it right.
describe("invisible characters in a template's names", () => {
  it.each([
    ['{{person.name\u200b}}', 'unknown field `name\\u200b` (it holds the invisible character U+200B (ZERO WIDTH SPACE)) in `{{person.name\\u200b}}`'],
    ['{{up\u200bper person.name}}', 'unknown helper `up\\u200bper` (it holds the invisible character U+200B (ZERO WIDTH SPACE))'],
  ])('%j: shown as escapes and named', (body, message) => {
    expect(check(body).map((p) => p.message)).toEqual([expect.stringContaining(message)]);
  });

  it('in a named argument, and in the helper it is given to', () => {
    expect(check('{{up\u200bper person.name fo\u200bo=1}}').map((p) => p.message)).toEqual([
      expect.stringContaining('unknown helper `up\\u200bper`'),
      expect.stringContaining(
        '{{up\\u200bper ...}} takes no named argument such as `fo\\u200bo=` (it holds the invisible character U+200B (ZERO WIDTH SPACE))',
      ),
    ]);
  });
});

describe('checkTemplate of a body with too many expressions', () => {
  // 30,000 `{{sender.name}}` took 600 MB to compile, and the check parsed them all first.
  it('refuses it before parsing, with the one problem at the expression past the limit', () => {
    const started = performance.now();
    const problems = check(`Intro\n\n${'{{sender.name}} '.repeat(30_000)}`);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(problems).toEqual([
      { line: 3, column: 2000 * '{{sender.name}} '.length + 1, message: expect.stringMatching(/^more than 2,000 Handlebars expressions/) },
    ]);
  });
});
