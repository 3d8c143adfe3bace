// The command line: the only place that prints or chooses exit codes. Commands call the library.
import { relative, isAbsolute } from 'node:path';
import yargs, { type Argv, type Options } from 'yargs';
import type { ProgressReporter } from './batch/progress.js';
import type { BatchSummary } from './commands/batch.js';
import { LABEL_LANGUAGES } from './languages/labels.js';
import { formatProblem, UserError, ValidationError, type Problem } from './errors.js';

// Commands are imported when run, so `--help` and `validate` do not pay for pdfkit and the worker pool.

export const EXIT = { ok: 0, badInput: 1, usage: 2, interrupted: 130 } as const;

class UsageError extends Error {}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdoutIsTTY: boolean;
  stdoutColumns?: number;
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const defaultIo = (): Io => ({
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stdoutIsTTY: !!process.stdout.isTTY,
  stdoutColumns: process.stdout.columns,
  stderrIsTTY: !!process.stderr.isTTY,
  env: process.env,
  cwd: process.cwd(),
});

/** Every option, declared once, with a sentence for --help. */
const OPTIONS = {
  recipient: { type: 'string', array: true, description: 'Only the letter to this recipient id; repeat for several.' },
  out: { type: 'string', description: "Folder to write into, instead of out/ in the case's workspace." },
  force: { type: 'boolean', default: false, description: 'Overwrite letters that exist already.' },
  json: { type: 'boolean', default: false, description: 'Print machine-readable JSON results on stdout.' },
  width: { type: 'number', description: 'Wrap the preview at this many characters (default: the terminal width up to 100, else 80).' },
  language: { type: 'string', description: "Preview the letter in this language instead of the case's (e.g. fr)." },
  jobs: { type: 'number', description: 'Render on this many worker threads (default: the number of cores); 1 renders without workers.' },
  quiet: { type: 'boolean', default: false, description: 'Print no progress and no summary, only failures.' },
} satisfies Record<string, Options>;

function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function printProblems(io: Io, problems: Problem[], cwd: string): void {
  for (const p of problems) io.stderr(`${formatProblem({ ...p, file: shown(p.file, cwd) })}\n`);
}

/** Prints the problems of the letters that failed; returns how many did. */
function reportFailed(io: Io, letters: { id: string; status: string; problems?: Problem[]; error?: string }[], outcome: string): number {
  const failed = letters.filter((l) => l.status === 'failed');
  for (const l of failed) {
    if (l.problems) printProblems(io, l.problems, io.cwd);
    else io.stderr(`error: ${l.error}\n`);
    io.stderr(`letter ${l.id} ${outcome}.\n`);
  }
  return failed.length;
}

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

/** Runs a command handler, turning typed errors into messages and exit codes. */
async function guarded(io: Io, work: () => Promise<number> | number): Promise<number> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ValidationError) {
      printProblems(io, err.problems, io.cwd);
      const count = err.problems.filter((p) => p.severity === 'error').length;
      io.stderr(`${count} problem${count === 1 ? '' : 's'} found; nothing was written.\n`);
      return EXIT.badInput;
    }
    if (err instanceof UserError) {
      io.stderr(`error: ${err.message}\n`);
      return EXIT.badInput;
    }
    io.stderr(`internal error: ${(err as Error).message}\nThis is a bug in letters; please report it with the input that caused it.\n`);
    if (io.env.LETTERS_DEBUG) io.stderr(`${(err as Error).stack}\n`);
    return EXIT.badInput;
  }
}

type Args = Record<string, unknown>;

async function runGenerate(io: Io, args: Args): Promise<number> {
  const { generate } = await import('./commands/generate.js');
  const result = await generate(args.case as string, {
    recipients: args.recipient as string[] | undefined,
    outDir: args.out as string | undefined,
    force: args.force as boolean,
    sourceDateEpoch: io.env.SOURCE_DATE_EPOCH,
  });
  printProblems(io, result.warnings, io.cwd);
  const failed = reportFailed(io, result.letters, 'was not written');
  if (args.json) io.stdout(`${JSON.stringify({ case: result.caseId, letters: result.letters, warnings: result.warnings }, null, 2)}\n`);
  else for (const l of result.letters) if (l.status === 'written') io.stdout(`${shown(l.path, io.cwd)}\n`);
  return failed > 0 ? EXIT.badInput : EXIT.ok;
}

