// The command line: the only place that prints or chooses exit codes. Commands call the library.
import yargs, { type Argv, type Options } from 'yargs';
import { guarded } from './commands/guarded.js';
import { EXIT, type Args, type Io } from './commands/print.js';
import { parseSmtpUrl } from './batch/smtp-url.js';
import { rateMessage, readRate } from './commands/send-rate.js';
import { escapeControls, UserError } from './errors.js';
import { toolVersion } from './version.js';

// Commands are imported when run, so `--help` and `validate` do not pay for pdfkit and the worker pool;
// the language modules (with their date locales) likewise, only for --language.

export { EXIT, type Io };

class UsageError extends Error {}

/**
 * Writes to a stream whose reader may go early (`| head`, a pager quit before the end): node then
 * reports EPIPE as an unhandled error, a stack trace. The command goes on (its letters are written
 * whole) and what it would still print is dropped; any other write error is the bug it was.
 */
function writerTo(stream: NodeJS.WriteStream): (text: string) => void {
  let gone = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    gone = true;
  });
  return (text) => {
    if (!gone) stream.write(text);
  };
}

const defaultIo = (): Io => ({
  stdout: writerTo(process.stdout),
  stderr: writerTo(process.stderr),
  stdoutIsTTY: !!process.stdout.isTTY,
  stdoutColumns: process.stdout.columns,
  stderrIsTTY: !!process.stderr.isTTY,
  env: process.env,
  cwd: process.cwd(),
});

/** Every option, declared once, with a sentence for --help. */
const OPTIONS = {
  recipient: { type: 'string', array: true, requiresArg: true, description: 'Only the letter to this recipient id; repeat for several.' },
  out: { type: 'string', requiresArg: true, description: "Folder to write into, instead of out/ in the case's workspace." },
  force: { type: 'boolean', default: false, description: 'Overwrite letters that exist already.' },
  json: { type: 'boolean', default: false, description: 'Print machine-readable JSON results on stdout.' },
  width: { type: 'number', requiresArg: true, description: 'Wrap the preview at this many characters (default: the terminal width up to 100, else 80).' },
  language: { type: 'string', requiresArg: true, description: "Preview the letter in this language instead of the case's (e.g. fr)." },
  jobs: {
    type: 'number',
    requiresArg: true,
    description: 'Render on this many worker threads (default: one per 4,000 letters, up to one per core); 1 renders without workers.',
  },
  quiet: { type: 'boolean', default: false, description: 'Print no progress and no summary, only failures.' },
  sender: { type: 'string', array: true, description: 'Preview only the letters of this sender of the campaign; repeat for several.' },
  case: { type: 'string', array: true, description: 'Preview only the letters of this case of the campaign; repeat for several.' },
  official: { type: 'string', array: true, description: 'Preview only the letters to this official of the campaign; repeat for several.' },
  eml: {
    type: 'boolean',
    default: false,
    description: "Also write each letter's e-mail draft (.eml, the PDF attached) beside it, for letters send or a mail client.",
  },
} satisfies Record<string, Options>;

/** The last text given for `--name` on the command line, as typed (yargs turns a bad number into NaN or null). */
function typed(argv: readonly string[], name: string): string | undefined {
  let found: string | undefined;
  for (const [i, arg] of argv.entries()) {
    if (arg === '--') break;
    if (arg === `--${name}`) found = argv[i + 1];
    else if (arg.startsWith(`--${name}=`)) found = arg.slice(name.length + 3);
  }
  return found;
}

/** The latest second a PDF date can hold: 9999-12-31T23:59:59Z. */
const MAX_SOURCE_DATE_EPOCH = 253402300799;
/** The widest preview, in characters: wider than any terminal. */
const MAX_WIDTH = 1_000;

/** `letters send`'s server: `--smtp`, else LETTERS_SMTP_URL with `--send`; a URL it cannot use is wrong usage, as a bad --rate is. */
function checkSmtp(args: Args, env: NodeJS.ProcessEnv): void {
  const given = args.smtp as string | undefined;
  const url = given ?? (args.send ? env.LETTERS_SMTP_URL : undefined);
  if (args.send && !url) {
    throw new UsageError(
      '--send needs an SMTP server: pass --smtp smtp://user@mail.example.org:587 or set LETTERS_SMTP_URL; e.g. letters send out/kazakhstan-day-2020 --send --smtp smtp://campaigns%40example.org@mail.example.org:587',
    );
  }
  if (url === undefined) return;
  try {
    parseSmtpUrl(url, given !== undefined ? '--smtp' : 'LETTERS_SMTP_URL');
  } catch (err) {
    if (err instanceof UserError) throw new UsageError(err.message);
    throw err;
  }
}

