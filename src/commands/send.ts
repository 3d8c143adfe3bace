import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { escapeControls, StoppedError, UserError } from '../errors.js';
import { DEFAULT_RATE, rateMessage, readRate } from './send-rate.js';
import { wrongForSend } from './file-kind.js';
import { EXIT, shown, stoppedExit, toJson, type Args, type Io } from './print.js';
import { sendLetters, type SendItem, type SendSummary } from '../batch/send-letters.js';
import { createSmtpTransport, parseSmtpUrl } from '../batch/smtp-transport.js';
import { stopName } from '../batch/stop-name.js';

export type { SendItem, SendSummary };

export interface SendCommandOptions {
  send: boolean;
  /** --smtp, else LETTERS_SMTP_URL. */
  smtp?: string;
  limit?: number;
  /** "30" or "30/min". */
  rate?: string;
  resendUncertain?: boolean;
  env: NodeJS.ProcessEnv;
  /** Asks for the password on a terminal, giving up when `signal` aborts; absent when stdin is not one. */
  askPassword?: (question: string, signal?: AbortSignal) => Promise<string>;
  onItem?: (item: SendItem) => void;
  signal?: AbortSignal;
}

export function parseRate(text: string | undefined): number {
  if (text === undefined) return DEFAULT_RATE;
  const rate = readRate(text);
  if (rate === undefined) throw new UserError(rateMessage(text));
  return rate;
}

/**
 * `letters send`: a dry run unless `send`; with `send`, the SMTP URL from --smtp or LETTERS_SMTP_URL
 * and the password from LETTERS_SMTP_PASSWORD or a prompt; never from the command line.
 */
