import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Problem, ValidationError } from '../../src/errors.js';
import { caseLanguage, loadCase, loadCaseContent } from '../../src/pipeline/load-case.js';
import { MAX_PROBLEMS } from '../../src/input/validate-data.js';
import { composeLetter } from '../../src/compose/compose-letter.js';
import { planCaseLetters } from '../../src/plan/plan-case-letters.js';
import { batchWorkspace } from '../batch/helpers.js';
import { sampleWorkspace } from '../helpers/run-cli.js';

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`no ${from} in ${file}`);
  writeFileSync(file, text.replace(from, to));
}

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (err) {
    if (err instanceof ValidationError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

describe('loadCaseContent', () => {
  it('loads a case whose own sender is broken and whose recipient is unknown, which loadCase refuses', () => {
    const ws = batchWorkspace();
    const file = join(ws, 'cases', 'case-one.yaml');
    edit(file, 'sender: good-en', 'sender: broken-signature');
    edit(file, '  - official: official-a', '  - official: nobody');
    const kase = loadCaseContent(file);
    expect(kase.data.id).toBe('case-one');
    expect(kase.language).toBe('en');
    expect(problemsOf(() => loadCase(file))).toEqual([
      expect.stringMatching(/^recipients\[0\]\.official: unknown official `nobody`/),
      expect.stringMatching(/^signatories\[0\]\.signature: signature image `signatures\/truncated\.png`/),
    ]);
  });

  it("still refuses the case file's own problems: a citation of an unknown source", () => {
    const ws = batchWorkspace();
    const file = join(ws, 'cases', 'case-one.yaml');
    edit(file, '{{date timeline.0.date}}[^report].\n  fr', '{{date timeline.0.date}}[^repotr].\n  fr');
    expect(problemsOf(() => loadCaseContent(file))).toEqual([expect.stringMatching(/^body\.en: the body cites \[\^repotr\]/)]);
  });
});

describe('caseLanguage', () => {
  it("is the letter's language, else the own sender's, read from its YAML when the sender is broken, else en", () => {
    const ws = batchWorkspace();
    expect(caseLanguage({ language: 'es', sender: 'good-fr' }, ws)).toBe('es');
    expect(caseLanguage({ sender: 'good-fr' }, ws)).toBe('fr');
    // Broken (a truncated signature image), but its language can still be read.
    edit(join(ws, 'senders', 'broken-signature.yaml'), 'language: en', 'language: fr');
    expect(caseLanguage({ sender: 'broken-signature' }, ws)).toBe('fr');
    writeFileSync(join(ws, 'senders', 'unreadable.yaml'), 'id: [unclosed\n');
    expect(caseLanguage({ sender: 'unreadable' }, ws)).toBe('en');
    rmSync(join(ws, 'senders', 'good-en.yaml'));
    expect(caseLanguage({ sender: 'good-en' }, ws)).toBe('en');
    expect(caseLanguage({}, ws)).toBe('en');
  });
});

describe('a citation whose id the body fills in', () => {
  /** The sample case with its English body replaced, in a copy of the sample workspace. */
  function withBody(body: string): string {
    const file = join(sampleWorkspace(), 'cases', 'erlan-baltabay.yaml');
    const text = readFileSync(file, 'utf8');
    const start = text.indexOf('body:\n');
    const end = text.indexOf('\nletter:\n');
    writeFileSync(file, `${text.slice(0, start)}body: ${JSON.stringify(body)}${text.slice(end)}`);
    return file;
  }

  // `[^{{source}}]` over the timeline, as the built-in default body cites: the id is known only once
  // the body is filled in, so it is checked then, not refused as a source named "{{source}}".
  it('is taken by validate and cites the timeline entry’s source in the letter', () => {
    const file = withBody('{{#each timeline}}{{#if source}}On {{date date}}, he was {{event}}[^{{source}}].\n\n{{/if}}{{/each}}');
    expect(problemsOf(() => loadCase(file))).toEqual([]);
    const doc = composeLetter(planCaseLetters(loadCase(file))[0]!);
    expect(doc.footnotes.map((f) => f.url)).toEqual([
      'https://www.ituc-csi.org/Kazakhstan-repression-deepens-2019',
      'https://www.ituc-csi.org/kazakhstan-union-leader-erlan',
    ]);
  });

  it('that names no source is refused when the letter is filled in, naming the id', () => {
    const file = withBody('On {{date timeline.0.date}}[^{{case.id}}].');
    expect(problemsOf(() => loadCase(file))).toEqual([]);
    expect(problemsOf(() => composeLetter(planCaseLetters(loadCase(file))[0]!))).toEqual([
      expect.stringMatching(/^body: the body cites \[\^\{\{case\.id\}\}\], filled in as \[\^erlan-baltabay\], which is not among the case's sources/),
    ]);
  });

  it('in a loop is reported at the citation in the loop', () => {
    // Each entry cites its source, then a person their pronoun, which names no source.
    const body = 'Facts: {{#each timeline}}{{#if source}}{{event}}[^{{source}}]. {{/if}}{{/each}}{{#each people}}{{name}}[^{{this.pronoun}}].{{/each}}';
    const file = withBody(body);
    const line =
      readFileSync(file, 'utf8')
        .split('\n')
        .findIndex((l) => l.startsWith('body: ')) + 1;
    let problems: Problem[] = [];
    try {
      composeLetter(planCaseLetters(loadCase(file))[0]!);
    } catch (err) {
      problems = (err as ValidationError).problems;
    }
    expect(problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      `${line}:${'body: "'.length + body.indexOf('[^{{this.pronoun') + 1} body: the body cites [^{{this.pronoun}}], filled in as [^he], which is not among the case's sources (ituc-repression-2019, ituc-jailed-again): cite one of them, or add \`he\` under \`sources:\`.`,
    ]);
  });

  // It was reported at the case's `sources:` key, far from the citation that went wrong.
  it('that names no source is reported at the citation in the body, naming the id and the ids there are', () => {
    // Two citations filled in: the second is the one that names no source.
    const body = 'On {{date timeline.0.date}} he was jailed[^{{timeline.0.source}}], again[^{{case.id}}].';
    const file = withBody(body);
    const lines = readFileSync(file, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.startsWith('body: ')) + 1;
    let problems: Problem[] = [];
    try {
      composeLetter(planCaseLetters(loadCase(file))[0]!);
    } catch (err) {
      problems = (err as ValidationError).problems;
    }
    expect(problems).toHaveLength(1);
    const column = 'body: "'.length + JSON.stringify(body).indexOf('[^{{case.id}}]');
    expect(problems[0]).toMatchObject({ file, line, column, path: 'body' });
    expect(problems[0]!.message).toBe(
      "the body cites [^{{case.id}}], filled in as [^erlan-baltabay], which is not among the case's sources (ituc-repression-2019, ituc-jailed-again): cite one of them, or add `erlan-baltabay` under `sources:`.",
    );
  });
});

describe('a body of hostile citations', () => {
  /** The sample case with its body replaced. */
  const withBody = (body: string): string => {
    const file = join(sampleWorkspace(), 'cases', 'erlan-baltabay.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, `${text.slice(0, text.indexOf('body:\n'))}body: ${JSON.stringify(body)}${text.slice(text.indexOf('\nletter:\n'))}`);
    return file;
  };

  // Each citation of an unknown source was placed by reading the body from its start, and all were
  // listed: 80,000 `[^nope]` kept `letters validate` busy for more than two minutes.
  it('lists the first 200 citations of an unknown source and counts the rest', () => {
    const file = withBody('T[^nope] '.repeat(80_000));
    const started = performance.now();
    const problems = problemsOf(() => loadCase(file)).filter((p) => p.startsWith('body'));
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(problems).toHaveLength(201);
    expect(problems[0]).toMatch(/^body: the body cites \[\^nope\], which is not under `sources:`/);
    expect(problems[200]).toBe('body: 79800 more problems in the body are not shown: fix these first, then check the file again.');
  });

  // A citation inside an HTML comment is not in the letter (markdown-to-blocks.ts): it is not refused for
  // naming no source.
  it('reads no citation inside an HTML comment', () => {
    const file = withBody('Jailed[^ituc-jailed-again]. <!-- add [^ituc-repression-2019] and [^tbd] -->');
    expect(problemsOf(() => loadCase(file))).toEqual([]);
    // Outside a comment, the same citation is refused.
    expect(problemsOf(() => loadCase(withBody('Jailed[^ituc-jailed-again]. Add [^tbd].')))).toHaveLength(1);
  });

  // Each `[^` was tried as a citation whose id ran to the end of the text: 300,000 of them, a
  // paragraph of 600 KB, did not finish.
  it('reads 300,000 `[^` in one paragraph as text, quickly', () => {
    const file = withBody(`${'[^'.repeat(300_000)} [^ituc-jailed-again] and [^ituc-repression-2019]`);
    const started = performance.now();
    const [spec] = planCaseLetters(loadCase(file));
    const letter = composeLetter(spec!);
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(letter.footnotes).toHaveLength(2);
  });
});

// A case of 1 MB may list 50,000 recipients: 20,000 of an unknown official, or of one official
// (each a letter id used twice), were each listed by `validate` and `generate`, 20,000 lines.
describe('a case with thousands of reference problems', () => {
  it.each([
    ['unknown officials', (k: number) => `  - official: x${k}\n`, /^recipients\[0\]\.official: unknown official `x0`/],
    ['one official again and again', () => '  - official: official-a\n', /^recipients\[1\]\.id: recipient id `official-a` is also used by recipients\[0\]/],
  ])('%s: the first MAX_PROBLEMS are listed, the rest counted', (_, entry, first) => {
    const ws = batchWorkspace();
    const file = join(ws, 'cases', 'case-one.yaml');
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf('\nrecipients:');
    writeFileSync(file, `${text.slice(0, at)}\nrecipients:\n${Array.from({ length: 2_000 }, (_, k) => entry(k)).join('')}`);
    let problems: Problem[] = [];
    try {
      loadCase(file);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      problems = err.problems.filter((p) => p.file === file);
    }
    expect(problems).toHaveLength(MAX_PROBLEMS + 1);
    expect(`${problems[0]!.path}: ${problems[0]!.message}`).toMatch(first);
    expect(problems.at(-1)!.message).toMatch(/^\d+ more problems in this file are not shown: fix these first, then check the file again\.$/);
  });
});

// The timeline lists facts oldest first (docs/formats.md), and the default body tells them in its order:
// an entry dated before the one above it passed validate, and the letter told the facts out of order.
describe('a timeline out of order', () => {
  it('gets a warning at each entry dated before one above it, with the fix; the case still loads', () => {
    const ws = sampleWorkspace();
    const file = join(ws, 'cases', 'erlan-baltabay.yaml');
    edit(file, '  - date: 2019-10-16', '  - date: 2019-06-16');
    const kase = loadCase(file);
    expect(kase.warnings.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      '32:11 timeline[2].date: 2019-06-16 is before the date of timeline[1] above it, 2019-08-09: the timeline lists facts oldest first, and letters tell them in its order. Move this entry up, or correct its date.',
    ]);
  });

  it('gets none when dates are in order or equal', () => {
    const ws = sampleWorkspace();
    const file = join(ws, 'cases', 'erlan-baltabay.yaml');
    edit(file, '  - date: 2019-10-16', '  - date: 2019-08-09');
    expect(loadCase(file).warnings).toEqual([]);
  });
});

// Found by fuzzing: a directory file that cannot be read (empty, over 1 MiB, a syntax error) gave its
// own problem and then, for every recipient, "unknown official `kz-president`: not in …/officials.yaml;
// none exist yet", sending the user to a case with nothing wrong in it.
describe('loadCase with a directory file that cannot be read', () => {
  it('reports the directory file, not each official and embassy it would have held', () => {
    const ws = sampleWorkspace();
    const file = join(ws, 'cases', 'baltabay-de.yaml');
    writeFileSync(join(ws, 'directory', 'officials.yaml'), '');
    writeFileSync(join(ws, 'directory', 'embassies.yaml'), 'embassies: [\n');
    const problems = problemsOf(() => loadCase(file));
    expect(problems).toHaveLength(2);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^: the file is empty/), expect.stringMatching(/^: YAML syntax error/)]));
  });
});
