// `letters validate` of a template file: a cover note (email.<lang>.hbs) is held to the checks of a
// letter template's parts, each problem at its file, line and column.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateFileProblems } from '../../src/compose/template-file-problems.js';
import { formatProblem } from '../../src/errors.js';
import { tempDir } from '../helpers/run-cli.js';

/** A workspace with templates/mail/ holding the given files (relative to it). */
function folder(files: Record<string, string>): string {
  const ws = tempDir('letters-template-file-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(ws, 'templates', 'mail', name, '..'), { recursive: true });
    writeFileSync(join(ws, 'templates', 'mail', name), text);
  }
  return join(ws, 'templates', 'mail');
}

const listed = (file: string) => templateFileProblems(file).map(formatProblem);

describe('templateFileProblems of an e-mail cover note', () => {
  it('passes the built-in cover notes', () => {
    const dir = join(import.meta.dirname, '..', '..', 'templates', 'appeal');
    for (const lang of ['en', 'fr', 'es', 'de', 'ru', 'pt']) expect(listed(join(dir, `email.${lang}.hbs`))).toEqual([]);
  });

  it('lists every unknown helper and every word no embedded font draws, each at its line and column', () => {
    const dir = folder({
      'email.en.hbs': '::subject {{case.title}} 🙂\n::body\n\tDéar {{shout sender.name}} and {{upper "සුනි"}},\n{{#each (names people)}}x{{/each}}\n',
    });
    const file = join(dir, 'email.en.hbs');
    expect(listed(file)).toEqual([
      `${file}:1:26: error: character \`🙂\` (U+1F642) is in no embedded font, so the letter cannot print it: replace or remove it.`,
      expect.stringMatching(new RegExp(`^${file}:3:7: error: unknown helper \`shout\`: the helpers a template may use are capitalize, date, each, `)),
      expect.stringMatching(new RegExp(`^${file}:4:9: error: unknown helper \`names\``)),
      `${file}:3:42: error: characters \`ස\` (U+0DC3), \`ු\` (U+0DD4), \`න\` (U+0DB1), \`ි\` (U+0DD2) are in no embedded font, so the letter cannot print them: replace or remove them.`,
    ]);
  });

  it('reports a syntax error at its line and column, on the `::subject` line too', () => {
    const dir = folder({ 'email.en.hbs': '::subject  {{case.title bar=}}\n::body\nHello.\n' });
    expect(listed(join(dir, 'email.en.hbs'))).toEqual([
      expect.stringMatching(new RegExp(`^${join(dir, 'email.en.hbs')}:1:29: error: this part of the body cannot be read`)),
    ]);
    const unclosed = folder({ 'email.en.hbs': '::subject x\n::body\nHello,\n  é {{#if embassy}}via {{embassy}}\n' });
    expect(listed(join(unclosed, 'email.en.hbs'))).toEqual([
      `${join(unclosed, 'email.en.hbs')}:4:5: error: \`{{#if embassy}}\` is never closed: add {{/if}} where the block ends.`,
    ]);
  });

  it("names a partial that is not there, and checks the folder's partials a cover note includes", () => {
    const missing = folder({ 'email.en.hbs': '::subject x\n::body\nHello,\n{{> signoff}}\n', 'partials/greeting.hbs': 'Hi' });
    expect(listed(join(missing, 'email.en.hbs'))).toEqual([
      `${join(missing, 'email.en.hbs')}:4:1: error: the \`::body\` part includes the partial \`signoff\`, but there is no ${join(missing, 'partials', 'signoff.hbs')}: add it, or correct the name (partials: greeting).`,
    ]);
    const there = folder({ 'email.en.hbs': '::subject x\n::body\nHello,\n{{> signoff}}\n', 'partials/en/signoff.hbs': 'Yours,\n{{nope 1}} 😀\n' });
    const partial = join(there, 'partials', 'en', 'signoff.hbs');
    expect(listed(join(there, 'email.en.hbs'))).toEqual([
      expect.stringMatching(new RegExp(`^${partial}:2:1: error: unknown helper \`nope\``)),
      `${partial}:2:12: error: character \`😀\` (U+1F600) is in no embedded font, so the letter cannot print it: replace or remove it.`,
    ]);
    // Validating the partial checks the templates of its folder, which include it.
    expect(listed(partial)).toHaveLength(2);
  });

  it('refuses a cover note without its two parts, or with another part', () => {
    const dir = folder({ 'email.en.hbs': '::subject x\n::salutation Dear\n' });
    expect(listed(join(dir, 'email.en.hbs'))).toEqual([
      `${join(dir, 'email.en.hbs')}:2:1: error: an e-mail template has exactly two parts, each on its own line: \`::subject ...\` and \`::body\` followed by the cover note.`,
    ]);
  });
});

