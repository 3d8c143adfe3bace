// What every command shares to print: the streams, the exit codes, paths shown relative to the working
// folder, located problems. Only the command layer (cli.ts, commands/) prints.
import { isAbsolute, relative } from 'node:path';
import { formatProblem, type Problem } from '../errors.js';

export const EXIT = { ok: 0, badInput: 1, usage: 2, interrupted: 130 } as const;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdoutIsTTY: boolean;
  stdoutColumns?: number;
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

export function printProblems(io: Io, problems: Problem[], cwd: string): void {
  for (const p of problems) io.stderr(`${formatProblem({ ...p, file: shown(p.file, cwd) })}\n`);
}

/** Prints the problems of the letters that failed; returns how many did. */
export function reportFailed(io: Io, letters: { id: string; status: string; problems?: Problem[]; error?: string }[], outcome: string): number {
  const failed = letters.filter((l) => l.status === 'failed');
  for (const l of failed) {
    if (l.problems) printProblems(io, l.problems, io.cwd);
    else io.stderr(`error: ${l.error}\n`);
    io.stderr(`letter ${l.id} ${outcome}.\n`);
  }
  return failed.length;
}
