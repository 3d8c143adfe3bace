import { afterEach, describe, expect, it, vi } from 'vitest';
import { hb, RUNTIME_OPTIONS, TemplateUseError } from '../../src/compose/handlebars-env.js';
import { bodyProblems, renderBody } from '../../src/compose/render-body.js';
import { ValidationError } from '../../src/errors.js';
import { parseYaml, type SourceFile } from '../../src/input/read-yaml.js';

function caseFile(body: string): SourceFile {
  const read = parseYaml('case.yaml', `id: x\nbody: |\n${body.replace(/^/gm, '  ')}\n`);
  if (!read.ok) throw new Error('fixture does not parse');
  return read.source;
}

const context = {
  title: 'A case',
  person: { name: 'Erlan', pronoun: 'he', role: 'leader' },
  people: [{ name: 'Erlan', pronoun: 'he', role: 'leader' }],
  timeline: [{ date: '2019-07-17', event: 'sentenced' }],
  letter: { date: '2019-12-16' },
};

function problemsOf(work: () => unknown) {
  try {
    work();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).problems;
  }
  throw new Error('expected a ValidationError');
}

afterEach(() => vi.restoreAllMocks());

describe('renderBody', () => {
  // "ɤ" and "ƛ" have capitals (U+A7CB, U+A7DC) that no embedded font draws: the letter printed empty boxes.
  it('{{upper}} and {{capitalize}} keep a letter whose capital no font has as written, and take whole characters', () => {
    const body = '{{upper person.name}} / {{capitalize person.role}} / {{capitalize title}}';
    const filled = renderBody(body, { ...context, title: '𐐨x', person: { name: 'aɤƛb', pronoun: 'he', role: 'éclair' } }, 'en', caseFile(body), ['body']);
    expect(filled).toBe('AɤƛB / Éclair / 𐐨x');
  });

  // "… от 18 июля 2022 г." as the last demand printed "г..": the full stop of an abbreviation ends the sentence too.
  it('{{punctuate}} ends a list entry with its mark, or the last one with the last mark, doubling neither', () => {
    const body = '{{#each demands}}{{punctuate this ";" "."}}|{{/each}}';
    const demands = ['a', 'b;', 'до 2022 г.', 'c?', 'd.'];
    // Values arrive Markdown-escaped, a full stop as `\.`.
    expect(renderBody(body, { ...context, demands }, 'ru', caseFile(body), ['body'])).toBe('a;|b;|до 2022 г\\.;|c?;|d\\.|');
    const last = ['x', 'y etc.'];
    expect(renderBody(body, { ...context, demands: last }, 'en', caseFile(body), ['body'])).toBe('x;|y etc\\.|');
    // A French mark with its space: "etc. ;", and "…" or "!" end a sentence as a full stop does.
    const fr = '{{#each demands}}{{punctuate this " ;" "."}}|{{/each}}';
    expect(renderBody(fr, { ...context, demands: ['etc.', 'x ;', 'vite !'] }, 'fr', caseFile(fr), ['body'])).toBe('etc\\. ;|x ;|vite \\!|');
  });

  // The English default body wrote "in Philippines", "in Republic of Korea", "in United States".
  it('{{the}} puts the article English writes before a country, and leaves other languages and names as written', () => {
    const body = '{{the country}}';
    const en = (country: string) => renderBody(body, { ...context, country }, 'en', caseFile(body), ['body']);
    expect(['Philippines', 'Republic of Korea', 'United States', 'Netherlands', 'Russian Federation', 'Gambia'].map(en)).toEqual([
      'the Philippines',
      'the Republic of Korea',
      'the United States',
      'the Netherlands',
      'the Russian Federation',
      'the Gambia',
    ]);
    expect(['Kazakhstan', 'Belarus', 'Hong Kong', 'the Philippines', 'The Bahamas', 'Ukraine'].map(en)).toEqual([
      'Kazakhstan',
      'Belarus',
      'Hong Kong',
      'the Philippines',
      'The Bahamas',
      'Ukraine',
    ]);
    expect(renderBody(body, { ...context, country: 'Philippines' }, 'fr', caseFile(body), ['body'])).toBe('Philippines');
  });

  // Capitals by the letter's language, never the process's locale; a digraph letter begins a word in title case.
  it("{{upper}} and {{capitalize}} follow the letter's language, and begin with a digraph's title case", () => {
    const body = '{{upper person.name}} / {{capitalize person.role}}';
    const person = { name: 'istanbul', pronoun: 'he', role: 'ǆemal' };
    expect(renderBody(body, { ...context, person }, 'tr', caseFile(body), ['body'])).toBe('İSTANBUL / ǅemal');
    expect(renderBody(body, { ...context, person }, 'en', caseFile(body), ['body'])).toBe('ISTANBUL / ǅemal');
    // Greek capitals drop their accents; a tag ICU does not know gets Unicode's rules, not the machine's locale's.
    expect(renderBody(body, { ...context, person: { ...person, name: 'Αθήνα' } }, 'el', caseFile(body), ['body'])).toBe('ΑΘΗΝΑ / ǅemal');
    expect(renderBody(body, { ...context, person }, 'xx', caseFile(body), ['body'])).toBe('ISTANBUL / ǅemal');
  });

  it('fills in a body, escaping data for Markdown', () => {
    const source = caseFile('About {{person.name}} on {{date letter.date}}.');
    expect(renderBody('About {{person.name}} on {{date letter.date}}.', { ...context, person: { name: '**X**' } }, 'en', source, ['body'])).toBe(
      'About \\*\\*X\\*\\* on 16 December 2019.',
    );
  });

  it('reports every static problem at its line and column in the case file', () => {
    const body = 'Intro.\n\n{{upper person}} and {{{title}}}';
    const problems = problemsOf(() => renderBody(body, context, 'en', caseFile(body), ['body']));
    expect(problems.map((p) => `${p.line}:${p.column}`)).toEqual(['5:11', '5:24']);
  });

  it('reports a problem after a name typed decomposed (NFD) at its place in the file', () => {
    // "Nguyễn" typed as e + U+0302 + U+0303: the data is composed, the file is not.
    const body = 'Intro.\nDear Nguye\u0302\u0303n, {{upper person}}';
    const problems = problemsOf(() => renderBody(body.normalize('NFC'), context, 'en', caseFile(body), ['body']));
    // At `person` in "  Dear Nguyễn, {{upper person}}" as written: 2 spaces, 15 code units, `{{upper `.
    expect(problems.map((p) => `${p.line}:${p.column}`)).toEqual([`4:${2 + 'Dear Nguye\u0302\u0303n, '.length + '{{upper '.length + 1}`]);
  });

  it('reports a value the case lacks, found only when filling in, at its place and in words', () => {
    const body = 'Intro.\n{{date timeline.5.date}}';
    const problems = problemsOf(() => renderBody(body, context, 'en', caseFile(body), ['body']));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'case.yaml', line: 4, column: 3 });
    expect(problems[0]!.message).toMatch(/does not have/);
    expect(problems[0]!.message).not.toMatch(/null|undefined/);
  });
});

