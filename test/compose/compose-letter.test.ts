import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeLetter } from '../../src/compose/compose-letter.js';
import { ValidationError } from '../../src/errors.js';
import { loadCase } from '../../src/pipeline/load-case.js';
import { planCaseLetters } from '../../src/plan/plan-case-letters.js';
import { ROOT, sampleWorkspace } from '../helpers/run-cli.js';

/** The sample case with its English body replaced. */
function withBody(body: string): string {
  const ws = sampleWorkspace();
  const file = join(ws, 'cases', 'erlan-baltabay.yaml');
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf('body:\n');
  const end = text.indexOf('\nletter:\n');
  writeFileSync(file, `${text.slice(0, start)}body: ${JSON.stringify(body)}${text.slice(end)}`);
  return file;
}

function problemOf(file: string): string {
  const [spec] = planCaseLetters(loadCase(file));
  try {
    composeLetter(spec!);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    const [p] = (err as ValidationError).problems;
    return `${p!.line}:${p!.column} ${p!.path} ${p!.message}`;
  }
  throw new Error('expected a ValidationError');
}

describe('composeLetter of a case body with no text', () => {
  // `body: '   '` or a body that fills in to nothing printed a letter of a salutation and a closing
  // alone, without a word of warning; `body: ''` gets the template's default body.
  it.each([['   '], ['\n\n  \n'], ['---']])('refuses %j at the body', (body) => {
    const message = problemOf(withBody(body));
    expect(message).toMatch(/^\d+:\d+ body has no text to print/);
    expect(message).toContain('remove `body:`');
  });

  // Found by fuzzing: a template whose `::body` part lost its `{{{body}}}` blamed the case's body, which
  // has text, at the case file's line.
  it("blames the template, at its `::body` line, when the case's body has text the template does not print", () => {
    const file = withBody('We write about {{person.name}}.');
    const ws = join(file, '..', '..');
    cpSync(join(ROOT, 'templates'), join(ws, 'templates'), { recursive: true });
    const template = join(ws, 'templates', 'appeal', 'en.hbs');
    writeFileSync(template, readFileSync(template, 'utf8').replace('{{{body}}}', ''));
    const [spec] = planCaseLetters(loadCase(file));
    let thrown: unknown;
    try {
      composeLetter(spec!);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    const line = readFileSync(template, 'utf8').split('\n').indexOf('::body') + 1;
    expect((thrown as ValidationError).problems).toEqual([
      expect.objectContaining({
        file: template,
        line,
        column: 1,
        message: expect.stringMatching(/^the `::body` part prints nothing for this letter, though the case has a body/),
      }),
    ]);
  });

  it('takes a body with text', () => {
    const [spec] = planCaseLetters(loadCase(withBody('We write about {{person.name}}.')));
    expect(composeLetter(spec!).blocks.some((b) => b.kind === 'paragraph')).toBe(true);
  });
});

describe('composeLetter of a body of very many blocks', () => {
  // 150,000 short paragraphs (a case file of 450 KB) were handed to one call as separate arguments,
  // past what the stack holds: "internal error: Maximum call stack size exceeded".
  it('takes 150,000 paragraphs', () => {
    const [spec] = planCaseLetters(loadCase(withBody('a\n\n'.repeat(150_000))));
    const blocks = composeLetter(spec!).blocks.filter((b) => b.kind === 'paragraph');
    expect(blocks.length).toBeGreaterThanOrEqual(150_000);
  });
});

// The e-mail goes to each mailbox once (email-address.ts uniqueAddresses): the letter lists each once too.
describe('composeLetter of addresses that name one mailbox', () => {
  it('prints each mailbox once, as first written, in the delivery block as the e-mail sends it', () => {
    const ws = sampleWorkspace();
    const file = join(ws, 'cases', 'erlan-baltabay.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('emails: [brussels@mfa.kz]', 'emails: [brussels@mfa.kz, Brussels@MFA.kz, other@mfa.kz]'));
    const [spec] = planCaseLetters(loadCase(file));
    const delivery = composeLetter(spec!).blocks.find((b) => b.kind === 'delivery');
    expect(delivery && 'emails' in delivery ? delivery.emails : undefined).toEqual(['brussels@mfa.kz', 'other@mfa.kz']);
  });
});

describe("composeLetter's default French closing", () => {
  /** The French sample case with its body replaced: its closing says "ma" for a body in "je", "notre" otherwise. */
  function closingOf(body: string): string {
    const ws = sampleWorkspace();
    const file = join(ws, 'cases', 'baltabay-fr.yaml');
    const text = readFileSync(file, 'utf8');
    // The block scalar ends at the first line that is not indented (or blank).
    const body0 = text.indexOf('body: |\n');
    const end = /\n(?![ \n])/g;
    end.lastIndex = body0 + 'body: |'.length;
    const after = end.exec(text)!.index;
    writeFileSync(file, `${text.slice(0, body0)}body: ${JSON.stringify(body)}${text.slice(after)}`);
    const [spec] = planCaseLetters(loadCase(file));
    const closing = composeLetter(spec!).blocks.find((b) => b.kind === 'closing');
    return closing?.kind === 'closing' ? closing.text : '';
  }

  // A writer's note is left out of the letter, so it is not who speaks in it.
  it('speaks as the body does, not as a comment in it', () => {
    expect(closingOf('Je vous écris au sujet de {{person.name}}.')).toContain('de ma très haute considération');
    expect(closingOf('Je vous écris. <!-- nous devons vérifier la date -->')).toContain('de ma très haute considération');
    expect(closingOf('Nous vous écrivons. <!-- je vérifie la date -->')).toContain('de notre très haute considération');
  });
});
