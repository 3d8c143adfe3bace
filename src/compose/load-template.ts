import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { escapeInvisible, LocatedError, UserError, userProblems, ValidationError, type Problem } from '../errors.js';
import { loadFonts, unprintableMessage } from '../fonts/font-set.js';
import { findTemplateDir, templateFileFor } from '../input/find-template.js';
import { checkTemplate, syntaxProblems, type Shape } from './check-template.js';
import { TEMPLATE_SHAPE } from './render-body.js';
import { compileText, fillIn, hb, HELPER_SIGNATURES, parseTemplate, RUNTIME_OPTIONS, TemplateUseError } from './handlebars-env.js';
import { readTemplate } from './read-template.js';
import { nestingProblem } from './template-depth.js';
import { quotedName } from '../input/invisible-characters.js';
import { MAX_PROBLEMS, moreProblems } from '../input/validate-data.js';

/** Parts that are built from data; a template only says where they stand. */
export const STRUCTURAL = ['letterhead', 'addressees', 'delivery', 'signatures', 'cc'] as const;
/** Parts whose text the template writes, as plain text. */
export const TEXT_PARTS = ['reference', 'dateline', 'subject', 'salutation', 'closing'] as const;

export type SectionName = (typeof STRUCTURAL)[number] | (typeof TEXT_PARTS)[number] | 'body';

export interface Section {
  name: SectionName;
  /** The line of its `::name` in the template file. */
  line?: number;
  /** Renders the section's text; structural parts have none. */
  render?: (context: object, language: string) => string;
}

export interface CompiledTemplate {
  name: string;
  language: string;
  file: string;
  sections: Section[];
}

const cache = new Map<string, CompiledTemplate>();
/** Compiled templates by the workspace, name and language asked for (loadTemplate). */
const FOUND = new Map<string, CompiledTemplate>();

/**
 * Loads `templates/<name>/<language>.hbs` and its partials and compiles every part once per process.
 * A line `::part` starts each part of the letter, in the order the letter prints them.
 */
export function loadTemplate(workspace: string, name: string, language: string): CompiledTemplate {
  // Found once per process, like the compiled parts it names (a campaign day asked the file system
  // twice per letter for the same answer): a template folder or language file added or removed while
  // the process runs is seen by the next one, as an edit to a template's text always was.
  const found = `${workspace}\0${name}\0${language}`;
  const known = FOUND.get(found);
  if (known) return known;
  const compiled = findAndCompile(workspace, name, language);
  FOUND.set(found, compiled);
  return compiled;
}

function findAndCompile(workspace: string, name: string, language: string): CompiledTemplate {
  const dir = findTemplateDir(workspace, name);
  if (!dir) throw new UserError(`template \`${name}\` not found: there is no templates/${name}/ in ${workspace} nor built in (built in: appeal).`);
  const file = templateFileFor(dir, language);
  if (!file) {
    const have = readdirSync(dir)
      .filter((f) => f.endsWith('.hbs') && !f.startsWith('email.'))
      .map((f) => f.replace(/\.hbs$/, ''));
    throw new UserError(
      `template \`${name}\` has no \`${language}\` version (it has ${have.join(', ') || 'none'}): add ${join(dir, `${language}.hbs`)} or choose another language.`,
    );
  }
  const key = `${file}\0${language}`;
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = compileTemplate(file, dir, name, language, workspace);
    cache.set(key, compiled);
  }
  return compiled;
}

/** The partials a template of a folder may include, by name, with the file each comes from. */
export interface Partials {
  /** The template folder, `templates/<name>/`. */
  dir: string;
  texts: Record<string, string>;
  files: Map<string, string>;
  /** The texts compiled (compiledPartials), plain and escaped, once each. */
  compiled?: { plain?: Record<string, HandlebarsTemplateDelegate>; escaped?: Record<string, HandlebarsTemplateDelegate> };
}

/**
 * The partials of a template folder for one language: the shared ones in `partials/`, then the base
 * language's (en for en-GB), then the language's own; the most specific wins.
 */