describe('lookup at run time', () => {
  it('takes an entry or a field that is there, and names the place of an entry that is not', () => {
    const body = 'Latest: {{#with (lookup timeline 0)}}{{event}}{{/with}}.\nThen {{#with (lookup timeline 9)}}{{event}}{{/with}}.';
    expect(renderBody('{{#with (lookup timeline 0)}}{{event}}{{/with}}', context, 'en', caseFile('x'), ['body'])).toBe('sentenced');
    const problems = problemsOf(() => renderBody(body, context, 'en', caseFile(body), ['body']));
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'case.yaml',
        line: 4,
        message: expect.stringMatching(/asks for entry 9, but the list has 1 \(0 to 0: counted from 0\)/),
      }),
    ]);
    // An entry without the optional key looks up nothing, as Handlebars' own lookup did.
    const optional = '{{#each timeline}}[{{#with (lookup ../sources source)}}{{url}}{{/with}}]{{/each}}';
    const twoEntries = {
      ...context,
      timeline: [
        { date: '2019-07-17', event: 'sentenced', source: 'ituc' },
        { date: '2019-08-01', event: 'appeal' },
      ],
      sources: { ituc: { url: 'https://www.ituc-csi.org/' } },
    };
    expect(renderBody(optional, twoEntries, 'en', caseFile(optional), ['body'])).toBe('[https\\://www\\.ituc\\-csi\\.org/][]');
    // A field left out of a group is an optional one: nothing, as before.
    const title = '{{#each sources}}{{#if (lookup this "title")}}{{title}}{{else}}{{url}}{{/if}}{{/each}}';
    expect(renderBody(title, { ...context, sources: { ituc: { url: 'https://www.ituc-csi.org/' } } }, 'en', caseFile(title), ['body'])).toBe(
      'https\\://www\\.ituc\\-csi\\.org/',
    );
  });
});

describe('helper guards at run time', () => {
  // Templates compiled here skip the static check, as a template the check missed would.
  const run = (text: string) => hb.compile(text)(context, { ...RUNTIME_OPTIONS, data: { language: 'en' } });

  it.each([
    ['{{date}}', /needs one date/],
    ['{{date person}}', /not a group of fields/],
    ['{{upper person}}', /needs a text/],
    ['{{capitalize people}}', /needs a text/],
    ['{{upper}}', /needs one text/],
    ['{{list title}}', /needs a list/],
    ['{{list people}}', /needs a text/],
    ['{{pronoun}}', /needs a person/],
    ['{{pronoun person "genitive"}}', /form must be one of/],
    ['{{shout title}}', /unknown helper `shout`/],
    ['{{log title}}', /`log` cannot be used/],
  ])('%s throws a located error in words', (text, message) => {
    let caught: unknown;
    try {
      run(`Line one\n  ${text}`);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TemplateUseError);
    expect((caught as TemplateUseError).message).toMatch(message);
    expect((caught as TemplateUseError).message).not.toMatch(/\[object Object\]|"data":|lookupProperty/);
    expect((caught as TemplateUseError).loc?.start).toEqual({ line: 2, column: 2 });
  });

  it('never writes to the terminal', () => {
    const out = vi.spyOn(process.stdout, 'write');
    const log = vi.spyOn(console, 'log');
    const error = vi.spyOn(console, 'error');
    hb.log(3, 'x');
    expect(() => run('{{#each people}}{{log this level="error"}}{{/each}}')).toThrow(TemplateUseError);
    expect(out).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });
});

