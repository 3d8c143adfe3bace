// The cover note of a letter's e-mail: `templates/<kind>/email.<lang>.hbs`, in the workspace or built in.
import { dirname, join } from 'node:path';
import { LocatedError, UserError, ValidationError, type Problem } from '../errors.js';
import type { LetterDocument } from '../letter-document.js';
import type { Shape } from './check-template.js';
import { compileText, RUNTIME_OPTIONS } from './handlebars-env.js';
import { compiledPartials, fillInPart, partProblems, type TextStart, templateParts, templatePartials, templateProblems } from './load-template.js';
import { readTemplate } from './read-template.js';
import type { LetterSpec } from '../plan/letter-spec.js';
import { BUILTIN_TEMPLATES, templateFileFor } from '../input/find-template.js';
import { localize } from '../plan/localize.js';

export interface EmailText {
  subject: string;
  /** The cover note, plain text, ending with one newline. */
  text: string;
}

interface EmailTemplate {
  subject: HandlebarsTemplateDelegate;
  body: HandlebarsTemplateDelegate;
  /** Where each part's text starts in the file, for a part that cannot be filled in. */
  starts: { subject: TextStart; body: TextStart };
  partials: Record<string, HandlebarsTemplateDelegate>;
}

type HandlebarsTemplateDelegate = (context: object, options?: object) => string;

const cache = new Map<string, EmailTemplate>();

const TEXT: Shape = { kind: 'text' };
const entries = (what: string, fields: Record<string, Shape>): Shape => ({
  kind: 'list',
  of: { kind: 'object', what: `one of the ${what}`, fields },
  what: `a list of ${what}`,
});
/** What a cover note's parts are given: the context composeEmail builds, below; keep the two in step. */
const EMAIL_SHAPE: Shape = {
  kind: 'object',
  what: 'the cover note',
  fields: {
    case: { kind: 'object', what: 'the case', fields: { id: TEXT, title: TEXT, country: TEXT } },
    people: entries('people', { name: TEXT }),
    addressees: entries('addressees', { name: TEXT, position: TEXT, positionFirst: { kind: 'any' } }),
    addressee: TEXT,
    embassy: TEXT,
    sender: { kind: 'object', what: 'the sender', fields: { name: TEXT } },
    signatories: entries('signatories', { name: TEXT, title: TEXT }),
    subject: TEXT,
    attachment: TEXT,
  },
};

/** The e-mail template file of a letter kind: the workspace's own first, then the built-in one; the language, then its base. */
export function findEmailTemplate(workspace: string, kind: string, language: string): string | undefined {
  for (const root of [join(workspace, 'templates'), BUILTIN_TEMPLATES]) {
    const file = templateFileFor(join(root, kind), language, 'email.');
    if (file) return file;
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
  return compileEmailTemplate(file, workspace, language);
}

/**
 * Reads and checks a cover note (`email.<lang>.hbs`) once per process, with the checks of a letter
 * template's parts (load-template.ts): a part that does not parse, nests too deep or includes a partial
 * that is not there, a helper that does not exist, a word no embedded font draws, each at its line and
 * column in the file. Compiled lazily and unchecked, such a note failed at the first letter as an
 * internal error or printed empty boxes. A cover note may include the partials of its template folder.
 */
export function compileEmailTemplate(file: string, workspace: string, language: string): EmailTemplate {
  const key = `${file}\0${language}`;
  let compiled = cache.get(key);
  if (compiled) return compiled;
  const parts = templateParts(readTemplate(file, workspace), file).map((part) => ({ ...part, text: part.text.replace(/\s+$/, '') }));
  const named = new Map(parts.map((part) => [part.name, part.text]));
  const unknown = parts.find((p) => p.name !== 'subject' && p.name !== 'body');
  if (!named.has('body') || !named.has('subject') || unknown || parts.length !== 2) {
    throw new LocatedError({
      file,
      ...(unknown ? { line: unknown.start.line, column: 1 } : {}),
      path: '',
      message: 'an e-mail template has exactly two parts, each on its own line: `::subject ...` and `::body` followed by the cover note.',
      severity: 'error',
    });
  }
  const partials = templatePartials(dirname(file), language, workspace);
  const problems = partProblems(parts, partials, EMAIL_SHAPE);
  if (problems.length > 0) throw new ValidationError(problems);
  // Plain text: values are inserted as they are, never escaped.
  const startOf = (name: string) => parts.find((p) => p.name === name)!.start;
  compiled = {
    subject: compileText(named.get('subject')!, true, file),
    body: compileText(named.get('body')!, true, file),
    starts: { subject: startOf('subject'), body: startOf('body') },
    partials: compiledPartials(partials, true),
  };
  cache.set(key, compiled);
  return compiled;
}

/**
 * The problems of the cover note a letter's e-mail would take (`letters validate` of a case or a
 * campaign): none when there is none, since only `--eml` needs one, and says so when it runs.
 */
export function emailTemplateProblems(workspace: string, kind: string, language: string): Problem[] {
  const file = findEmailTemplate(workspace, kind, language);
  return file ? templateProblems(file, () => compileEmailTemplate(file, workspace, language)) : [];
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
  const options = { ...RUNTIME_OPTIONS, partials: template.partials, data: { language } };
  // One line either way: a header has no line breaks (the letter's own keeps its no-break spaces).
  const subject = context.subject
    ? context.subject.replace(/[\t\n\v\f\r \u0085\u2028\u2029]+/g, ' ').trim()
    : oneLine(fillInPart(template.subject, context, options, { name: 'subject', start: template.starts.subject }));
  const text = `${fillInPart(template.body, context, options, { name: 'body', start: template.starts.body })
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
  return { subject, text };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