async function runPreview(io: Io, args: Args): Promise<number> {
  const { preview } = await import('./commands/preview.js');
  const width = (args.width as number | undefined) ?? (io.stdoutIsTTY ? Math.min(io.stdoutColumns ?? 80, 100) : 80);
  const color = io.stdoutIsTTY && !io.env.NO_COLOR && !args.json;
  const result = preview(args.case as string, {
    recipients: args.recipient as string[] | undefined,
    width,
    color,
    language: args.language as string | undefined,
  });
  printProblems(io, result.warnings, io.cwd);
  const failed = reportFailed(io, result.letters, 'could not be previewed');
  if (args.json) {
    io.stdout(
      `${JSON.stringify(
        result.letters.map((l) => ({ ...l, path: shown(l.path, io.cwd) })),
        null,
        2,
      )}\n`,
    );
  } else {
    const ok = result.letters.filter((l) => l.status === 'ok');
    ok.forEach((l, i) => {
      if (ok.length > 1) {
        const title = ` ${l.id} → ${shown(l.path, io.cwd)} `;
        io.stdout(`${i > 0 ? '\n' : ''}${'='.repeat(3)}${title}${'='.repeat(Math.max(3, Math.min(width, 100) - title.length - 3))}\n\n`);
      }
      io.stdout(l.text!);
    });
  }
  return failed > 0 ? EXIT.badInput : EXIT.ok;
}

