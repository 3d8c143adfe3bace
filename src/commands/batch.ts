import type { BatchOptions, BatchSummary } from '../batch/run-batch.js';
import { runBatchInThread } from '../batch/run-batch-in-thread.js';
import { createProgress, type ProgressReporter } from '../batch/progress.js';
import { escapeControls } from '../errors.js';
import { lettersListed } from '../batch/jobs-asked.js';
import { readKind, refuseKind } from './file-kind.js';
import { EXIT, printProblems, shown, toJson, type Args, type Io } from './print.js';
import { stopOnSignals } from './stop-on-signals.js';

export type { BatchOptions, BatchSummary };

/**
 * How many causes of failure the summary lists, the most frequent first, as a file's report stops at
 * 200 problems: 100,000 letters to as many unknown officials each failed for its own, 200,000 lines.
 */
const SHOWN_CAUSES = 200;

/** The end of a batch on stderr: each warning once, failures grouped by cause, then the counts. */
export function printBatchSummary(io: Io, summary: BatchSummary, quiet: boolean): void {
  printProblems(io, summary.warnings, io.cwd);
  if (summary.failures.length > 0) {
    io.stderr(`${summary.failed} letter${summary.failed === 1 ? '' : 's'} failed, by cause:\n`);
    for (const f of summary.failures.slice(0, SHOWN_CAUSES)) {
      const lines = f.cause.split('\n').map(escapeControls);
      const more = lines.length > 3 ? `\n      (and ${lines.length - 3} more problems: see the manifest)` : '';
      io.stderr(`  ${f.count} × ${lines.slice(0, 3).join('\n      ')}${more}\n`);
      io.stderr(`      e.g. ${escapeControls(f.letters.join(', '))}${f.count > f.letters.length ? ', ...' : ''}\n`);
    }
    const rest = summary.failures.slice(SHOWN_CAUSES);
    if (rest.length > 0) {
      const letters = rest.reduce((n, f) => n + f.count, 0);
      io.stderr(`  ... and ${rest.length} more causes, of ${letters} letter${letters === 1 ? '' : 's'}: see the \`error\` column of the manifest.\n`);
    }
  }
  if (summary.fault) io.stderr(`error: ${escapeControls(summary.fault)}\n`);
  if (summary.manifestError)
    io.stderr(
      `error: the manifest could not be saved (${escapeControls(summary.manifestError)}); the letters on disk are still recognised and skipped by the next run.\n`,
    );
  if (quiet) return;
  io.stderr(
    `${summary.fault ? 'Stopped: ' : summary.interrupted ? 'Interrupted: ' : ''}written ${summary.written}, skipped ${summary.skipped}, failed ${summary.failed} of ${summary.total} letters; ` +
      `${summary.pages} page${summary.pages === 1 ? '' : 's'} written in ${summary.seconds.toFixed(1)} s (${summary.lettersPerSecond.toFixed(1)} letters/s).\n`,
  );
  if (summary.interrupted || summary.fault) io.stderr('Run the same command again to resume: letters already written are skipped.\n');
}

/** The `letters batch` handler: options in, results printed, the exit code out. */
export async function batchCommand(io: Io, args: Args): Promise<number> {
  const { kind, data } = readKind(args.campaign as string);
  const refused = refuseKind(io, args.campaign as string, 'batch', ['campaign'], kind);
  if (refused !== undefined) return refused;
  const quiet = args.quiet as boolean;
  let progress: ProgressReporter | undefined;
  const signals = stopOnSignals(io, () => progress?.stop());
  try {
    // In a thread of its own, whose heap is bounded (run-batch-in-thread.ts); this one shows the progress.
    const summary = await runBatchInThread(args.campaign as string, {
      outDir: args.out as string | undefined,
      jobs: args.jobs as number | undefined,
      letters: lettersListed(data),
      force: args.force as boolean,
      eml: args.eml as boolean,
      sourceDateEpoch: io.env.SOURCE_DATE_EPOCH,
      signal: signals.signal,
      quit: signals.quit,
      onQuit: signals.quitNow,
      onStart: (info) => {
        signals.started();
        // Ctrl-C while the batch thread was starting: "Stopping" is said already, and no progress follows it.
        if (signals.signal.aborted) return;
        if (!quiet) {
          io.stderr(
            `Campaign ${escapeControls(info.campaign)}: ${info.total} letters into ${shown(info.dir, io.cwd)}, ${info.jobs} job${info.jobs === 1 ? '' : 's'}.\n`,
          );
        }
        progress = createProgress(quiet ? 'none' : io.stderrIsTTY ? 'bar' : 'lines', { stream: process.stderr, write: io.stderr });
      },
      onProgress: (p) => progress?.update(p),
    });
    progress?.stop();
    printBatchSummary(io, summary, quiet);
    if (args.json) {
      const manifest = { csv: shown(summary.manifest.csv, io.cwd), json: shown(summary.manifest.json, io.cwd) };
      io.stdout(`${toJson({ ...summary, dir: shown(summary.dir, io.cwd), manifest })}\n`);
    } else io.stdout(`${shown(summary.manifest.csv, io.cwd)}\n`);
    if (summary.fault) return EXIT.badInput;
    if (summary.interrupted) return signals.code();
    return summary.failed > 0 || summary.manifestError ? EXIT.badInput : EXIT.ok;
  } finally {
    progress?.stop();
    signals.release();
  }
}
