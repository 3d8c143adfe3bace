// Typed errors: the library throws these; only cli.ts turns them into messages and exit codes.

/** One problem found in an input file, located as precisely as the source allows. */
export interface Problem {
  file: string;
  line?: number;
  column?: number;
  /** Field path such as `recipients[2].salutation`; empty for the whole file. */
  path: string;
  message: string;
  value?: unknown;
  severity: 'error' | 'warning';
}

/** A mistake the user can fix: bad usage, a missing file, a file that would be overwritten. */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
  }
}

/**
 * A mistake found at one place in a file that stops the work there (a template that does not parse):
 * its message is `file:line:column: message`, and `problem` keeps the parts for a report.
 */
export class LocatedError extends UserError {
  constructor(readonly problem: Problem) {
    super(`${[problem.file, problem.line, problem.column].filter((x) => x !== undefined).join(':')}: ${problem.message}`, problem.file);
  }
}

/** One or more problems in the user's files, reported together. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

/**
 * A signal (Ctrl-C, SIGTERM) that came before a command began its work, so that nothing was done:
 * the command layer says so and exits with the signal's status.
 */
export class StoppedError extends Error {
  override readonly name = 'StoppedError';
  constructor(
    readonly signal: NodeJS.Signals,
    message: string,
  ) {
    super(message);
  }
}

/** A bug in this tool rather than in the input. */
export class InternalError extends Error {
  override readonly name = 'InternalError';
}

/**
 * A key or an id as a message shows it: its invisible format characters (Unicode Cf: zero-width spaces
 * and joiners, the byte order mark, soft hyphens), which no key or id needs, written as escapes
 * (`title\u200b`). Not for texts, which may need a joiner: those go through escapeControls only.
 */
export function escapeInvisible(text: string): string {
  return text.replace(/\p{Cf}/gu, (ch) =>
    ch
      .split('')
      .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join(''),
  );
}

export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(part)) out += out ? `.${part}` : part;
    // JSON quotes leave invisible format characters as they are: a key would read as the one it looks like.
    else out += `[${escapeInvisible(JSON.stringify(part))}]`;
  }
  return out;
}

/**
 * Characters that make a terminal move the cursor, erase or reorder text: C0 and C1 controls, DEL,
 * line and paragraph separators, and the bidirectional marks, embeddings, overrides and isolates.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A text as it may be shown on a terminal: every control character written as an escape (`\x1b`,
 * `\r`, `\u202e`), so a value or a file name in a message cannot erase a line or fake output.
 * Messages quote user values and file names only through this (formatProblem and the command layer).
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (ch) => {
    const code = ch.charCodeAt(0);
    return NAMED[ch] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}

/** One line per problem; the file, field and message have their control characters escaped. */
export function formatProblem(p: Problem): string {
  const where = [escapeControls(p.file), p.line, p.column].filter((x) => x !== undefined).join(':');
  const field = p.path ? ` ${escapeControls(p.path)}:` : '';
  const tag = p.severity === 'warning' ? 'warning' : 'error';
  return `${where}: ${tag}:${field} ${escapeControls(p.message)}`;
}

/**
 * A user's mistake as the problems it reports (a ValidationError's, a LocatedError's, or a UserError's
 * message as one problem of `file`); undefined for anything else, which is a bug.
 */
export function userProblems(err: unknown, file: string): Problem[] | undefined {
  if (err instanceof ValidationError) return err.problems;
  if (err instanceof LocatedError) return [err.problem];
  if (err instanceof UserError) return [{ file, path: '', message: err.message, severity: 'error' }];
  return undefined;
}

/** What makes two problems the same one, met again (a partial's through two templates, a case's in two letters). */
export function problemKey(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}:${p.message}`;
}

/**
 * Problems in reading order: those of `file` first, then those of the files it names, each in file
 * order. Files are ordered by their paths' characters, not by the locale's collation, which put
 * `senders/aa.yaml` after `senders/b.yaml` under LANG=da_DK: the same run printed another order.
 */
export function sortProblems(problems: Problem[], file: string): void {
  const rank = (p: Problem) => (p.file === file ? '' : p.file);
  const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  problems.sort((a, b) => byPath(rank(a), rank(b)) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/** Problems of one failed letter, whatever it threw; unexpected errors are not swallowed. */
export function letterProblems(err: unknown): { problems?: Problem[]; error: string } {
  if (err instanceof ValidationError) return { problems: err.problems, error: err.message };
  // At its file, line and column: printed and listed in `--json` as every other problem is.
  if (err instanceof LocatedError) return { problems: [err.problem], error: err.message };
  if (err instanceof UserError) return { error: err.message };
  throw err;
}
