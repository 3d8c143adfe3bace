// Where every command's typed errors become messages and exit codes.
import { escapeControls, StoppedError, UserError, ValidationError } from '../errors.js';
import { tooManyFilesOpen } from '../output/output-fault.js';
import { EXIT, printProblems, stoppedExit, type Io } from './print.js';

/** Runs a command handler, turning typed errors into messages and exit codes. */
export async function guarded(io: Io, work: () => Promise<number> | number): Promise<number> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ValidationError) {
      printProblems(io, err.problems, io.cwd);
      const count = err.problems.filter((p) => p.severity === 'error').length;
      io.stderr(`${count} problem${count === 1 ? '' : 's'} found; nothing was written.\n`);
      return EXIT.badInput;
    }
    // A signal before the command began its work: not a bug, whichever command met it.
    if (err instanceof StoppedError) {
      io.stderr(`${escapeControls(err.message)}\n`);
      return stoppedExit(err.signal);
    }
    if (err instanceof UserError) {
      io.stderr(`error: ${escapeControls(err.message)}\n`);
      return EXIT.badInput;
    }
    // Too many files open, wherever met: the limit and the fix, not a bug.
    const tooMany = tooManyFilesOpen(err);
    if (tooMany) {
      io.stderr(`error: ${tooMany.message}\n`);
      return EXIT.badInput;
    }
    io.stderr(`internal error: ${escapeControls((err as Error).message)}\nThis is a bug in letters; please report it with the input that caused it.\n`);
    if (io.env.LETTERS_DEBUG) io.stderr(`${(err as Error).stack}\n`);
    return EXIT.badInput;
  }
}
