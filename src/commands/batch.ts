import { runBatch, type BatchOptions, type BatchSummary } from '../batch/run-batch.js';
import { createProgress, type ProgressReporter } from '../batch/progress.js';
import { EXIT, shown, type Io } from './print.js';

export type { BatchOptions, BatchSummary };

/** Renders every letter of a campaign file, writes the manifest and returns the summary. */
export function batch(campaignFile: string, options: BatchOptions = {}): Promise<BatchSummary> {
  return runBatch(campaignFile, options);
}

type Args = Record<string, unknown>;

/** The end of a batch on stderr: failures grouped by cause, then the counts. */
function printBatchSummary(io: Io, summary: BatchSummary, quiet: boolean): void {
  if (summary.failures.length > 0) {
    io.stderr(`${summary.failed} letter${summary.failed === 1 ? '' : 's'} failed, by cause:\n`);
    for (const f of summary.failures) {
      const lines = f.cause.split('\n');
      const more = lines.length > 3 ? `\n      (and ${lines.length - 3} more problems: see the manifest)` : '';
      io.stderr(`  ${f.count} × ${lines.slice(0, 3).join('\n      ')}${more}\n`);
      io.stderr(`      e.g. ${f.letters.join(', ')}${f.count > f.letters.length ? ', ...' : ''}\n`);
    }
  }
  if (quiet) return;
  io.stderr(
    `${summary.interrupted ? 'Interrupted: ' : ''}written ${summary.written}, skipped ${summary.skipped}, failed ${summary.failed} of ${summary.total} letters; ` +
      `${summary.pages} page${summary.pages === 1 ? '' : 's'} written in ${summary.seconds.toFixed(1)} s (${summary.lettersPerSecond.toFixed(1)} letters/s).\n`,
  );
  if (summary.interrupted) io.stderr('Run the same command again to resume: letters already written are skipped.\n');
}

/**
 * Ctrl-C during a batch: the first aborts the signal (no more letters are handed out, those in flight
 * finish and the manifest is saved), the second quits at once. `release` stops listening.
 */
function stopOnCtrlC(io: Io, onStop: () => void): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    controller.abort();
    onStop();
    io.stderr('\nStopping: finishing the letters in flight and saving the manifest (Ctrl-C again to quit at once).\n');
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, release: () => process.off('SIGINT', onSigint) };
}

/** The `letters batch` handler: options in, results printed, the exit code out. */
export async function batchCommand(io: Io, args: Args): Promise<number> {
  const quiet = args.quiet as boolean;
  let progress: ProgressReporter | undefined;
  const ctrlC = stopOnCtrlC(io, () => progress?.stop());
  try {
    const summary = await batch(args.campaign as string, {
      outDir: args.out as string | undefined,
      jobs: args.jobs as number | undefined,
      force: args.force as boolean,
      sourceDateEpoch: io.env.SOURCE_DATE_EPOCH,
      signal: ctrlC.signal,
      onStart: (info) => {
        if (!quiet) {
          io.stderr(`Campaign ${info.campaign}: ${info.total} letters into ${shown(info.dir, io.cwd)}, ${info.jobs} job${info.jobs === 1 ? '' : 's'}.\n`);
        }
        progress = createProgress(quiet ? 'none' : io.stderrIsTTY ? 'bar' : 'lines', { stream: process.stderr, write: io.stderr });
      },
      onProgress: (p) => progress?.update(p),
    });
    progress?.stop();
    printBatchSummary(io, summary, quiet);
    if (args.json) {
      const manifest = { csv: shown(summary.manifest.csv, io.cwd), json: shown(summary.manifest.json, io.cwd) };
      io.stdout(`${JSON.stringify({ ...summary, dir: shown(summary.dir, io.cwd), manifest }, null, 2)}\n`);
    } else io.stdout(`${shown(summary.manifest.csv, io.cwd)}\n`);
    if (summary.interrupted) return EXIT.interrupted;
    return summary.failed > 0 ? EXIT.badInput : EXIT.ok;
  } finally {
    progress?.stop();
    ctrlC.release();
  }
}