describe('bodyProblems places each problem in the case file, whatever the YAML style of the body', () => {
  const at = (yaml: string) => {
    const read = parseYaml('case.yaml', `id: x\n${yaml}\n`);
    if (!read.ok) throw new Error('fixture does not parse');
    const body = read.source.data.body as string;
    return bodyProblems(body, read.source, ['body']).map((p) => `${p.line}:${p.column ?? '-'}`);
  };

  it.each([
    ['literal block', 'body: |\n  On {{date}},\n\n    free {{upper person}}.', ['3:6', '5:18']],
    ['folded block', 'body: >\n  On {{date}},\n\n  free {{upper person}}.', ['3:6', '5:16']],
    ['plain over two lines', 'body: On {{date}},\n  free {{upper person}}.', ['2:10', '3:16']],
    ['single-quoted with a quote', "body: 'It''s {{date}},\n  free {{upper person}}.'", ['2:14', '3:16']],
    ['double-quoted', 'body: "On {{date}}, free {{upper person}}."', ['2:11', '2:34']],
    // After an escape sequence the column is not known: the line is given, and the place in words.
    ['double-quoted with an escape', 'body: "On \\u00e9 {{date}}."', ['2:-']],
  ])('%s', (_style, yaml, expected) => {
    expect(at(yaml)).toEqual(expected);
  });
});

describe('renderBody of a body whose loops multiply', () => {
  // `{{#each}}` inside `{{#each}}` over a 20-entry timeline, five deep, is 3.2 million repeats: validate
  // said "ok", and generate and preview ran out of memory after a minute (a V8 crash with its stack).
  const timeline = Array.from({ length: 20 }, (_, i) => ({ date: '2019-07-17', event: `event ${i}` }));
  const deep = (depth: number, inner = '{{event}} ') => {
    let body = inner;
    for (let d = depth; d >= 1; d--) body = `{{#each ${'../'.repeat(d - 1)}timeline}}${body}{{/each}}`;
    return `Intro.\n${body}`;
  };

  it('stops at 100,000 repeats, at the place of the loop', () => {
    const body = deep(4, '');
    const problems = problemsOf(() => renderBody(body, { ...context, timeline }, 'en', caseFile(body), ['body']));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/repeats? .*more than 100,000 times/);
    expect(problems[0]!.line).toBe(4);
  });

  it('stops at 1 MB of text written by loops', () => {
    const long = 'x'.repeat(100_000);
    const body = 'Intro.\n{{#each timeline}}{{../title}}{{/each}}';
    const problems = problemsOf(() => renderBody(body, { ...context, title: long, timeline }, 'en', caseFile(body), ['body']));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/more than 1 MB of text/);
  });

  // Written by plain values, not a loop, the limit was told "…shorten the values they repeat.." (two stops).
  it('stops at 1 MB of text written by values alone, in one sentence', () => {
    const long = 'x'.repeat(100_000);
    const body = `Intro.\n${'{{title}} '.repeat(20)}`;
    const problems = problemsOf(() => renderBody(body, { ...context, title: long, timeline }, 'en', caseFile(body), ['body']));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/more than 1 MB of text: .*shorten the values they repeat\.$/);
  });

  // Every unknown field of the body was a problem, each placed by scanning the value from its start:
  // 150,000 `{{a}}` (a file of 900 KB) kept `letters validate` busy for minutes, printing thousands.
  // A body now has at most 2,000 expressions, so at most 2,000 such problems.
  it('lists the first 200 problems of a body and counts the rest, placing only those it lists', () => {
    const body = Array.from({ length: 2_000 }, () => '{{a}}').join(' ');
    const start = performance.now();
    const problems = problemsOf(() => renderBody(body, context, 'en', caseFile(body), ['body']));
    expect(performance.now() - start).toBeLessThan(3_000);
    expect(problems).toHaveLength(201);
    expect(problems[199]!.message).toMatch(/^unknown field `a`/);
    expect(problems[200]!.message).toBe('1800 more problems in the body are not shown: fix these first, then check the file again.');
  });

  it('refuses a body of 30,000 expressions at the one past 2,000, at its line and column in the case file', () => {
    const body = `Intro\n${'{{sender.name}}\n'.repeat(30_000)}`;
    const problems = problemsOf(() => renderBody(body, context, 'en', caseFile(body), ['body']));
    // The body starts on line 3 of the file, indented by two spaces.
    expect(problems).toEqual([
      expect.objectContaining({ line: 2 + 2 + 2000, column: 3, message: expect.stringMatching(/^more than 2,000 Handlebars expressions/) }),
    ]);
  });

  it('fills in loops of a real letter', () => {
    const body = deep(2);
    expect(renderBody(body, { ...context, timeline }, 'en', caseFile(body), ['body']).split('event').length).toBe(401);
  });
});
