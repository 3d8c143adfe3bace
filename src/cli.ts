// The command line: the yargs declaration. Each command's handler (commands/) prints its results and
// picks its exit code; typed errors become messages here, in `guarded`.
import yargs, { type Argv, type Options } from 'yargs';
import { EXIT, printProblems, type Io } from './commands/print.js';
import { LABEL_LANGUAGES } from './languages/labels.js';
import { UserError, ValidationError } from './errors.js';

// Commands are imported when run, so `--help` and `validate` do not pay for pdfkit and the worker pool.

export { EXIT, type Io };

class UsageError extends Error {}

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
        code = await guarded(io, async () => (await import('./commands/generate.js')).generateCommand(io, args));
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
        code = await guarded(io, async () => (await import('./commands/preview.js')).previewCommand(io, args));
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
        code = await guarded(io, async () => (await import('./commands/batch.js')).batchCommand(io, args));
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
        code = await guarded(io, async () => (await import('./commands/validate.js')).validateCommand(io, args));
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