describe('templateFileProblems of a letter template', () => {
  it('lists its problems as loading it for a letter finds them', () => {
    const dir = folder({ 'en.hbs': '::salutation {{salutation}}\n::body\n{{shout x}} ☭\n::closing {{closing}}\n' });
    const file = join(dir, 'en.hbs');
    expect(listed(file)).toEqual([
      expect.stringMatching(new RegExp(`^${file}:3:1: error: unknown helper \`shout\``)),
      expect.stringMatching(new RegExp(`^${file}:3:9: error: unknown field \`x\` in \`\\{\\{x\\}\\}\`: the template has body, case, `)),
      `${file}:3:13: error: character \`☭\` (U+262D) is in no embedded font, so the letter cannot print it: replace or remove it.`,
    ]);
    // The file's path once, at its first line: it was "en.hbs: error: /abs/…/en.hbs: a template needs parts".
    writeFileSync(file, 'Dear {{salutation}}\n');
    expect(listed(file)).toEqual([`${file}:1:1: error: a template needs parts, each starting with a line such as \`::salutation {{salutation}}\`.`]);
    writeFileSync(file, '::salutation {{salutation}}\n::closing {{#if closing}}x\n');
    expect(listed(file)).toEqual([`${file}:2:11: error: \`{{#if closing}}\` is never closed: add {{/if}} where the block ends.`]);
  });
});