export function templatePartials(dir: string, language: string, workspace: string): Partials {
  const base = language.split('-')[0]!;
  const files = new Map<string, string>();
  const texts = {
    ...readPartials(join(dir, 'partials'), files, workspace),
    ...readPartials(join(dir, 'partials', base), files, workspace),
    ...readPartials(join(dir, 'partials', language), files, workspace),
  };
  return { dir, texts, files };
}

function readPartials(dir: string, files: Map<string, string>, workspace: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.hbs')) continue;
    const name = f.replace(/\.hbs$/, '');
    out[name] = readTemplate(join(dir, f), workspace);
    files.set(name, join(dir, f));
  }
  return out;
}

/** Where a template's text starts in its file: the line, and the column (from 1) of its first character on that line. */
export interface TextStart {
  file: string;
  line: number;
  column: number;
}

/** A part of a template file (`::name` and the text after it, up to the next part), with where its text starts. */
export interface TemplatePart {
  name: string;
  text: string;
  start: TextStart;
}

/**
 * The parts of a template file, each starting with a line `::name`; the text after `::name ` on that
 * line is the first line of the part's text. What stands before the first part (a comment) is no part.
 */
export function templateParts(text: string, file: string): TemplatePart[] {
  const pieces = text.split(/^::([a-z-]+)[ \t]*/m);
  return [...text.matchAll(/^::[a-z-]+[ \t]*/gm)].map((head, i) => ({
    name: pieces[2 * i + 1]!,
    text: pieces[2 * i + 2] ?? '',
    start: { file, line: text.slice(0, head.index).split('\n').length, column: head[0].length + 1 },
  }));
}

/** A place in a part's text (line and column from 1) as the place in its file: the first line follows `::name `. */
export function placeInFile(start: TextStart, at: { line: number; column: number }): { line: number; column: number } {
  return { line: start.line + at.line - 1, column: at.line === 1 ? start.column + at.column - 1 : at.column };
}

/** A partial's text starts at the start of its file. */
function partialStart(partials: Partials, name: string): TextStart {
  return { file: partials.files.get(name) ?? name, line: 1, column: 1 };
}

interface PartialUse {
  name: string;
  line: number;
  /** From 1, in the text scanned (its first line's columns follow a part's `::name `). */
  column: number;
  /** `{{#> name}}…{{/name}}`, which falls back on its block when the partial is not there. */
  block: boolean;
}

/** Handlebars' own helpers and the letter helpers: what `{{name value}}` may call. */
const isHelper = (name: string): boolean => Object.hasOwn(hb.helpers, name) && name !== 'helperMissing' && name !== 'blockHelperMissing';

/** What one reading of a template's text finds. */
interface TextScan {
  /** The partials it includes by name. */
  uses: PartialUse[];
  /** Helpers it calls that do not exist, and lines with words no embedded font draws. */
  problems: Problem[];
}

/**
 * Reads a template's text once: the partials it includes by name, the helpers it calls that do not
 * exist, and each line with words no embedded font draws (its own text, and the quoted texts it gives
 * helpers, `{{upper "..."}}`, which are printed too), each problem at its line and column in its file.
 * A text that does not parse is refused here, at its line and column: filling it in said only "check
 * the helpers and fields it uses".
 */
