import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../src/compose/load-template.js';
import { formatProblem, LocatedError, UserError, ValidationError, type Problem } from '../../src/errors.js';
import { tempDir } from '../helpers/run-cli.js';

/** A workspace with templates/<name>/en.hbs and the given partials. */
function workspace(name: string, body: string, partials: Record<string, string>): string {
  const ws = tempDir('letters-template-');
  mkdirSync(join(ws, 'templates', name, 'partials'), { recursive: true });
  writeFileSync(join(ws, 'templates', name, 'en.hbs'), `::salutation {{salutation}}\n::body\n${body}\n::closing {{closing}}\n`);
  for (const [file, text] of Object.entries(partials)) writeFileSync(join(ws, 'templates', name, 'partials', `${file}.hbs`), text);
  return ws;
}

function messageOf(work: () => unknown): string {
  try {
    work();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as Error).message;
  }
  throw new Error('expected a UserError');
}

/** The problems of the ValidationError `work` throws (none when it throws nothing). */
function problemsOf(work: () => unknown): Problem[] {
  try {
    work();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).problems;
  }
  return [];
}

describe('loadTemplate and partials', () => {
  // Both were found only when a letter was filled in, as "could not be filled in: check the helpers
  // and fields it uses", naming neither the partial nor what to do.
  it('names a partial that is not there, and where it would be', () => {
    const ws = workspace('missing', 'Hello.\n{{> nothere}}', {});
    const message = messageOf(() => loadTemplate(ws, 'missing', 'en'));
    expect(message).toContain(`${join(ws, 'templates', 'missing', 'en.hbs')}:4:1: the \`::body\` part includes the partial \`nothere\``);
    expect(message).toMatch(/no .*partials\/nothere\.hbs: add it/);
  });

  it('names a partial that includes itself, through the partials that lead back to it', () => {
    const ws = workspace('loop', '{{> a}}', { a: 'A {{> b}}', b: 'B {{#if x}}{{> a}}{{/if}}' });
    const message = messageOf(() => loadTemplate(ws, 'loop', 'en'));
    expect(message).toMatch(/partial `a` includes itself: a → b → a/);
    expect(message).toContain(join('partials', 'b.hbs'));
  });

  // It had neither line nor column: it now points at the `{{>` that closes the loop, as a missing partial does.
  it('reports a partial that includes itself at the `{{>` that closes the loop', () => {
    const ws = workspace('loop', '{{> a}}', { a: 'A {{> b}}', b: 'B\n  {{#if x}}{{> a}}{{/if}}' });
    expect(messageOf(() => loadTemplate(ws, 'loop', 'en'))).toMatch(
      new RegExp(`^${join(ws, 'templates', 'loop', 'partials', 'b.hbs')}:2:12: the partial \`a\` includes itself: a → b → a`),
    );
    const self = workspace('self', 'Hi.\n{{> me}}', { me: 'Me\n\nand {{> me}}' });
    expect(messageOf(() => loadTemplate(self, 'self', 'en'))).toMatch(
      new RegExp(`^${join(self, 'templates', 'self', 'partials', 'me.hbs')}:3:5: the partial \`me\` includes itself: me → me`),
    );
  });

  // A zero-width space pasted into a partial's name was quoted as it is: "includes the partial
  // `header`, but there is no …/header.hbs", of a folder that has it.
  it('names the invisible characters of a partial that is not there', () => {
    const ws = workspace('invisible', 'Hello.\n{{> header\u200b}}', { header: 'Head' });
    expect(messageOf(() => loadTemplate(ws, 'invisible', 'en'))).toContain(
      `includes the partial \`header\\u200b\` (it holds the invisible character U+200B (ZERO WIDTH SPACE)), but there is no ${join(ws, 'templates', 'invisible', 'partials', 'header\\u200b.hbs')}`,
    );
  });

  it('names a partial missing from inside another partial, and a partial that does not parse, at their lines', () => {
    const nested = workspace('nested', '{{> a}}', { a: 'A\n{{> gone}}' });
    expect(messageOf(() => loadTemplate(nested, 'nested', 'en'))).toContain(
      `${join(nested, 'templates', 'nested', 'partials', 'a.hbs')}:2:1: the partial \`a\` includes the partial \`gone\``,
    );
    const broken = workspace('broken', '{{> a}}', { a: 'A\n{{#if x}' });
    expect(messageOf(() => loadTemplate(broken, 'broken', 'en'))).toMatch(new RegExp(`^${join(broken, 'templates', 'broken', 'partials', 'a.hbs')}:2:\\d+: `));
  });

  // A template of 200,000 lines with an emoji each ended in an internal error (the problems spread
  // into one call's arguments overflowed the stack), and would have printed 200,000 errors.
  it('lists the first 200 unprintable lines of a template and counts the rest', () => {
    const ws = workspace('emoji', '😀\n'.repeat(200_000), {});
    const problems = problemsOf(() => loadTemplate(ws, 'emoji', 'en'));
    expect(problems).toHaveLength(201);
    expect(problems[0]!.line).toBe(3);
    expect(problems[200]!.message).toBe('199800 more problems in this file are not shown: fix these first, then check the file again.');
  });

  // Such characters were drawn as empty boxes, with no error, where the same ones in a case are refused.
  it("refuses a template's own words that no embedded font draws, in its parts, quoted texts and included partials, all at once", () => {
    const ws = workspace('glyphs', '', { a: 'them\n\nand සුනිල් පෙරේරා.', unused: '🙂 never included', broken: '{{#if x}' });
    const file = join(ws, 'templates', 'glyphs', 'en.hbs');
    writeFileSync(
      file,
      `::salutation {{salutation}} ☭ 😀\n::body\n{{! 🙂 a comment }}Dear friends A 😀 🙂,\nwe stand with {{> a}} and {{upper "සුනි"}}\n::closing {{closing}}\n`,
    );
    const problems = problemsOf(() => loadTemplate(ws, 'glyphs', 'en'));
    expect(problems.map(formatProblem)).toEqual([
      `${file}:1:29: error: characters \`☭\` (U+262D), \`😀\` (U+1F600) are in no embedded font, so the letter cannot print them: replace or remove them.`,
      `${file}:3:35: error: characters \`😀\` (U+1F600), \`🙂\` (U+1F642) are in no embedded font, so the letter cannot print them: replace or remove them.`,
      `${file}:4:36: error: characters \`ස\` (U+0DC3), \`ු\` (U+0DD4), \`න\` (U+0DB1), \`ි\` (U+0DD2) are in no embedded font, so the letter cannot print them: replace or remove them.`,
      `${join(ws, 'templates', 'glyphs', 'partials', 'a.hbs')}:3:5: error: characters \`ස\` (U+0DC3), \`ු\` (U+0DD4), \`න\` (U+0DB1), \`ි\` (U+0DD2), \`ල\` (U+0DBD), \`්\` (U+0DCA), \`ප\` (U+0DB4), \`ෙ\` (U+0DD9), \`ර\` (U+0DBB), \`ේ\` (U+0DDA), \`ා\` (U+0DCF) are in no embedded font, so the letter cannot print them: replace or remove them.`,
    ]);
  });

  it('compiles partials that are there, and one that falls back on its block', () => {
    const ws = workspace('fine', '{{> a}} {{#> absent}}fallback{{/absent}}', { a: 'A {{> b}}', b: 'B' });
    expect(loadTemplate(ws, 'fine', 'en').sections.map((s) => s.name)).toEqual(['salutation', 'body', 'closing']);
  });
});