/** Rules across options live here, once; each message ends with an example. */
function checkOptions(args: Args, argv: readonly string[], env: NodeJS.ProcessEnv, labelLanguages: readonly string[]): true {
  // yargs reads `--force=maybe` as false without a word; a switch takes true, false or nothing.
  for (const arg of argv) {
    if (arg === '--') break;
    const m = /^--(?:no-)?([\w-]+)=(.*)$/s.exec(arg);
    const option = OPTIONS[m?.[1] as keyof typeof OPTIONS] as Options | undefined;
    if (m && option?.type === 'boolean' && m[2] !== 'true' && m[2] !== 'false') {
      throw new UsageError(`--${m[1]} is on or off: write \`--${m[1]}\` alone, or \`--${m[1]}=true\` or \`--${m[1]}=false\`, not \`${arg}\``);
    }
  }
  for (const [name, option] of Object.entries(OPTIONS) as [string, Options][]) {
    if (!option.array && Array.isArray(args[name])) {
      throw new UsageError(`--${name} is given twice: give it once; e.g. letters generate cases/erlan-baltabay.yaml --out letters`);
    }
  }
  // `--out "$DIR"` with DIR unset wrote the letters into the current folder, as if `--out .` were meant.
  if (args.out === '') {
    throw new UsageError('--out names no folder (an empty value: an unset variable?); e.g. letters generate cases/erlan-baltabay.yaml --out letters');
  }
  // `letters generate "$CASE"` with CASE unset read the current folder ("…: error: is a folder"), exit 1.
  const command = (args._ as unknown[] | undefined)?.[0];
  const positional = { generate: args.case, preview: args.file, batch: args.campaign, send: args.target, validate: args.files }[String(command)];
  if (positional === '' || (Array.isArray(positional) && positional.includes(''))) {
    const example = {
      generate: 'cases/erlan-baltabay.yaml',
      preview: 'cases/erlan-baltabay.yaml',
      batch: 'campaigns/kazakhstan-day-2020.yaml',
      send: 'out/kazakhstan-day-2020',
      validate: 'cases/erlan-baltabay.yaml',
    }[String(command)];
    throw new UsageError(
      `${String(command)} names no ${command === 'send' ? 'folder' : 'file'} (an empty value: an unset variable?); e.g. letters ${String(command)} ${example}`,
    );
  }
  const jobs = args.jobs as number | null | undefined;
  if (jobs !== undefined && !(typeof jobs === 'number' && Number.isInteger(jobs) && jobs >= 1)) {
    throw new UsageError(
      `--jobs must be a whole number of at least 1, not \`${typed(argv, 'jobs') ?? String(jobs)}\`; e.g. letters batch campaigns/kazakhstan-day-2020.yaml --jobs 4`,
    );
  }
  const width = args.width as number | null | undefined;
  // At most MAX_WIDTH: a line of 9,999,999,999 characters is more than a string can hold.
  if (width !== undefined && !(typeof width === 'number' && Number.isInteger(width) && width >= 20 && width <= MAX_WIDTH)) {
    throw new UsageError(
      `--width must be a whole number from 20 to ${MAX_WIDTH}, not \`${typed(argv, 'width') ?? String(width)}\`; e.g. letters preview cases/erlan-baltabay.yaml --width 72`,
    );
  }
  const epoch = env.SOURCE_DATE_EPOCH;
  if ((command === 'generate' || command === 'batch') && epoch && !(/^\d{1,12}$/.test(epoch) && Number(epoch) <= MAX_SOURCE_DATE_EPOCH)) {
    throw new UsageError(
      `SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 from 0 to ${MAX_SOURCE_DATE_EPOCH} (the end of year 9999), not \`${epoch}\`; ` +
        'e.g. SOURCE_DATE_EPOCH=1576454400 letters generate cases/erlan-baltabay.yaml, or unset it',
    );
  }
  const language = args.language as string | undefined;
  if (language !== undefined && !(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(language) && labelLanguages.includes(language.split('-')[0]!))) {
    throw new UsageError(
      `--language must be one of ${labelLanguages.join(', ')}, not ${language}; e.g. letters preview cases/erlan-baltabay.yaml --language fr`,
    );
  }
  const limit = args.limit as number | undefined;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
    throw new UsageError(`--limit must be a whole number of at least 1, not ${String(limit)}; e.g. letters send out/kazakhstan-day-2020 --send --limit 10`);
  }
  const rate = args.rate as string | undefined;
  if (rate !== undefined && readRate(String(rate)) === undefined) throw new UsageError(rateMessage(String(rate)));
  if (command === 'send') checkSmtp(args, env);
  if (args.recipient !== undefined && (args.recipient as unknown[]).some((r) => typeof r !== 'string' || r === '')) {
    throw new UsageError('--recipient needs a recipient id; e.g. letters generate cases/erlan-baltabay.yaml --recipient tokayev');
  }
  for (const pick of ['sender', 'case', 'official'] as const) {
    // `case` is also generate's positional (a string); only preview's options are lists.
    if (Array.isArray(args[pick]) && ((args[pick] as unknown[]).length === 0 || (args[pick] as unknown[]).some((r) => typeof r !== 'string' || r === ''))) {
      throw new UsageError(
        `--${pick} needs an id of the campaign's ${pick}s; e.g. letters preview campaigns/kazakhstan-day-2020.yaml --${pick} ${pick === 'sender' ? 'ituc' : pick === 'case' ? 'erlan-baltabay' : 'kz-president'}`,
      );
    }
  }
  return true;
}

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let code: number = EXIT.ok;
  const labelLanguages = argv.some((a) => a.startsWith('--language')) ? (await import('./languages/labels.js')).LABEL_LANGUAGES : [];
  const parser: Argv = yargs(argv)
    .scriptName('letters')
    .usage('$0 <command> [options]\n\nGenerate, batch and preview campaign appeal letters from YAML case files.')
    .command(
      'generate <case>',
      'Write one PDF letter per recipient of a case.',
      (y) =>
        y
          .positional('case', { type: 'string', demandOption: true, description: 'The case file, e.g. cases/erlan-baltabay.yaml.' })
          .options({ recipient: OPTIONS.recipient, out: OPTIONS.out, force: OPTIONS.force, eml: OPTIONS.eml, json: OPTIONS.json })
          .example('$0 generate cases/erlan-baltabay.yaml', 'Write out/erlan-baltabay/tokayev.pdf.')
          .example('$0 generate cases/erlan-baltabay.yaml --recipient tokayev --out letters --force', 'Rewrite one letter into letters/.'),
      async (args) => {
        code = await guarded(io, async () => (await import('./commands/generate.js')).generateCommand(io, args), { json: args.json === true });
      },
    )
    .command(
      'preview <file>',
      'Print the letters of a case or a campaign as plain text, as their PDFs would read.',
      (y) =>
        y
          .positional('file', {
            type: 'string',
            demandOption: true,
            description: 'A case file (cases/erlan-baltabay.yaml) or a campaign file (campaigns/kazakhstan-day-2020.yaml).',
          })
          .options({
            recipient: OPTIONS.recipient,
            sender: OPTIONS.sender,
            case: OPTIONS.case,
            official: OPTIONS.official,
            width: OPTIONS.width,
            language: OPTIONS.language,
            json: OPTIONS.json,
          })
          .example('$0 preview cases/erlan-baltabay.yaml', 'Read the letter in the terminal.')
          .example('$0 preview campaigns/kazakhstan-day-2020.yaml --sender fse-exemple --official kz-president', 'Read one letter of a campaign day.')
          .example('$0 preview cases/erlan-baltabay.yaml --width 72 | less', 'Page through it at 72 columns.'),
      async (args) => {
        code = await guarded(io, async () => (await import('./commands/preview.js')).previewCommand(io, args), { json: args.json === true });
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
            eml: OPTIONS.eml,
          })
          .example('$0 batch campaigns/kazakhstan-day-2020.yaml', 'Write out/kazakhstan-day-2020/<sender>/<case>/<official>.pdf and the manifest.')
          .example('$0 batch campaigns/kazakhstan-day-2020.yaml --jobs 4 --out letters', 'Use four worker threads and write into letters/.')
          .example('$0 batch campaigns/kazakhstan-day-2020.yaml --force', 'Rewrite every letter, changed or not.')
          .example('$0 batch campaigns/kazakhstan-day-2020.yaml --json --quiet > summary.json', 'Keep a machine-readable summary, with no progress output.'),
      async (args) => {
        code = await guarded(io, async () => (await import('./commands/batch.js')).batchCommand(io, args), { json: args.json === true });
      },
    )
    .command(
      'send <target>',
      "Send the e-mail drafts of a batch's letters by SMTP, each exactly once; a dry run unless --send.",
      (y) =>
        y
          .positional('target', {
            type: 'string',
            demandOption: true,
            description: 'The campaign folder of a batch run with --eml, or its manifest.json (or manifest.csv).',
          })
          .options({
            send: { type: 'boolean', default: false, description: 'Really send; without it, print what would be sent and send nothing.' },
            smtp: {
              type: 'string',
              description:
                'The SMTP server, smtp://user@host:587 (STARTTLS) or smtps://user@host:465 (TLS); default: LETTERS_SMTP_URL. The password comes from LETTERS_SMTP_PASSWORD or a prompt, never the URL.',
            },
            limit: { type: 'number', description: 'Send at most this many messages in this run; the rest wait for the next.' },
            rate: { type: 'string', description: 'At most this many messages per minute, e.g. 20 or 20/min (default 20).' },
            'resend-uncertain': {
              type: 'boolean',
              default: false,
              description: 'Send again the messages a stopped run handed to the server without getting its answer (check the mailbox first).',
            },
            json: { ...OPTIONS.json, description: 'Print every letter and the counts as JSON on stdout.' },
          })
          .example('$0 send out/kazakhstan-day-2020', 'Show what would be sent.')
          .example('LETTERS_SMTP_PASSWORD=... $0 send out/kazakhstan-day-2020 --send --smtp smtp://campaigns%40example.org@mail.example.org:587', 'Send them.'),
      async (args) => {
        code = await guarded(io, async () => (await import('./commands/send.js')).sendCommand(io, args), { json: args.json === true });
      },
    )
    .command(
      'validate <files..>',
      'Check case, sender, directory and campaign files, and template files, and report every problem at once.',
      (y) =>
        y
          .positional('files', { type: 'string', array: true, demandOption: true, description: 'YAML files of any of the four kinds, or templates (.hbs).' })
          .options({ json: OPTIONS.json })
          .example('$0 validate cases/*.yaml senders/*.yaml', 'Check all cases and senders.')
          .example('$0 validate templates/appeal/email.en.hbs', 'Check an e-mail cover note while you write it.'),
      async (args) => {
        code = await guarded(io, async () => (await import('./commands/validate.js')).validateCommand(io, args), { json: args.json === true });
      },
    )
    .check((args) => checkOptions(args, argv, io.env, labelLanguages), true)
    // yargs's own usage messages, in the words of this tool.
    .updateStrings({
      'Not enough arguments following: %s': '--%s needs a value after it',
      'Unknown argument: %s': {
        one: 'unknown option or argument: %s (check its spelling; `letters <command> --help` lists what each command takes)',
        other: 'unknown options or arguments: %s (check their spelling; `letters <command> --help` lists what each command takes)',
      },
      'Not enough non-option arguments: got %s, need at least %s': {
        one: 'name at least one file to work on (got %s, need at least %s)',
        other: 'name at least one file to work on (got %s, need at least %s)',
      },
      // Plural messages take {one, other}, as in yargs's own locales; its types know only plain strings.
    } as unknown as Record<string, string>)
    .demandCommand(1, 'Name a command: generate, preview, batch, send or validate.')
    .strict()
    .help()
    .alias('help', 'h')
    .version(toolVersion())
    .wrap(Math.min(100, io.stdoutColumns ?? 100))
    .exitProcess(false)
    .fail((message, err) => {
      // Stop parsing at the first usage error; main() reports it once, with exit code 2.
      // yargs's parser reports an option without its value as a YError: a usage error too.
      throw err && err.name !== 'YError' ? err : new UsageError(message ?? err?.message);
    })
    .showHelpOnFail(false);
  try {
    await parser.parseAsync();
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${escapeControls(err.message)}\nRun \`letters --help\` for usage, e.g. letters generate cases/erlan-baltabay.yaml\n`);
      return EXIT.usage;
    }
    io.stderr(`internal error: ${escapeControls((err as Error).message)}\n`);
    return EXIT.badInput;
  }
  return code;
}
