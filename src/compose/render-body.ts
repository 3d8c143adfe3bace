import { BoundedCache } from '../bounded-cache.js';
import { type Problem, ValidationError } from '../errors.js';
import { problemAt, type PathPart, type SourceFile } from '../input/read-yaml.js';
import { GRAMMATICAL_CASES } from '../input/schemas.js';
import { MAX_PROBLEMS, moreProblems } from '../input/validate-data.js';
import { checkTemplate, type Shape, type TemplateProblem } from './check-template.js';
import { fillIn, hb, RUNTIME_OPTIONS, TemplateUseError } from './handlebars-env.js';

const text = (what?: string): Shape => (what ? { kind: 'text', what } : { kind: 'text' });
const date: Shape = { kind: 'date' };
const texts = (what: string): Shape => ({ kind: 'list', of: text(), what });
const object = (what: string, fields: Record<string, Shape>): Shape => ({ kind: 'object', what, fields });

// Every case the schema allows: a form the case file does not give is simply empty, like a missing role.
const FORMS = object('the name by grammatical case', Object.fromEntries(GRAMMATICAL_CASES.map((c) => [c, text()])));
const PERSON = object('a person', { name: text(), native_name: text(), pronoun: text(), role: text(), forms: FORMS });
const ADDRESSEE = object('an addressee', { honorific: text(), name: text(), position: texts('a list of lines'), emails: texts('a list of addresses') });

/** What a case body sees: the fields of the compose context (compose/letter-context.ts), by kind. */
const BODY_FIELDS: Record<string, Shape> = {
  case: object('the case', { id: text(), title: text(), country: text() }),
  title: text(),
  country: text(),
  person: PERSON,
  people: { kind: 'list', of: PERSON, what: 'a list of people' },
  timeline: { kind: 'list', of: object('a timeline entry', { date, event: text(), source: text() }), what: 'a list of timeline entries' },
  sources: { kind: 'map', of: object('a source', { url: text(), title: text() }), what: 'the sources' },
  demands: texts('a list of demands'),
  letter: object('the letter settings', { date, place: text(), reference: text(), language: text(), subject: text() }),
  recipient: object('the recipient', {
    id: text(),
    names: texts('a list of names'),
    addressees: { kind: 'list', of: ADDRESSEE, what: 'a list of addressees' },
    salutation: text(),
  }),
  sender: object('the sender', { id: text(), name: text() }),
  signatories: { kind: 'list', of: object('a signatory', { name: text(), title: text() }), what: 'a list of signatories' },
  salutation: text(),
  closing: text(),
  subject: text(),
  dateline: text(),
};
export const BODY_SHAPE: Shape = object('the body', BODY_FIELDS);

/** What a letter template's parts see: a body's fields and the body itself, filled in (letter-context.ts). */
export const TEMPLATE_SHAPE: Shape = object('the template', { ...BODY_FIELDS, body: text() });

/**
 * Compiled bodies by their text, one per case body a process meets (a campaign day has a few): bounded,
 * so a day of ever-new bodies (a batch of thousands of cases) cannot grow it without end.
 */
const cache = new BoundedCache<string, HandlebarsTemplateDelegate>(1_000);

/**
 * A problem at line `line`, column `column` of the body, placed in the case file: the body's own line
 * and column where the YAML keeps them findable (plain lines of a `|` block, a one-line value),
 * otherwise at the body's line with the place inside the body named in words.
 */
function placed(source: SourceFile, path: PathPart[], p: Pick<TemplateProblem, 'line' | 'column' | 'message'>): Problem {
  const lines = source.data && typeof valueOf(source, path) === 'string' ? (valueOf(source, path) as string).split('\n') : [];
  const index = lines.slice(0, p.line - 1).reduce((n, l) => n + l.length + 1, 0) + p.column - 1;
  const exact = source.locateInValue(path, index);
  if (exact) return { ...problemAt(source, path, p.message), ...exact };
  const first = source.contentLine(path) ?? source.locate(path)?.line ?? 1;
  const where = lines.length > 1 ? `line ${p.line}, column ${p.column} of the body` : `column ${p.column} of the body`;
  return { ...problemAt(source, path, `${where}: ${p.message}`), line: first + p.line - 1, column: undefined };
}

/** A problem at `index` of the body's text, placed in the case file as the body's template problems are. */
export function bodyProblemAt(source: SourceFile, path: PathPart[], text: string, index: number, message: string): Problem {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return placed(source, path, { line, column: index - before.lastIndexOf('\n'), message });
}

function valueOf(source: SourceFile, path: PathPart[]): unknown {
  let node: unknown = source.data;
  for (const part of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<PathPart, unknown>)[part];
  }
  return node;
}

/** Every problem of a body's template, each at its own place in the case file. */
export function bodyProblems(text: string, source: SourceFile, path: PathPart[]): Problem[] {
  const found = checkTemplate(text, BODY_SHAPE);
  // Placing a problem scans the value up to it: only those listed are placed, as a file's report is cut.
  const problems = found.slice(0, MAX_PROBLEMS).map((p) => placed(source, path, p));
  const hidden = found.length - problems.length;
  // Told at the last one listed, so that a report sorted by place ends with it.
  if (hidden > 0) problems.push({ ...problems.at(-1)!, message: moreProblems(hidden, 'in the body') });
  return problems;
}

/**
 * Runs a case's body, the only user text that is itself a template: checked first (no partials, no
 * prototype access, known helpers only), compiled once, and run with the data as data.
 */
export function renderBody(text: string, context: object, language: string, source: SourceFile, path: PathPart[]): string {
  let template = cache.get(text);
  if (!template) {
    const problems = bodyProblems(text, source, path);
    if (problems.length > 0) throw new ValidationError(problems);
    template = hb.compile(text, { strict: false });
    cache.set(text, template);
  }
  try {
    return fillIn(template, context, { ...RUNTIME_OPTIONS, partials: {}, data: { language } });
  } catch (err) {
    // Never a JavaScript message: a helper's own words at its place, or the place Handlebars knows.
    if (err instanceof TemplateUseError && err.loc) {
      throw new ValidationError([placed(source, path, { line: err.loc.start.line, column: err.loc.start.column + 1, message: err.message })]);
    }
    const e = err as { lineNumber?: number; column?: number };
    // A helper's own words end their sentence already.
    const message = `the body could not be filled in here: ${err instanceof TemplateUseError ? err.message.replace(/\.$/, '') : 'check the helpers and fields used on this line'}.`;
    if (typeof e.lineNumber === 'number') throw new ValidationError([placed(source, path, { line: e.lineNumber, column: (e.column ?? 0) + 1, message })]);
    throw new ValidationError([problemAt(source, path, message)]);
  }
}