describe('loadTemplate: where a syntax error is', () => {
  /** The file:line:column a template's syntax error is reported at. */
  function whereRefused(text: string): string {
    const ws = tempDir('letters-template-');
    mkdirSync(join(ws, 'templates', 'where'), { recursive: true });
    const file = join(ws, 'templates', 'where', 'en.hbs');
    writeFileSync(file, text);
    const message = messageOf(() => loadTemplate(ws, 'where', 'en'));
    expect(message.startsWith(`${file}:`)).toBe(true);
    return /^:(\d+:\d+): /.exec(message.slice(file.length))?.[1] ?? message;
  }

  // The column was counted from the start of the part's text, not of the line: an error on a part's
  // `::name` line was placed some columns too far left, and Handlebars' own parse errors always at column 1.
  it('points at the offending character on the first line of the file, after the `::name`', () => {
    expect(whereRefused('::salutation {{#if salutation}}Dear\n::body\nText.\n')).toBe('1:14');
    expect(whereRefused('::salutation {{salutation bar=}}\n::body\nText.\n')).toBe('1:31');
  });

  it('points at it on the first line of a later part, after tabs and multi-byte characters', () => {
    expect(whereRefused('::salutation {{salutation}}\n::closing\t\tTrès « {{closing\n')).toBe('2:19');
    expect(whereRefused('::salutation {{salutation}}\n::closing Très\t{{closing )}}\n')).toBe('2:26');
  });

  it('points at it on the line right after `::body`, and further down', () => {
    expect(whereRefused('::salutation {{salutation}}\n::body\n\tÉté {{upper )}}\n')).toBe('3:14');
    expect(whereRefused('::salutation {{salutation}}\n::body\nText.\n\n  ünd {{#each people}}x\n')).toBe('5:7');
    expect(whereRefused('{{!-- a comment --}}\n::salutation {{salutation}}\n::body\nA {{else}} b\n')).toBe('4:3');
  });
});

