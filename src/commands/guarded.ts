// Where every command's typed errors become messages and exit codes.
import { escapeControls, StoppedError, UserError, ValidationError, type Problem } from '../errors.js';
import { tooManyFilesOpen } from '../output/output-fault.js';
import { EXIT, printProblems, problemJson, shown, stoppedExit, toJson, type Io } from './print.js';

/**
 * Runs a command handler, turning typed errors into messages and exit codes. With `json` (the command's
 * `--json`), a run they stop also prints `{ok: false, error, problems}` on stdout, so a script reading
 * the results always gets JSON.
 */
export async function guarded(io: Io, work: () => Promise<number> | number, options: { json?: boolean } = {}): Promise<number> {
  const stopped = (error: string, problems: Problem[] = []) => {
    if (options.json) io.stdout(`${toJson({ ok: false, error, problems: problems.map((p) => problemJson(p, (f) => shown(f, io.cwd))) })}\n`);
  };
  try {
    return await work();
  } catch (err) {
    if (err instanceof ValidationError) {
      printProblems(io, err.problems, io.cwd);
      const count = err.problems.filter((p) => p.severity === 'error').length;
      const message = `${count} problem${count === 1 ? '' : 's'} found; nothing was written.`;
      io.stderr(`${message}\n`);
      stopped(message, err.problems);
      return EXIT.badInput;
    }
    // A signal before the command began its work: not a bug, whichever command met it.
    if (err instanceof StoppedError) {
      io.stderr(`${escapeControls(err.message)}\n`);
      stopped(err.message);
      return stoppedExit(err.signal);
    }
    if (err instanceof UserError) {
      io.stderr(`error: ${escapeControls(err.message)}\n`);
      stopped(err.message);
      return EXIT.badInput;
    }
    // Too many files open, wherever met: the limit and the fix, not a bug.
    const tooMany = tooManyFilesOpen(err);
    if (tooMany) {
      io.stderr(`error: ${tooMany.message}\n`);
      stopped(tooMany.message);
      return EXIT.badInput;
    }
    io.stderr(`internal error: ${escapeControls((err as Error).message)}\nThis is a bug in letters; please report it with the input that caused it.\n`);
    if (io.env.LETTERS_DEBUG) io.stderr(`${(err as Error).stack}\n`);
    stopped(`internal error: ${(err as Error).message}`);
    return EXIT.badInput;
  }
}