async function runBatch(io: Io, args: Args): Promise<number> {
  const quiet = args.quiet as boolean;
  let progress: ProgressReporter | undefined;
  const ctrlC = stopOnCtrlC(io, () => progress?.stop());
  try {
    const [{ batch }, { createProgress }] = await Promise.all([import('./commands/batch.js'), import('./batch/progress.js')]);
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

async function runValidate(io: Io, args: Args): Promise<number> {
  const { reportJson, validateFile } = await import('./commands/validate.js');
  const reports = (args.files as string[]).map(validateFile);
  const json = reports.map((r) => reportJson(r, (f) => shown(f, io.cwd)));
  if (args.json) io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  for (const r of reports) {
    printProblems(io, r.problems, io.cwd);
    if (!args.json) {
      const errors = r.problems.filter((p) => p.severity === 'error').length;
      const warnings = r.problems.length - errors;
      const counts = [errors ? `${errors} error${errors > 1 ? 's' : ''}` : '', warnings ? `${warnings} warning${warnings > 1 ? 's' : ''}` : '']
        .filter(Boolean)
        .join(', ');
      io.stdout(`${shown(r.file, io.cwd)}: ${r.ok ? 'ok' : 'invalid'}${r.kind ? ` (${r.kind})` : ''}${counts ? `, ${counts}` : ''}\n`);
    }
  }
  return reports.every((r) => r.ok) ? EXIT.ok : EXIT.badInput;
}

/** Rules across options live here, once; each message ends with an example. */
function checkOptions(args: Args): true {
  const jobs = args.jobs as number | undefined;
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) {
    throw new UsageError(`--jobs must be a whole number of at least 1, not ${String(jobs)}; e.g. letters batch campaigns/kazakhstan-day-2020.yaml --jobs 4`);
  }
  const width = args.width as number | undefined;
  if (width !== undefined && !(Number.isInteger(width) && width >= 20)) {
    throw new UsageError(`--width must be a whole number of at least 20, not ${String(width)}; e.g. letters preview cases/erlan-baltabay.yaml --width 72`);
  }
  const language = args.language as string | undefined;
  if (language !== undefined && !(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(language) && LABEL_LANGUAGES.includes(language.split('-')[0]!))) {
    throw new UsageError(
      `--language must be one of ${LABEL_LANGUAGES.join(', ')}, not ${language}; e.g. letters preview cases/erlan-baltabay.yaml --language fr`,
    );
  }
  if (args.recipient !== undefined && (args.recipient as unknown[]).some((r) => typeof r !== 'string' || r === '')) {
    throw new UsageError('--recipient needs a recipient id; e.g. letters generate cases/erlan-baltabay.yaml --recipient tokayev');
  }
  return true;
}

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let code: number = EXIT.ok;
  const parser: Argv = yargs(argv)
    .scriptName('letters')
    .usage('$0 <command> [options]\n\nGenerate, batch and preview campaign appeal letters from YAML case files.')
    .command(
      'generate <case>',
      'Write one PDF letter per recipient of a case.',
      (y) =>
        y
          .positional('case', { type: 'string', demandOption: true, description: 'The case file, e.g. cases/erlan-baltabay.yaml.' })
          .options({ recipient: OPTIONS.recipient, out: OPTIONS.out, force: OPTIONS.force, json: OPTIONS.json })
          .example('$0 generate cases/erlan-baltabay.yaml', 'Write out/erlan-baltabay/tokayev.pdf.')
          .example('$0 generate cases/erlan-baltabay.yaml --recipient tokayev --out letters --force', 'Rewrite one letter into letters/.'),
      async (args) => {
        code = await guarded(io, () => runGenerate(io, args));
      },
    )
    .command(
      'preview <case>',
      'Print the letters of a case as plain text, as their PDFs would read.',
      (y) =>
        y
          .positional('case', { type: 'string', demandOption: true, description: 'The case file, e.g. cases/erlan-baltabay.yaml.' })
          .options({ recipient: OPTIONS.recipient, width: OPTIONS.width, language: OPTIONS.language, json: OPTIONS.json })
          .example('$0 preview cases/erlan-baltabay.yaml', 'Read the letter in the terminal.')
          .example('$0 preview cases/erlan-baltabay.yaml --width 72 | less', 'Page through it at 72 columns.'),
      async (args) => {
        code = await guarded(io, () => runPreview(io, args));
      },
    )
    .command(
      'batch <campaign>',
      'Write every letter of a campaign day in parallel, with a manifest; re-runs skip unchanged letters.',
      (y) =>
        y
          .positional('campaign', { type: 'string', demandOption: true, description: 'The campaign file, e.g. campaigns/kazakhstan-day-2020.yaml.' })
          .options({
            out: { ...OPTIONS.out, description: "Folder to write into, instead of out/ in the campaign's workspace; letters go to <folder>/<campaign-id>/." },
            jobs: OPTIONS.jobs,
            force: { ...OPTIONS.force, description: 'Rewrite every letter, even those unchanged since the last run.' },
            json: { ...OPTIONS.json, description: 'Print the summary as JSON on stdout (the rows are in manifest.json).' },
            quiet: OPTIONS.quiet,
          })
          .example('$0 batch campaigns/kazakhstan-day-2020.yaml', 'Write out/kazakhstan-day-2020/<sender>/<case>--<official>.pdf and the manifest.')
          .example('$0 batch campaigns/kazakhstan-day-2020.yaml --jobs 4 --out letters', 'Use four worker threads and write into letters/.')
          .example('$0 batch campaigns/kazakhstan-day-2020.yaml --force', 'Rewrite every letter, changed or not.')
          .example('$0 batch campaigns/kazakhstan-day-2020.yaml --json --quiet > summary.json', 'Keep a machine-readable summary, with no progress output.'),
      async (args) => {
        code = await guarded(io, () => runBatch(io, args));
      },
    )
    .command(
      'validate <files..>',
      'Check case, sender, directory and campaign files and report every problem at once.',
      (y) =>
        y
          .positional('files', { type: 'string', array: true, demandOption: true, description: 'YAML files of any of the four kinds.' })
          .options({ json: OPTIONS.json })
          .example('$0 validate cases/*.yaml senders/*.yaml', 'Check all cases and senders.'),
      async (args) => {
        code = await guarded(io, () => runValidate(io, args));
      },
    )
    .check(checkOptions, true)
    .demandCommand(1, 'Name a command: generate, preview, batch or validate.')
    .strict()
    .help()
    .alias('help', 'h')
    .version(false)
    .wrap(Math.min(100, io.stdoutColumns ?? 100))
    .exitProcess(false)
    .fail((message, err) => {
      // Stop parsing at the first usage error; main() reports it once, with exit code 2.
      throw err ?? new UsageError(message);
    })
    .showHelpOnFail(false);
  try {
    await parser.parseAsync();
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${err.message}\nRun \`letters --help\` for usage, e.g. letters generate cases/erlan-baltabay.yaml\n`);
      return EXIT.usage;
    }
    io.stderr(`internal error: ${(err as Error).message}\n`);
    return EXIT.badInput;
  }
  return code;
}