function scanText(text: string, start: TextStart, root?: Shape): TextScan {
  const problem = (at: { line: number; column: number }, message: string): Problem => ({
    file: start.file,
    ...placeInFile(start, at),
    path: '',
    message,
    severity: 'error',
  });
  const deep = nestingProblem(text);
  if (deep) throw new LocatedError(problem(deep, deep.message));
  let ast: hbs.AST.Program;
  try {
    ast = parseTemplate(text);
  } catch (err) {
    const [found] = syntaxProblems(text, err as Error & { lineNumber?: number; column?: number });
    if (!found)
      throw new LocatedError({
        file: start.file,
        path: '',
        message: 'this template is not valid Handlebars: check that every {{ has its }} and every {{#block}} its {{/block}}.',
        severity: 'error',
      });
    throw new LocatedError(problem(found, found.message));
  }
  const uses: PartialUse[] = [];
  const unknownHelpers: Problem[] = [];
  const unprintable: Problem[] = [];
  // Every node of the tree: blocks' programs and inverses, partial blocks' contents.
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const n = node as {
      type?: string;
      name?: hbs.AST.PathExpression;
      path?: hbs.AST.PathExpression;
      params?: unknown[];
      hash?: { pairs: unknown[] };
      loc?: hbs.AST.SourceLocation;
      original?: unknown;
      value?: unknown;
    };
    if ((n.type === 'PartialStatement' || n.type === 'PartialBlockStatement') && n.name?.type === 'PathExpression') {
      uses.push({ name: n.name.original, line: n.loc?.start.line ?? 1, column: (n.loc?.start.column ?? 0) + 1, block: n.type === 'PartialBlockStatement' });
    } else if (n.type === 'ContentStatement' && n.loc && typeof n.original === 'string') {
      for (const p of unprintableText(n.original, n.loc.start, start)) unprintable.push(p);
    } else if (n.type === 'StringLiteral' && n.loc && typeof n.value === 'string') {
      // After the opening quote.
      for (const p of unprintableText(n.value, { line: n.loc.start.line, column: n.loc.start.column + 1 }, start)) unprintable.push(p);
    }
    // `{{name value}}`, `(name value)` and `{{#name value}}` call a helper; `{{name}}` alone may be a field.
    const call = n.type === 'SubExpression' || ((n.type === 'MustacheStatement' || n.type === 'BlockStatement') && (n.params?.length || n.hash?.pairs.length));
    const path = n.path;
    if (call && path?.type === 'PathExpression' && !path.data && path.depth === 0 && path.parts.length === 1 && path.original === path.parts[0]) {
      if (!isHelper(path.original) && n.loc) {
        const names = Object.keys(HELPER_SIGNATURES).sort().join(', ');
        unknownHelpers.push(
          problem(
            { line: n.loc.start.line, column: n.loc.start.column + 1 },
            `unknown helper ${quotedName(path.original)}: the helpers a template may use are ${names}.`,
          ),
        );
      }
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'loc' && typeof value === 'object') walk(value);
  };
  walk(ast);
  // Helpers given the wrong values, `log`, reaches into internals: found here, each at its place, rather
  // than when the first letter is filled in (a cover note's then ended in an internal error).
  const misused = checkTemplate(text, root, { template: true }).map((p) => problem(p, p.message));
  const calls = [...unknownHelpers, ...misused].sort((x, y) => x.line! - y.line! || x.column! - y.column!);
  // Pushed one by one, and cut at MAX_PROBLEMS as a data file's report is: a template of 200,000 lines
  // with an emoji each overflowed the stack when spread into push, and would print as many errors.
  const problems = [...calls, ...unprintable.slice(0, MAX_PROBLEMS)];
  const hidden = unprintable.length - Math.min(unprintable.length, MAX_PROBLEMS);
  if (hidden > 0) problems.push({ ...unprintable[MAX_PROBLEMS]!, message: moreProblems(hidden, 'in this file') });
  return { uses, problems };
}

/**
 * A template's own words are printed with the embedded fonts too: a character none of them has (an
 * emoji, a Sinhala word) would be drawn as an empty box, where the same character in a case is refused.
 * Each such line of the template is a problem at its first such character.
 */
function unprintableText(text: string, node: { line: number; column: number }, start: TextStart): Problem[] {
  const fonts = loadFonts();
  if (fonts.missingGlyphs(text).length === 0) return [];
  const out: Problem[] = [];
  text.split('\n').forEach((line, i) => {
    const here = fonts.missingGlyphs(line);
    if (here.length === 0) return;
    const at = Math.min(...here.map((ch) => line.indexOf(ch)));
    // Handlebars counts a node's column from 0; a line after the node's first starts at column 1.
    const place = placeInFile(start, { line: node.line + i, column: at + (i === 0 ? node.column : 0) + 1 });
    out.push({ file: start.file, ...place, path: '', message: unprintableMessage(here), severity: 'error' });
  });
  return out;
}

/**
 * A partial that is not there, or one that includes itself, found when the template is compiled: when
 * the letter was filled in, both were "check the helpers and fields it uses" (the second after
 * recursing until the stack ran out).
 */
