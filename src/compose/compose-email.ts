// The cover note of a letter's e-mail: `templates/<kind>/email.<lang>.hbs`, in the workspace or built in.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { LetterDocument } from '../letter-document.js';
import { syntaxProblems } from './check-template.js';
import { fillIn, hb, parseTemplate, RUNTIME_OPTIONS } from './handlebars-env.js';
import { readTemplate } from './read-template.js';
import { nestingProblem } from './template-depth.js';
import type { LetterSpec } from '../plan/letter-spec.js';
import { BUILTIN_TEMPLATES } from '../input/find-template.js';
import { localize } from '../plan/localize.js';

export interface EmailText {
  subject: string;
  /** The cover note, plain text, ending with one newline. */
  text: string;
}

interface EmailTemplate {
  subject: HandlebarsTemplateDelegate;
  body: HandlebarsTemplateDelegate;
}

type HandlebarsTemplateDelegate = (context: object, options?: object) => string;

const cache = new Map<string, EmailTemplate>();

/** The e-mail template file of a letter kind: the workspace's own first, then the built-in one; the language, then its base. */
export function findEmailTemplate(workspace: string, kind: string, language: string): string | undefined {
  const names = [...new Set([`email.${language}.hbs`, `email.${language.split('-')[0]}.hbs`])];
  for (const root of [join(workspace, 'templates'), BUILTIN_TEMPLATES]) {
    for (const name of names) {
      const file = join(root, kind, name);
      if (existsSync(file)) return file;
    }
  }
  return undefined;
}

function loadEmailTemplate(workspace: string, kind: string, language: string): EmailTemplate {
  const file = findEmailTemplate(workspace, kind, language);
  if (!file) {
    throw new UserError(
      `template \`${kind}\` has no e-mail cover note in \`${language}\`: add ${join(workspace, 'templates', kind, `email.${language}.hbs`)} with a \`::subject\` and a \`::body\` part.`,
    );
  }
  let compiled = cache.get(file);
  if (!compiled) {
    const parts = new Map<string, string>();
    const text = readTemplate(file, workspace);
    const pieces = text.split(/^::([a-z-]+)[ \t]*/m);
    // The line and column of the file at which each part's text starts, for messages.
    const starts = [...text.matchAll(/^::[a-z-]+[ \t]*/gm)].map((m) => ({
      line: text.slice(0, m.index).split('\n').length,
      column: m[0].length + 1,
    }));
    for (let i = 1; i < pieces.length; i += 2) {
      const content = (pieces[i + 1] ?? '').replace(/\s+$/, '');
      checkSyntax(file, content, starts[(i - 1) / 2]!);
      parts.set(pieces[i]!, content);
    }
    const unknown = [...parts.keys()].filter((p) => p !== 'subject' && p !== 'body');
    if (!parts.has('body') || !parts.has('subject') || unknown.length > 0) {
      throw new UserError(
        `${file}: an e-mail template has exactly two parts, each on its own line: \`::subject ...\` and \`::body\` followed by the cover note.`,
      );
    }
    // Plain text: values are inserted as they are, never escaped.
    compiled = {
      subject: hb.compile(parts.get('subject')!, { noEscape: true, strict: false }),
      body: hb.compile(parts.get('body')!, { noEscape: true, strict: false }),
    };
    cache.set(file, compiled);
  }
  return compiled;
}

/**
 * A cover note's part that Handlebars cannot parse, or nests too deep, refused at its line and column in
 * the file: compiled lazily, it failed at the first letter as an internal error.
 */
function checkSyntax(file: string, content: string, start: { line: number; column: number }): void {
  const at = (p: { line: number; column: number; message: string }) =>
    `${file}:${start.line + p.line - 1}:${p.line === 1 ? start.column + p.column - 1 : p.column}: ${p.message}`;
  const deep = nestingProblem(content);
  if (deep) throw new UserError(at(deep), file);
  try {
    parseTemplate(content);
  } catch (err) {
    const [problem] = syntaxProblems(content, err as Error & { lineNumber?: number; column?: number });
    throw new UserError(
      problem ? at(problem) : `${file}: this cover note is not valid Handlebars: check that every {{ has its }} and every {{#block}} its {{/block}}.`,
      file,
    );
  }
}

/**
 * Subject and cover note of a letter's e-mail, in the letter's language. The subject is the letter's
 * own when it has one, else the template's (built from the case title and the addressee).
 */
export function composeEmail(spec: LetterSpec, doc: LetterDocument, attachment: string): EmailText {
  const language = doc.language;
  const template = loadEmailTemplate(spec.workspace, spec.template, language);
  const block = <K extends LetterDocument['blocks'][number]['kind']>(kind: K) =>
    doc.blocks.find((b): b is Extract<LetterDocument['blocks'][number], { kind: K }> => b.kind === kind);
  const addressees = (block('addressees')?.addressees ?? []).map((a) => ({
    name: a.name,
    position: a.position[0] ?? '',
    positionFirst: a.positionFirst === true,
  }));
  const channel = spec.via ? localize({ origin: spec.via.origin, path: [...spec.via.path, 'name'], value: spec.via.name }, language, false) : '';
  const context = {
    // The title in the letter's language, as the letter has it (a case may give one per language).
    case: { id: spec.caseData.id, title: doc.meta.title, country: spec.caseData.country },
    people: spec.caseData.people.map((p) => ({ name: p.name })),
    addressees,
    // In the letter's order: "К.-Ж. Токаеву" follows "Президенту Республики Казахстан" in a Russian letter.
    addressee: addressees.map((a) => (!a.position ? a.name : a.positionFirst ? `${a.position} ${a.name}` : `${a.name}, ${a.position}`)).join('; '),
    embassy: channel,
    sender: { name: spec.sender.data.name },
    signatories: (block('signatures')?.signatories ?? []).map((s) => ({ name: s.name, title: s.title ?? '' })),
    subject: block('subject')?.text ?? '',
    attachment,
  };
  const options = { ...RUNTIME_OPTIONS, data: { language } };
  // One line either way: a header has no line breaks (the letter's own keeps its no-break spaces).
  const subject = context.subject
    ? context.subject.replace(/[\t\n\v\f\r \u0085\u2028\u2029]+/g, ' ').trim()
    : oneLine(fillIn(template.subject, context, options));
  const text = `${fillIn(template.body, context, options)
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
  return { subject, text };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