export async function send(target: string, options: SendCommandOptions): Promise<SendSummary> {
  const ratePerMinute = parseRate(options.rate);
  let transport: (() => ReturnType<typeof createSmtpTransport>) | undefined;
  if (options.send) {
    const url = options.smtp ?? options.env.LETTERS_SMTP_URL;
    if (!url) throw new UserError('--send needs an SMTP server: pass --smtp smtp://user@mail.example.org:587 or set LETTERS_SMTP_URL.');
    const smtp = parseSmtpUrl(url, options.smtp ? '--smtp' : 'LETTERS_SMTP_URL');
    let password = options.env.LETTERS_SMTP_PASSWORD;
    if (smtp.user && password === undefined) {
      if (!options.askPassword)
        throw new UserError(`no password for ${smtp.user}: set LETTERS_SMTP_PASSWORD, or run letters send on a terminal to be asked for it.`);
      password = await options.askPassword(`SMTP password for ${escapeControls(smtp.user)} at ${escapeControls(smtp.host)}: `, options.signal);
    }
    transport = () => createSmtpTransport(smtp, password);
  }
  // Stopped before the first letter's turn (at the prompt, whose answer may still come): the run never
  // began, so it is not run only to defer every letter, rewriting the manifest and starting a send log.
  if (options.signal?.aborted) throw stoppedBeforeStart(options.signal.reason, 'before the run began');
  return sendLetters(target, {
    send: options.send,
    ...(transport ? { transport } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ratePerMinute,
    resendUncertain: !!options.resendUncertain,
    ...(options.onItem ? { onItem: options.onItem } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

function stoppedBeforeStart(reason: unknown, when: string): StoppedError {
  const signal: NodeJS.Signals = reason === 'SIGINT' ? 'SIGINT' : 'SIGTERM';
  return new StoppedError(signal, `Stopped by ${stopName(reason)} ${when}: nothing was sent, and the manifest and the send log are untouched.`);
}

/**
 * Reads a line from the terminal without echoing it; rejects with a StoppedError when `signal` aborts
 * or Ctrl-C is typed (read raw, a key and not a signal), so a stop never leaves the prompt waiting.
 */
export function askHidden(
  question: string,
  signal: AbortSignal,
  streams: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream } = { input: process.stdin, output: process.stderr },
): Promise<string> {
  streams.output.write(question);
  const muted = new Writable({ write: (_chunk, _enc, done) => done() });
  const rl = createInterface({ input: streams.input, output: muted, terminal: true });
  return new Promise((resolve, reject) => {
    let done = false;
    const end = (settle: () => void) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      rl.close();
      streams.output.write('\n');
      settle();
    };
    const stop = (reason: unknown) => end(() => reject(stoppedBeforeStart(reason, 'at the password prompt')));
    const onAbort = () => stop(signal.reason);
    rl.on('SIGINT', () => stop('SIGINT'));
    rl.question('', (answer) => end(() => resolve(answer)));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort);
  });
}

/**
 * One line per letter: what happens to it, and to whom. Everything in it comes from the drafts (a
 * manifest edited by hand, a subject from a case) or the server, so its control characters are escaped.
 */
export function itemLine(item: SendItem, shown: (file: string) => string): string {
  const e = escapeControls;
  const to = `To: ${e(item.to.join(', ')) || '-'}${item.cc.length > 0 ? `; Cc: ${e(item.cc.join(', '))}` : ''}`;
  const subject = item.subject ? `; Subject: ${e(item.subject)}` : '';
  const attachment = item.attachment ? `; ${e(item.attachment.filename)} (${Math.ceil(item.attachment.bytes / 1024)} KB)` : '';
  const tail = item.reason ? `\n    ${e(item.reason)}` : item.answer && item.status !== 'already-sent' ? `\n    server: ${e(item.answer)}` : '';
  return `${item.status.padEnd(12)} ${e(shown(item.file))}: ${to}${subject}${attachment}${tail}\n`;
}

export function summaryLine(summary: SendSummary): string {
  const c = summary.counts;
  if (summary.dryRun) {
    // Stopped, the letters not looked at are deferred with those beyond --limit.
    const deferred = summary.interrupted ? `${c.deferred} beyond --limit or not looked at` : `${c.deferred} beyond --limit`;
    return `Dry run: ${c['would-send']} to send, ${c['already-sent']} already sent, ${c.uncertain} uncertain, ${c.changed} changed since sent, ${c['not-ready']} not ready, ${deferred}. Nothing was sent; pass --send to send.\n`;
  }
  return `Sent ${c.sent},${c['partly-sent'] > 0 ? ` partly sent ${c['partly-sent']} (some addresses refused),` : ''} failed ${c.failed}, already sent ${c['already-sent']}, uncertain ${c.uncertain}, changed since sent ${c.changed}, not ready ${c['not-ready']}, left for later ${c.deferred}.\n`;
}

/**
 * Ctrl-C or SIGTERM while sending: the first stops handing messages over, so the one in flight gets
 * its answer (else it would be left uncertain) and the manifest is saved; the second quits at once.
 * The signal's name is the abort's reason, so what is left says which signal stopped it.
 */
function stopSending(io: Io, dryRun: boolean) {
  const controller = new AbortController();
  let code: number = EXIT.interrupted;
  const state = { prompting: false };
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(code);
    code = stoppedExit(signal);
    controller.abort(signal);
    // At the prompt the run ends before it starts, and says so itself.
    if (state.prompting) return;
    const again = signal === 'SIGTERM' ? 'another signal' : 'Ctrl-C again';
    io.stderr(
      dryRun
        ? `\nStopping the dry run: the letters after this one are not looked at (${again} to quit at once).\n`
        : `\nStopping: no more messages are handed over; waiting for the server's answer to the one in flight and saving the manifest (${again} to quit at once).\n`,
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    code: () => code,
    state,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** The `letters send` handler: options in, results printed, the exit code out. */
export async function sendCommand(io: Io, args: Args): Promise<number> {
  // A case or campaign file where the batch's folder belongs: a usage error naming the way, not "the manifest is not valid JSON".
  const wrong = wrongForSend(args.target as string);
  if (wrong !== undefined) {
    io.stderr(`error: ${escapeControls(wrong)}\n`);
    return EXIT.usage;
  }
  const stop = stopSending(io, !args.send);
  const askPassword = async (question: string, signal?: AbortSignal) => {
    stop.state.prompting = true;
    try {
      return await askHidden(question, signal ?? stop.signal);
    } finally {
      stop.state.prompting = false;
    }
  };
  // A StoppedError (a stop at the password prompt) goes on to guarded(), which reports every command's.
  try {
    return await sendAndReport(io, args, stop.signal, stop.code, process.stdin.isTTY ? askPassword : undefined);
  } finally {
    stop.release();
  }
}

async function sendAndReport(
  io: Io,
  args: Args,
  signal: AbortSignal,
  code: () => number,
  askPassword: ((question: string, signal?: AbortSignal) => Promise<string>) | undefined,
): Promise<number> {
  const summary = await send(args.target as string, {
    signal,
    send: args.send as boolean,
    smtp: args.smtp as string | undefined,
    limit: args.limit as number | undefined,
    rate: args.rate as string | undefined,
    resendUncertain: args['resend-uncertain'] as boolean,
    env: io.env,
    ...(askPassword ? { askPassword } : {}),
    onItem: (item) => {
      if (!args.json) io.stderr(itemLine(item, (f) => f));
    },
  });
  if (args.json)
    io.stdout(`${toJson({ ...summary, dir: shown(summary.dir, io.cwd), manifest: shown(summary.manifest, io.cwd), log: shown(summary.log, io.cwd) })}\n`);
  io.stderr(summaryLine(summary));
  // After the summary, so it is the last word: the letters are sent, but the manifest does not say so.
  if (summary.manifestNotSaved) io.stderr(`error: ${escapeControls(summary.manifestNotSaved)}\n`);
  const c = summary.counts;
  if (summary.interrupted) {
    io.stderr(
      summary.dryRun
        ? 'The dry run was stopped: run it again to see every letter; nothing was sent.\n'
        : 'Run the same command again to send the rest: letters sent already are not sent again.\n',
    );
    return code();
  }
  // The stop came while the last letter's answer was awaited, or after: nothing is left to run again,
  // so the run ends as it would have, and the exit status tells how the letters went, not the signal.
  if (signal.aborted) io.stderr(`${stopName(signal.reason)} came after every letter had had its turn: nothing was left undone.\n`);
  return c.failed + c['partly-sent'] + c.uncertain + c.changed > 0 || summary.manifestNotSaved ? EXIT.badInput : EXIT.ok;
}