function checkPartials(
  start: TextStart,
  what: string,
  content: string,
  partials: Partials,
  scans: Map<string, TextScan>,
  root?: Shape,
): { reached: Set<string>; problems: Problem[] } {
  const { texts, files, dir } = partials;
  const reached = new Set<string>();
  const missing = (use: PartialUse, where: TextStart, what: string) => {
    if (!use.block && !Object.hasOwn(texts, use.name)) {
      throw new LocatedError({
        file: where.file,
        ...placeInFile(where, use),
        path: '',
        message: `${what} includes the partial ${quotedName(use.name)}, but there is no ${join(dir, 'partials', `${escapeInvisible(use.name)}.hbs`)}: add it, or correct the name${Object.keys(texts).length > 0 ? ` (partials: ${Object.keys(texts).sort().join(', ')})` : ''}.`,
        severity: 'error',
      });
    }
  };
  const { uses, problems } = scanText(content, start, root);
  for (const use of uses) missing(use, start, what);
  // Depth-first over the partials from this part: a partial met again on the path includes itself,
  // reported at the `{{>` that closes the loop (`use`, in the text that starts at `from`).
  const visit = (name: string, path: string[], use: PartialUse, from: TextStart): void => {
    if (path.includes(name)) {
      const loop = [...path.slice(path.indexOf(name)), name];
      throw new LocatedError({
        file: from.file,
        ...placeInFile(from, use),
        path: '',
        message: `the partial \`${name}\` includes itself: ${loop.join(' → ')} (${loop
          .slice(0, -1)
          .map((n) => files.get(n) ?? n)
          .join(
            ', ',
          )}), so the letter would never end. Remove the \`{{> ${loop[loop.length - 1]}}}\` from ${files.get(loop[loop.length - 2]!) ?? loop[loop.length - 2]}.`,
        severity: 'error',
      });
    }
    if (!Object.hasOwn(texts, name)) return;
    reached.add(name);
    const where = partialStart(partials, name);
    let scan = scans.get(name);
    if (!scan) scans.set(name, (scan = scanText(texts[name]!, where)));
    for (const inner of scan.uses) {
      missing(inner, where, `the partial \`${name}\``);
      visit(inner.name, [...path, name], inner, where);
    }
  };
  for (const use of uses) visit(use.name, [], use, start);
  return { reached, problems };
}

/**
 * The checks of a template's parts that are Handlebars text, and of the partials they include: a part
 * that does not parse or includes a partial that is not there stops at once (a LocatedError); unknown
 * helpers, helpers given the wrong values, fields `root` (what the parts are given) does not have and
 * words no embedded font draws are returned, all of them, each at its file, line and column. Letter
 * templates and e-mail cover notes alike. A partial may be included anywhere (inside a loop, where
 * `this` is an entry), so its fields are not checked.
 */
export function partProblems(parts: readonly TemplatePart[], partials: Partials, root?: Shape): Problem[] {
  const problems: Problem[] = [];
  const included = new Set<string>();
  // Each partial read once, however many parts and partials include it.
  const scans = new Map<string, TextScan>();
  for (const part of parts) {
    const checked = checkPartials(part.start, `the \`::${part.name}\` part`, part.text, partials, scans, root);
    for (const used of checked.reached) included.add(used);
    problems.push(...checked.problems);
  }
  // The partials the parts include, after the parts (a partial nothing includes is never printed).
  for (const partial of [...included].sort()) {
    problems.push(...scans.get(partial)!.problems);
  }
  return problems;
}

/**
 * A partial file's own text checked as a part's is (`letters validate partials/x.hbs`): syntax, unknown
 * helpers, unprintable words, even when no template includes it yet. Whether the partials it includes
 * exist depends on the language of the template that includes it: checked with those templates.
 */
export function checkPartialFile(file: string, workspace: string): void {
  const { problems } = scanText(readTemplate(file, workspace), { file, line: 1, column: 1 });
  if (problems.length > 0) throw new ValidationError(problems);
}

/**
 * The problems of a template file read on its own, as `letters validate` lists them: a syntax error or
 * a missing partial (the first one), or else every unknown helper and unprintable word. `check` loads
 * the template, throwing what its loader throws.
 */
export function templateProblems(file: string, check: () => unknown): Problem[] {
  try {
    check();
    return [];
  } catch (err) {
    const found = userProblems(err, file);
    if (!found) throw err;
    return found;
  }
}