// Language codes are case-insensitive, and a file system may or may not be: `fr-be.hbs` was found for a
// letter in `fr-BE` on macOS and Windows, and passed over for `fr.hbs` on Linux.
describe('loadTemplate of a language with a region', () => {
  it('finds the language file whatever the case of its name, before the base language', () => {
    const ws = workspace('regional', 'Hello.', {});
    const dir = join(ws, 'templates', 'regional');
    writeFileSync(join(dir, 'fr.hbs'), '::salutation {{salutation}}\n::body\nBonjour.\n::closing {{closing}}\n');
    writeFileSync(join(dir, 'fr-be.hbs'), '::salutation {{salutation}}\n::body\nBonjour de Bruxelles.\n::closing {{closing}}\n');
    expect(loadTemplate(ws, 'regional', 'fr-BE').file).toBe(join(dir, 'fr-be.hbs'));
    expect(loadTemplate(ws, 'regional', 'fr-CA').file).toBe(join(dir, 'fr.hbs'));
    expect(loadTemplate(ws, 'regional', 'EN').file).toBe(join(dir, 'en.hbs'));
  });
});

// Found by fuzzing: `{{lookup timeline 3}}` in a partial, for a case of two timeline entries, stopped the
// letter with "…/ru.hbs: the `::body` part could not be filled in, line 16 of the part": line 16 of
// the partial, told as a line of the template.
describe('a part that cannot be filled in', () => {
  const placeOf = (ws: string, name: string) => {
    const body = loadTemplate(ws, name, 'en').sections.find((s) => s.name === 'body')!;
    try {
      body.render!({ recipient: { names: ['A', 'B'] } }, 'en');
    } catch (err) {
      expect(err).toBeInstanceOf(LocatedError);
      const p = (err as LocatedError).problem;
      return `${p.file}:${p.line}:${p.column}: ${p.message}`;
    }
    throw new Error('expected a LocatedError');
  };

  it('is told at its line and column in the partial that holds it', () => {
    const ws = workspace('fill', 'Dear,\n{{> facts}}\n\n  {{lookup recipient.names 5}}', { facts: 'Facts:\n\n  {{lookup recipient.names 7}}\n' });
    expect(placeOf(ws, 'fill')).toMatch(
      new RegExp(
        `^${join(ws, 'templates', 'fill', 'partials', 'facts.hbs')}:3:3: the \`::body\` part could not be filled in: \\{\\{lookup \\.\\.\\.\\}\\} asks for entry 7`,
      ),
    );
  });

  it('is told at its line and column in the template file', () => {
    const ws = workspace('own', 'Dear,\n{{> facts}}\n\n  {{lookup recipient.names 5}}', { facts: 'Facts.\n' });
    expect(placeOf(ws, 'own')).toMatch(
      new RegExp(`^${join(ws, 'templates', 'own', 'en.hbs')}:6:3: the \`::body\` part could not be filled in: \\{\\{lookup \\.\\.\\.\\}\\} asks for entry 5`),
    );
  });
});
