// What every command shares to print: the streams, the exit codes, paths shown relative to the working
// folder, located problems. Only the command layer (cli.ts, commands/) prints.
import { escapeControls, formatProblem, type Problem } from '../errors.js';
import { relativeInside } from '../path-inside.js';

export const EXIT = { ok: 0, badInput: 1, usage: 2, interrupted: 130, terminated: 143 } as const;

/** The exit status of a run stopped by `signal`: 128 + its number, as a shell reports it. */
export const stoppedExit = (signal: NodeJS.Signals): number => (signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted);

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdoutIsTTY: boolean;
  stdoutColumns?: number;
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export type Args = Record<string, unknown>;

/** A path as printed: relative to the current folder when inside it, control characters escaped. */
export function shown(path: string, cwd: string): string {
  return escapeControls(relativeInside(cwd, path) || path);
}

/** JSON for stdout: JSON.stringify escapes C0 controls; this also escapes the C1 and bidirectional ones. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A problem as `--json` prints it: every key present, `null` where nothing is known, its file as shown. */
export function problemJson(p: Problem, show: (file: string) => string) {
  return { file: show(p.file), line: p.line ?? null, column: p.column ?? null, path: p.path, message: p.message, value: p.value ?? null, severity: p.severity };
}

export function printProblems(io: Io, problems: Problem[], cwd: string): void {
  for (const p of problems) io.stderr(`${formatProblem({ ...p, file: shown(p.file, cwd) })}\n`);
}

/** Prints the problems of the letters that failed; returns how many did. */
export function reportFailed(
  io: Io,
  letters: { id: string; status: string; problems?: Problem[]; error?: string; path?: string; bytes?: number; removedEml?: string }[],
  outcome: string,
): number {
  const failed = letters.filter((l) => l.status === 'failed');
  for (const l of failed) {
    if (l.problems) printProblems(io, l.problems, io.cwd);
    else io.stderr(`error: ${escapeControls(l.error ?? '')}\n`);
    // A letter whose PDF is on disk (written now, or unchanged) and whose e-mail draft failed (generate --eml).
    if (l.bytes !== undefined && l.path !== undefined) {
      const removed = l.removedEml ? ` (the earlier draft ${shown(l.removedEml, io.cwd)} was removed)` : '';
      io.stderr(`letter ${l.id} is at ${shown(l.path, io.cwd)}, but its e-mail draft could not be made${removed}.\n`);
    } else io.stderr(`letter ${l.id} ${outcome}.\n`);
  }
  return failed.length;
}