/**
 * Fills in one part of a template file (a letter template's or a cover note's). What stops it (loops
 * past the fill-in's limits, a helper misused in a way the checks could not see) is told with the file
 * and the part, never as a JavaScript message.
 */
export function fillInPart(
  template: HandlebarsTemplateDelegate,
  context: object,
  options: Handlebars.RuntimeOptions,
  part: { name: string; start: TextStart },
): string {
  try {
    return fillIn(template, context, options);
  } catch (err) {
    const file = part.start.file;
    const message = `the \`::${part.name}\` part could not be filled in: ${err instanceof TemplateUseError ? err.message : 'check the helpers and fields it uses.'}`;
    if (!(err instanceof TemplateUseError) || !err.loc) throw new UserError(`${file}: ${message}`);
    // Each text is compiled with its file as its source (compiledPartials): a partial's place is in its own file.
    const at = { line: err.loc.start.line, column: err.loc.start.column + 1 };
    const place = err.loc.source && err.loc.source !== file ? { file: err.loc.source, ...at } : { file, ...placeInFile(part.start, at) };
    throw new LocatedError({ ...place, path: '', message, severity: 'error' });
  }
}

/**
 * The partials of a folder compiled, each with its own file as its source, so that a helper misused
 * in one is told at its place there (given as texts, Handlebars compiles a partial with the source of
 * the template that includes it). Escaped as the part that includes them is: the body's Markdown is.
 */
export function compiledPartials(partials: Partials, noEscape: boolean): Record<string, HandlebarsTemplateDelegate> {
  const key = noEscape ? 'plain' : 'escaped';
  const known = partials.compiled?.[key];
  if (known) return known;
  const out: Record<string, HandlebarsTemplateDelegate> = {};
  for (const [name, text] of Object.entries(partials.texts)) {
    out[name] = compileText(text, noEscape, partials.files.get(name) ?? name);
  }
  partials.compiled = { ...partials.compiled, [key]: out };
  return out;
}

/** Compiles a letter template file (`templates/<name>/<language>.hbs`) afresh, for `letters validate`. */
export function checkLetterTemplate(file: string, workspace: string): void {
  const dir = dirname(file);
  compileTemplate(file, dir, basename(dir), basename(file).replace(/\.hbs$/, ''), workspace);
}

function compileTemplate(file: string, dir: string, name: string, language: string, workspace: string): CompiledTemplate {
  const partials = templatePartials(dir, language, workspace);
  const sections: Section[] = [];
  const textParts: TemplatePart[] = [];
  for (const part of templateParts(readTemplate(file, workspace), file)) {
    const partName = part.name as SectionName;
    const content = part.text.replace(/\n+$/, '');
    if ((STRUCTURAL as readonly string[]).includes(partName)) {
      sections.push({ name: partName });
      continue;
    }
    const markdown = partName === 'body';
    if (!markdown && !(TEXT_PARTS as readonly string[]).includes(partName)) {
      throw new LocatedError({
        file,
        line: part.start.line,
        column: 1,
        path: '',
        message: `unknown part \`::${partName}\`; parts are ${[...STRUCTURAL, ...TEXT_PARTS, 'body'].join(', ')}.`,
        severity: 'error',
      });
    }
    textParts.push({ ...part, text: content });
    // Markdown parts escape inserted values so data stays literal text; plain parts insert them as they are.
    const template = compileText(content, !markdown, file);
    const start = part.start;
    sections.push({
      name: partName,
      line: part.start.line,
      render: (context, lang) =>
        fillInPart(
          template,
          context,
          { ...RUNTIME_OPTIONS, partials: compiledPartials(partials, !markdown), data: { language: lang } },
          { name: partName, start },
        ),
    });
  }
  const problems = partProblems(textParts, partials, TEMPLATE_SHAPE);
  if (problems.length > 0) throw new ValidationError(problems);
  if (sections.length === 0) {
    throw new LocatedError({
      file,
      line: 1,
      column: 1,
      path: '',
      message: 'a template needs parts, each starting with a line such as `::salutation {{salutation}}`.',
      severity: 'error',
    });
  }
  return { name, language, file, sections };
}
