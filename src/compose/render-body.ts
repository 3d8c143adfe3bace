import { ValidationError } from '../errors.js';
import { problemAt, type PathPart, type SourceFile } from '../input/read-yaml.js';
import { checkTemplate } from './check-template.js';
import { hb, RUNTIME_OPTIONS } from './handlebars-env.js';

/** The top-level names a case body may use: the fields of the compose context. */
export const BODY_FIELDS = new Set([
  'case',
  'title',
  'country',
  'person',
  'people',
  'timeline',
  'sources',
  'demands',
  'letter',
  'recipient',
  'sender',
  'signatories',
  'salutation',
  'closing',
  'subject',
  'dateline',
]);

const cache = new Map<string, HandlebarsTemplateDelegate>();

/** Problems of a body's template, located in its file: line of the body plus the body's first line. */
export function bodyProblems(text: string, source: SourceFile, path: PathPart[]) {
  const first = source.contentLine(path) ?? source.locate(path)?.line ?? 1;
  return checkTemplate(text, { allowPartials: false, knownTopLevel: BODY_FIELDS }).map((p) => ({
    ...problemAt(source, path, `line ${p.line} of the body: ${p.message}`),
    line: first + p.line - 1,
    column: p.column,
  }));
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
    return template(context, { ...RUNTIME_OPTIONS, partials: {}, data: { language } });
  } catch (err) {
    throw new ValidationError([problemAt(source, path, `the body could not be filled in: ${(err as Error).message}.`)]);
  }
}
