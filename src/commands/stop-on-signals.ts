// Ctrl-C and SIGTERM during `letters batch` (commands/batch.ts): stop, then quit, and quit for sure.
import { EXIT, type Io } from './print.js';

/**
 * How long the batch may take to clean up after the second signal. It takes some milliseconds, and
 * at most the two seconds it gives its workers to stop; only a letter that holds the batch's own
 * thread (with --jobs 1, where a letter renders there) keeps it longer.
 */
export const QUIT_GRACE_MS = 5000;

export interface StopSettings {
  /** Ends the process: process.exit, but for tests. */
  exit?: (code: number) => void;
  graceMs?: number;
}

/**
 * Ctrl-C or SIGTERM during a batch: the first aborts `signal` (no more letters are handed out, those
 * in flight finish and the manifest is saved), the second aborts `quit` (the batch removes its temp
 * files and lock, then exits at once through `quitNow`). Should the batch not get that far within the
 * grace time, or a third signal come, the command exits without it: what the run left is cleared by
 * the next one, as after `kill -9`. `code` is the exit code the signal calls for.
 */
export function stopOnSignals(io: Pick<Io, 'stderr'>, onStop: () => void, { exit = (code) => process.exit(code), graceMs = QUIT_GRACE_MS }: StopSettings = {}) {
  const controller = new AbortController();
  const quitController = new AbortController();
  let code: number = EXIT.interrupted;
  let started = false;
  let grace: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      // Before the batch started there is nothing to clean: quit at once; and a third signal does not wait for the cleaning.
      if (!started || quitController.signal.aborted) return exit(code);
      quitController.abort();
      grace = setTimeout(() => {
        io.stderr(`\nQuitting without cleaning up: the batch did not stop within ${graceMs / 1000} s. The next run in this folder removes what it left.\n`);
        exit(code);
      }, graceMs).unref();
      return;
    }
    code = signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
    controller.abort();
    onStop();
    const again = signal === 'SIGTERM' ? 'another signal' : 'Ctrl-C again';
    io.stderr(`\nStopping: finishing the letters in flight and saving the manifest (${again} to quit at once).\n`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    quit: quitController.signal,
    code: () => code,
    started: () => (started = true),
    quitNow: () => exit(code),
    release: () => {
      clearTimeout(grace);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