describe('templateFileProblems of a helper misused', () => {
  // Found by fuzzing: `validate` passed these, then `generate --eml` ended in "internal error: {{pronoun
  // ...}} needs a person" and a letter template's in "the `::subject` part could not be filled in, line 1
  // of the part", with no column and no line in the file.
  it('reports a helper given the wrong values, `log` and a reach into internals, at the line and column in the file', () => {
    const dir = folder({
      'email.en.hbs': '::subject {{date}}\n::body\nHello {{pronoun "xx"}},\n{{log "x"}}\n',
      'en.hbs': '::salutation {{upper}}\n::body\n{{lookup this "constructor"}} {{{body}}}\n{{> sign-off}}\n::closing {{closing}}\n',
      'partials/sign-off.hbs': '{{#each people}}{{@index}} {{date ../letter.date}}{{/each}} {{elide "de"}}\n',
    });
    const email = join(dir, 'email.en.hbs');
    expect(listed(email)).toEqual([
      `${email}:1:11: error: {{date}} needs 1 value and was given nothing: write {{date letter.date}}.`,
      `${email}:3:17: error: {{pronoun ...}} needs a person, but \`"xx"\` is a text: write {{pronoun person}} or, in {{#each people}}, {{pronoun this}}.`,
      `${email}:4:1: error: \`log\` is Handlebars' own machinery and may not be used in a template: remove it.`,
    ]);
    const letter = join(dir, 'en.hbs');
    const partial = join(dir, 'partials', 'sign-off.hbs');
    expect(listed(letter)).toEqual([
      `${letter}:1:14: error: {{upper}} needs 1 value and was given nothing: write {{upper person.name}}.`,
      `${letter}:3:15: error: \`{{lookup ... "constructor"}}\` reaches into \`constructor\`, which is not letter data but JavaScript's inner workings: use a field of the case, such as {{person.name}}.`,
      `${partial}:1:61: error: {{elide}} needs 2 values and was given 1 value: write {{elide "de" person.name}}.`,
    ]);
  });

  it('reports a call of a path that is no helper, such as `{{constructor.constructor "x"}}`', () => {
    const dir = folder({ 'email.en.hbs': '::subject x\n::body\n{{constructor.constructor "return 1"}} {{@root.x "y"}} {{../up 1}}\n' });
    const email = join(dir, 'email.en.hbs');
    expect(listed(email)).toEqual([
      expect.stringMatching(new RegExp(`^${email}:3:1: error: unknown helper \`constructor.constructor\`: `)),
      expect.stringMatching(new RegExp(`^${email}:3:40: error: unknown helper \`@root.x\`: the helpers a template may use are `)),
      expect.stringMatching(new RegExp(`^${email}:3:56: error: unknown helper \`../up\`: `)),
    ]);
  });

  // Found by fuzzing: `{{upper people}}` in a template passed `validate`, then failed the first letter
  // with "the `::body` part could not be filled in, line 15 of the part", and `{{sender.nmae}}` printed nothing.
  it("checks a letter template's and a cover note's own text against the fields each is given", () => {
    const dir = folder({
      'en.hbs': '::salutation {{upper people}}\n::body\n{{#if body}}{{{body}}}{{/if}} {{sender.nmae}} {{#each timeline}}{{date date}}{{/each}}\n',
      'email.en.hbs': '::subject {{case.title}}\n::body\n{{upper signatories}} {{embassy}} {{attachment}} {{letter.date}}\n',
    });
    const letter = join(dir, 'en.hbs');
    expect(listed(letter)).toEqual([
      `${letter}:1:22: error: {{upper ...}} needs a text, but \`people\` is a list of people: give it a text such as person.name.`,
      expect.stringMatching(new RegExp(`^${letter}:3:33: error: unknown field \`nmae\` in \`\\{\\{sender.nmae\\}\\}\`: \`sender\` has id, name\\.$`)),
    ]);
    const email = join(dir, 'email.en.hbs');
    expect(listed(email)).toEqual([
      `${email}:3:9: error: {{upper ...}} needs a text, but \`signatories\` is a list of signatories: give it a text such as person.name.`,
      expect.stringMatching(
        new RegExp(
          `^${email}:3:52: error: unknown field \`letter\` in \`\\{\\{letter.date\\}\\}\`: the cover note has addressee, addressees, attachment, case, embassy, people, sender, signatories, subject\\.$`,
        ),
      ),
    ]);
  });

  it('passes the built-in templates, their cover notes and partials', () => {
    const dir = join(import.meta.dirname, '..', '..', 'templates', 'appeal');
    const files = ['en', 'fr', 'es', 'de', 'ru', 'pt'].flatMap((lang) => [join(dir, `${lang}.hbs`), join(dir, `email.${lang}.hbs`)]);
    for (const file of [...files, join(dir, 'partials', 'timeline.hbs'), join(dir, 'partials', 'demands.hbs')]) expect(listed(file)).toEqual([]);
  });
});

describe('templateFileProblems of a partial', () => {
  // A partial no template includes (yet) was checked by nothing: `validate` called it valid whatever it held.
  it('checks the partial itself, whether or not a template of its folder includes it', () => {
    const dir = folder({ 'en.hbs': '::salutation {{salutation}}\n::body\nHello.\n', 'partials/sign-off.hbs': 'Yours,\n{{#if x}}y\n' });
    const partial = join(dir, 'partials', 'sign-off.hbs');
    expect(listed(partial)).toEqual([`${partial}:2:1: error: \`{{#if x}}\` is never closed: add {{/if}} where the block ends.`]);
    writeFileSync(partial, 'Yours, {{shout x}}\n');
    expect(listed(partial)).toEqual([expect.stringMatching(new RegExp(`^${partial}:1:8: error: unknown helper \`shout\``))]);
  });

  it('reports a partial that is not there, not "valid"', () => {
    const dir = folder({ 'en.hbs': '::salutation {{salutation}}\n::body\nHello.\n' });
    const problems = templateFileProblems(join(dir, 'partials', 'typo.hbs'));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.severity).toBe('error');
  });
});
