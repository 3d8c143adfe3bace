// `letters send`'s work: each letter's e-mail draft to its addresses, once, in manifest order.
import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { UserError, ValidationError, type Problem } from '../errors.js';
import { asciiAddress, uniqueAddresses } from '../input/email-address.js';
import { linkTarget, shellQuoted } from '../output/link-target.js';
import { lockFolder } from '../output/lock-folder.js';
import { isOutputFault } from '../output/output-fault.js';
import { megabytes, readOwnFile } from '../output/open-own-file.js';
import { jsonErrorAt } from './json-error-at.js';
import { readLetterFile } from './read-letter-file.js';
import { manifestRowProblem, openManifest, type ManifestRow } from './manifest.js';
import { sendFault } from './send-fault.js';
import { stopName } from './stop-name.js';
import { unsavedManifest } from './unsaved-manifest.js';
import { unwrittenLog } from './unwritten-log.js';
import { letterKey, openSendLog, readSendLog, type LetterLog, type SendLog, type SendRecord } from './send-log.js';
import { SessionError, UnansweredError, type SmtpAnswer, type Transport } from './smtp-transport.js';

export type SendStatus =
  /** Dry run: would be sent. */
  | 'would-send'
  | 'sent'
  /** Taken by the server for some of its addresses and refused for others (named in `reason`); never resent. */
  | 'partly-sent'
  | 'failed'
  /** Sent in an earlier run; nothing to do. */
  | 'already-sent'
  /** Handed to the server in an earlier run that died before its answer; resent only with resendUncertain. */
  | 'uncertain'
  /** Sent before, but its PDF or draft changed since: flagged, never silently resent. */
  | 'changed'
  /** No draft to send: the letter failed, or the batch ran without --eml. */
  | 'not-ready'
  /** Left for a later run by --limit. */
  | 'deferred';

export interface SendItem {
  file: string;
  eml?: string;
  status: SendStatus;
  to: string[];
  cc: string[];
  subject: string;
  attachment?: { filename: string; bytes: number };
  messageId?: string;
  answer?: string;
  /** Why it was not sent (not-ready, changed, uncertain). */
  reason?: string;
}

export interface SendOptions {
  /** Really send; otherwise a dry run that touches nothing. */
  send: boolean;
  /** Opened only when something is to be sent. */
  transport?: () => Transport;
  /** At most this many messages in this run. */
  limit?: number;
  /** Messages per minute. */
  ratePerMinute: number;
  resendUncertain?: boolean;
  /** Attempts per message on temporary failures (4xx, dropped connections), and the first wait. */
  retry?: { attempts: number; delayMs: number };
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  onItem?: (item: SendItem) => void;
  /**
   * Ctrl-C or SIGTERM: no more messages are handed over (the rest are left `deferred`); the one in
   * flight gets its answer and is logged, and the manifest's delivery columns are written, as at a
   * run's end. Its reason is the signal's name (`abort('SIGTERM')`), which the deferred letters give.
   */
  signal?: AbortSignal;
}

export interface SendSummary {
  dir: string;
  manifest: string;
  log: string;
  dryRun: boolean;
  /** Stopped by `signal` before every letter had its turn: some were left deferred, or not tried again. */
  interrupted: boolean;
  items: SendItem[];
  counts: Record<SendStatus, number>;
  /**
   * Why the manifest's delivery columns could not be saved after a sending run (a full disk, a
   * read-only folder, a folder in the manifest's place), with the fix; the send log has every letter.
   */
  manifestNotSaved?: string;
}

/**
 * The campaign folder and manifest of `letters send <folder | manifest.json>`. The manifest.csv that
 * `letters batch` prints stands for its folder too: its manifest.json is written beside it, with it.
 */
export function findManifest(target: string): { dir: string; manifest: string } {
  const path = resolve(target);
  const manifest =
    existsSync(path) && statSync(path).isDirectory()
      ? join(path, 'manifest.json')
      : basename(path) === 'manifest.csv'
        ? join(dirname(path), 'manifest.json')
        : path;
  if (!existsSync(manifest)) {
    throw new UserError(
      `no manifest at ${manifest}: run \`letters batch <campaign.yaml> --eml\` first, then send its folder, e.g. letters send out/kazakhstan-day-2020.`,
    );
  }
  return { dir: dirname(manifest), manifest };
}

function readRows(manifest: string): ManifestRow[] {
  const fix = 'Run the batch again, which writes the manifest anew; letters sent already are in send-log.jsonl and are not sent again.';
  let text: string;
  try {
    // As a file of the campaign folder: a link in its place, or a pipe, is not read through or waited on.
    // A byte order mark, which an editor (Notepad) may save a hand edit with, is no mistake.
    text = readOwnFile(manifest, MAX_MANIFEST_BYTES)
      .toString('utf8')
      .replace(/^\ufeff/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EFBIG') {
      throw new UserError(
        `${manifest} is ${megabytes((err as { size: number }).size)}, more than letters batch writes (${megabytes(MAX_MANIFEST_BYTES)} is some 400,000 letters): it is damaged. ${fix}`,
      );
    }
    if (code === 'ELOOP') {
      throw new UserError(
        `${manifest} is a symbolic link (to ${linkTarget(manifest) ?? 'somewhere unknown'}): letters send reads the manifest only as a file of the campaign folder, never through a link. Remove the link (rm ${shellQuoted(manifest)}) and run the batch again, which writes the manifest anew.`,
      );
    }
    if (code === 'ENOTREG')
      throw new UserError(
        `${manifest} is not a file (a pipe or a device stands in its place): remove it and run the batch again, which writes the manifest anew.`,
      );
    throw new UserError(`${manifest} is not a manifest written by letters batch (${(err as Error).message}): run the batch again.`);
  }
  let rows: unknown;
  try {
    rows = JSON.parse(text);
  } catch (err) {
    // At its line and column: node's message gives a position for some mistakes, for others a snippet.
    const at = jsonErrorAt(text);
    const what = at ? (at.found ? `\`${at.found}\` is not what JSON allows here` : 'it ends here, cut short') : (err as Error).message;
    throw new ValidationError([
      { file: manifest, line: at?.line, column: at?.column, path: '', severity: 'error', message: `the manifest is not valid JSON: ${what}. ${fix}` },
    ]);
  }
  if (!Array.isArray(rows)) throw new UserError(`${manifest} is not a manifest written by letters batch: it should hold a list of letters.`);
  // A hand edit may leave a row that is no letter: refused before anything is sent, since reading it
  // as one failed midway (an internal error), or only after its letter went out, the manifest then unsaved.
  // Every such row at once (up to ROWS_LISTED), so one edit mends them all.
  const problems: Problem[] = [];
  let unlisted = 0;
  rows.forEach((row: unknown, i) => {
    const why = manifestRowProblem(row);
    if (!why) return;
    if (problems.length >= ROWS_LISTED) unlisted++;
    else
      problems.push({
        file: manifest,
        path: `[${i}]`,
        severity: 'error',
        message: `letter ${i + 1} of ${rows.length} is not a letter row as letters batch writes it: ${why}. ${fix}`,
      });
  });
  // Past ROWS_LISTED, counted on the last listed: one problem a row, as the summary counts them.
  if (unlisted > 0) problems.at(-1)!.message += ` And ${unlisted} more letters after it are not letter rows either.`;
  if (problems.length > 0) throw new ValidationError(problems);
  return rows as ManifestRow[];
}

/**
 * The most of a manifest.json that send reads: a row is some 600 bytes, and parsed it takes seven times
 * its size; 500 MB of rows ran the process out of memory, a V8 crash, and more could not be read at all.
 */
const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;

/** The bad rows of a manifest listed one by one; past these, counted. */
const ROWS_LISTED = 20;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

interface Draft {
  raw: Buffer;
  emlSha: string;
  pdfSha: string;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  messageId: string;
  attachment: { filename: string; bytes: number };
}

async function readDraft(dir: string, row: ManifestRow): Promise<Draft | string> {
  if (row.status === 'failed') return 'the letter failed in the batch: fix it and run the batch again';
  if (!row.eml) return 'no e-mail draft: run the batch again with --eml';
  // The manifest may have been edited by hand: what it names is read only inside its own folder.
  const outside = [row.file, row.eml].find((p) => typeof p !== 'string' || isAbsolute(p) || letterKey(p).startsWith('../') || letterKey(p) === '..');
  if (outside !== undefined) return `${String(outside)} is outside the campaign folder: run the batch again, which writes the manifest anew`;
  // Read as files inside the folder, never through a link, a pipe or a device: that letter waits, the others go on.
  const raw = readLetterFile(dir, row.eml);
  if (typeof raw === 'string') return raw;
  const pdf = readLetterFile(dir, row.file);
  if (typeof pdf === 'string') return pdf;
  // A draft the parser refuses (multiparts nested thousands deep) is this letter's reason not to go:
  // it ended the whole run, dry run too, in an internal error.
  let parsed: Awaited<ReturnType<typeof simpleParser>>;
  try {
    parsed = await simpleParser(raw);
  } catch (err) {
    return `${row.eml} cannot be read as an e-mail (${oneLine((err as Error)?.message ?? String(err))}): remove it and run the batch again with --eml`;
  }
  const addresses = (field: AddressObject | AddressObject[] | undefined) =>
    (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => v.address ?? '')).filter(Boolean);
  const from = addresses(parsed.from)[0];
  // The recipients are the draft's, each mailbox once whatever its case: a hand edit or an older draft
  // naming x@MFA.kz and x@mfa.kz would otherwise hand the server the letter twice for one inbox.
  const to = uniqueAddresses(addresses(parsed.to));
  if (!from || to.length === 0) return `${row.eml} has no ${from ? 'To' : 'From'} address: run the batch again with --eml`;
  // The draft goes out as it is on disk: a Bcc line added by hand would show every recipient the hidden ones.
  if (parsed.headers.has('bcc') || parsed.headers.has('resent-bcc')) {
    return `${row.eml} has a Bcc header, which every recipient would read: remove it (send the letter to a hidden address yourself), or run the batch again with --eml`;
  }
  const attachment = parsed.attachments[0];
  return {
    raw,
    emlSha: sha256(raw),
    pdfSha: sha256(pdf),
    from,
    to,
    cc: uniqueAddresses(addresses(parsed.cc), to),
    subject: parsed.subject ?? '',
    messageId: parsed.messageId ?? '',
    attachment: { filename: attachment?.filename ?? basename(row.file), bytes: attachment?.size ?? 0 },
  };
}

/** Why a letter the stop left is not sent, naming the signal (the abort's reason) that stopped the run. */
const stopped = (reason: unknown) => `stopped by ${stopName(reason)} before its turn: run the same command again to send it`;

/** Why a letter a dead run left `sending` is not sent again without being asked. */
const uncertainReason = (at: string) =>
  `handed to the server at ${at} by a run that stopped before the answer: check the mailbox, then pass --resend-uncertain to send it again`;

/**
 * What a letter's manifest row says of it where the send log says less: the log is the record of truth,
 * but one lost (deleted as clutter, restored from an older backup) or cut short by hand sent every
 * letter again that the manifest's delivery columns, written from it, said had gone. A row that says
 * `sent` (or partly, or changed since) counts when the log holds no `sent` record of the letter; one
 * that says `uncertain` when the log holds no record of it at all (a later failed attempt is newer).
 */
function manifestSays(row: ManifestRow, logged: LetterLog | undefined, resendUncertain: boolean): Pick<SendItem, 'status' | 'reason'> | undefined {
  const lost = 'but send-log.jsonl has no record of it (lost, or cut short)';
  if (!logged?.sent && (row.delivery === 'sent' || row.delivery === 'partly-sent' || row.delivery === 'changed')) {
    return {
      status: 'already-sent',
      reason: `the manifest says it was sent at ${row.sent_at ?? 'an unknown time'}, ${lost}: it is not sent again; if it must go, send it by hand`,
    };
  }
  if (!logged && row.delivery === 'uncertain' && !resendUncertain) {
    return {
      status: 'uncertain',
      reason: `the manifest says it was handed to the server by a run that stopped before the answer, ${lost}: check the mailbox, then pass --resend-uncertain to send it again`,
    };
  }
  return undefined;
}

/** `wait`, or less when `signal` aborts first. */
function untilAborted(wait: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return wait;
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done);
    void wait.then(done);
  });
}

/** Whether an SMTP failure may pass if tried again: a 4xx answer, or no answer at all (the connection failed). */
function temporary(err: unknown): boolean {
  // A certificate refused stays refused, however often it is tried; a server silent for 10 minutes
  // (SOCKET_TIMEOUT_MS) is not waited for again.
  if (certificateRefused(err) || (err as { timeoutType?: unknown }).timeoutType === 'SOCKET_TIMEOUT') return false;
  const code = (err as { responseCode?: number }).responseCode;
  return code === undefined ? true : code >= 400 && code < 500;
}

function answerOf(err: unknown): string {
  const e = err as { response?: string; message?: string; code?: string };
  return answerLine(e.response ?? `${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}`);
}

/** TLS refused the server's certificate (expired, self-signed, another host's): node's code, kept by nodemailer. */
const certificateRefused = (err: unknown) => /CERT|SIGNATURE|ALTNAME/.test(String((err as { originalCode?: unknown }).originalCode ?? ''));

/** Why the letters after a session failure (or a login asked for and not given) are not tried, and the fix. */
function sessionFault(err: unknown, answer: string): string {
  const again = 'then run the same command again: the letters not tried go then';
  const code = (err as { code?: string }).code;
  if ((err as { responseCode?: number }).responseCode === 530) {
    return `the server asks for a login (${answer}): give the user name in --smtp (smtp://user%40example.org@host:587) and the password in LETTERS_SMTP_PASSWORD, or type it when asked, ${again}.`;
  }
  if ((err as { timeoutType?: unknown }).timeoutType === 'SOCKET_TIMEOUT') {
    return `the server stopped answering before it had the message (${answer}): it may be down or overloaded: wait a while, ${again}.`;
  }
  if (code === 'EAUTH') {
    return `the server refused the login (${answer}): check the user name in --smtp and the password (LETTERS_SMTP_PASSWORD, or the one typed), ${again}.`;
  }
  if (certificateRefused(err)) {
    return `the server's certificate was not accepted (${answer}): check the host in --smtp; a server of your own, with its own CA, needs that CA in NODE_EXTRA_CA_CERTS; ${again}.`;
  }
  if (code === 'ETLS') {
    return `the server would not start TLS (${answer}): check the port in --smtp (587 with smtp://, 465 with smtps://), ${again}.`;
  }
  return `the server could not be reached (${answer}): check the host and port in --smtp (587 with smtp://, 465 with smtps://) and that the server is up, ${again}.`;
}

/**
 * A server's answer as the log, the manifest and the output keep it: one line, its start only past
 * ANSWER_CHARS. nodemailer takes answers up to 1 MB, and each letter carried its whole into all three.
 */
function answerLine(text: string): string {
  const line = oneLine(text);
  if (line.length <= ANSWER_CHARS) return line;
  const tail = ` … (${line.length} characters in all)`;
  return `${line.slice(0, ANSWER_CHARS - tail.length).replace(/[\ud800-\udbff]$/, '')}${tail}`;
}

/** The most of a server's answer kept: real ones are a line of some tens of characters. */
const ANSWER_CHARS = 1_000;

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Sends the drafts of a campaign folder's letters, or with `send: false` only says what it would send.
 * The send log decides: a letter whose last record is `sent` is not sent again (and is flagged when
 * its files changed since), one left `sending` by a run that died is uncertain, the rest go out.
 * Each message is logged `sending` before it is handed over and `sent`/`failed` after the answer.
 */
export async function sendLetters(target: string, options: SendOptions): Promise<SendSummary> {
  const { dir, manifest } = findManifest(target);
  const rows = readRows(manifest);
  const now = options.now ?? (() => new Date());
  // Cleared when the run is stopped: a pending wait (up to 100 minutes at the slowest --rate) kept the
  // process alive after its summary was printed.
  const sleep = options.sleep ?? ((ms: number) => delay(ms, undefined, { signal: options.signal }).catch(() => undefined));
  const retry = options.retry ?? { attempts: 4, delayMs: 5_000 };
  const interval = 60_000 / options.ratePerMinute;
  // One run at a time sends from a folder, and none while a batch writes into it: two sending runs
  // each read the log at their start, and each sent what it did not yet list.
  const unlock = options.send ? lockSendFolder(dir) : undefined;
  let log: SendLog | undefined;
  try {
    log = options.send ? openSendLog(dir) : undefined;
  } catch (err) {
    unlock?.();
    throw err;
  }
  const known: Map<string, LetterLog> = log?.letters ?? readSendLog(dir);
  // The same message under another path in the manifest (a hand edit, an older layout) is the same
  // letter: what the log says of it is found by its Message-ID too.
  const byMessage = new Map<string, LetterLog>();
  // A message is known by its Message-ID and by its draft's bytes: a draft whose Message-ID was removed
  // by hand, listed again under another PDF's path, went to the embassy again.
  const messageKeys = (messageId: string, emlSha: string) => [messageId, emlSha && `eml ${emlSha}`].filter((k) => k !== '');
  // What a record says of its letter, most first: sent, then uncertain (handed over, no answer), then failed.
  const weight = (entry: LetterLog | undefined) => (entry === undefined ? 0 : entry.sent ? 3 : entry.last.state === 'sending' ? 2 : 1);
  const index = (entry: LetterLog | undefined) => {
    for (const record of entry ? [entry.last, entry.sent] : []) {
      // A letter listed under two paths: the entry that says more about the message wins, whatever the order.
      for (const id of record ? messageKeys(record.message_id, record.eml_sha256) : []) {
        const held = byMessage.get(id);
        // The same letter's newer entry replaces its older one; another path's only when it says as much.
        if (!held || letterKey(held.last.file) === letterKey(entry!.last.file) || weight(entry) >= weight(held)) byMessage.set(id, entry!);
      }
    }
  };
  for (const entry of known.values()) index(entry);
  const items: SendItem[] = [];
  /** In a dry run, the letters it would send, by key and by Message-ID: the manifest's path of each. */
  const planned = new Map<string, string>();
  let transport: Transport | undefined;
  let handed = 0;
  let lastStart: number | undefined;
  /**
   * Letters the stop left undone (deferred, or not tried again): a stop that came only after every
   * letter had its turn left none, and the run is not interrupted.
   */
  let cutShort = 0;
  let manifestNotSaved: string | undefined;
  /** Why the server could not be used (unreachable, login or TLS refused): the letters after are not tried. */
  let serverFault: string | undefined;
  /** Letters told from their manifest rows, the send log having lost them: their delivery columns stay. */
  const kept = new Set<string>();

  const report = (item: SendItem) => {
    items.push(item);
    options.onItem?.(item);
  };
  const leave = (item: Omit<SendItem, 'status' | 'reason'>) => {
    cutShort++;
    report({ ...item, status: 'deferred', reason: stopped(options.signal?.reason) });
  };
  /**
   * A step of a letter, logged before the next: a log that cannot take it (a full disk) ends the run
   * there, saying where that letter stands (not handed over, or answered though the log lacks it).
   */
  const recordStep = (into: SendLog, record: SendRecord, answered?: { sent: boolean; answer: string }) => {
    try {
      into.append(record);
    } catch (err) {
      throw new UserError(unwrittenLog(err as Error, dir, record.file, answered));
    }
  };

  try {
    for (const row of rows) {
      // Stopped: the letters left are not read (parsing ten thousand drafts would keep Ctrl-C waiting),
      // but told from the log and the manifest alone: sent (or changed since, as the last run found),
      // uncertain, or left for the next run.
      if (options.signal?.aborted) {
        const entry = known.get(letterKey(row.file));
        // readRows checked every row: its emails are a list of texts.
        const rest = { file: row.file, ...(row.eml ? { eml: row.eml } : {}), to: row.emails, cc: [], subject: '' };
        const listed = manifestSays(row, entry, !!options.resendUncertain);
        if (listed) {
          kept.add(row.file);
          report({ ...rest, ...listed });
        } else if (entry?.sent && row.delivery === 'changed') {
          report({
            ...rest,
            status: 'changed',
            answer: entry.sent.answer,
            reason: `changed after it was sent at ${entry.sent.at}, as the last run found; it is not sent again`,
          });
        } else if (entry?.sent) report({ ...rest, status: 'already-sent', answer: entry.sent.answer });
        else if (entry?.last.state === 'sending' && !options.resendUncertain) {
          report({
            ...rest,
            status: 'uncertain',
            reason: uncertainReason(entry.last.at),
          });
        } else leave(rest);
        continue;
      }
      const draft = await readDraft(dir, row);
      const base = { file: row.file, ...(row.eml ? { eml: row.eml } : {}) };
      if (typeof draft === 'string') {
        // Sent before, its draft since removed or its letter failed in a later batch: it stays sent, as
        // the manifest says; `not-ready` told the user to run the batch again to send it.
        const sent = known.get(letterKey(row.file))?.sent;
        report({
          ...base,
          to: row.emails ?? [],
          cc: [],
          subject: '',
          ...(sent
            ? {
                status: 'already-sent',
                ...(sent.answer !== undefined ? { answer: sent.answer } : {}),
                reason: `sent at ${sent.at}; its draft is not ready now (${draft}): it is not sent again`,
              }
            : { status: 'not-ready', reason: draft }),
        });
        continue;
      }
      const item: SendItem = {
        ...base,
        status: 'would-send',
        to: draft.to,
        cc: draft.cc,
        subject: draft.subject,
        attachment: draft.attachment,
        messageId: draft.messageId,
      };
      const key = letterKey(row.file);
      // By its path and by its Message-ID, the record that says the most: one that sent it, then one
      // left uncertain, then any; a failed attempt under one path must not hide a send under another.
      const byPath = known.get(key);
      const byId = messageKeys(draft.messageId, draft.emlSha)
        .map((id) => byMessage.get(id))
        .reduce((most, entry) => (weight(entry) > weight(most) ? entry : most), undefined);
      const before = weight(byId) > weight(byPath) ? byId : byPath;
      const listed = manifestSays(row, before, !!options.resendUncertain);
      if (listed) {
        // Its delivery columns are kept as they are: rewritten from the log, they would say nothing of it.
        kept.add(row.file);
        report({ ...item, ...listed });
        continue;
      }
      if (before?.sent) {
        const same = before.sent.pdf_sha256 === draft.pdfSha && before.sent.eml_sha256 === draft.emlSha;
        report({
          ...item,
          status: same ? 'already-sent' : 'changed',
          answer: before.sent.answer,
          ...(same
            ? {}
            : {
                reason: `its ${before.sent.pdf_sha256 !== draft.pdfSha ? 'PDF' : 'e-mail draft'} changed after it was sent at ${before.sent.at}; it is not sent again`,
              }),
        });
        continue;
      }
      if (before?.last.state === 'sending' && !options.resendUncertain) {
        report({
          ...item,
          status: 'uncertain',
          reason: uncertainReason(before.last.at),
        });
        continue;
      }
      // A dry run logs nothing: a letter listed twice is known again here, as a run's own log knows it.
      const again = log ? undefined : [key, ...messageKeys(draft.messageId, draft.emlSha)].map((k) => planned.get(k)).find((f) => f !== undefined);
      if (again !== undefined) {
        report({ ...item, status: 'already-sent', reason: `listed twice in the manifest (also as ${again}): it goes once` });
        continue;
      }
      if (options.limit !== undefined && handed >= options.limit) {
        report({ ...item, status: 'deferred' });
        continue;
      }
      if (serverFault !== undefined) {
        report({ ...item, status: 'deferred', reason: `not tried: ${serverFault}` });
        continue;
      }
      if (options.signal?.aborted) {
        leave(item);
        continue;
      }
      if (!log) {
        report(item);
        handed++;
        for (const k of [key, ...messageKeys(draft.messageId, draft.emlSha)]) planned.set(k, row.file);
        continue;
      }

      // Rate: the next message starts no sooner than `interval` after the previous one started.
      if (lastStart !== undefined) {
        const wait = lastStart + interval - now().getTime();
        if (wait > 0) await untilAborted(sleep(wait), options.signal);
        // Stopped while waiting its turn: it waits for the next run.
        if (options.signal?.aborted) {
          leave(item);
          continue;
        }
      }
      lastStart = now().getTime();
      handed++;
      transport ??= options.transport!();
      const record = { file: key, message_id: draft.messageId, pdf_sha256: draft.pdfSha, eml_sha256: draft.emlSha };
      recordStep(log, { at: now().toISOString(), state: 'sending', ...record });
      index(known.get(key));
      let outcome: { ok: true; answer: SmtpAnswer } | { ok: false; answer: string; unanswered?: boolean; session?: unknown };
      for (let attempt = 1; ; attempt++) {
        try {
          // The draft writes a domain in punycode and mailparser reads it back in Unicode: the envelope
          // is ASCII again, as the headers are, so no server needs SMTPUTF8 for it.
          const envelope = { from: asciiAddress(draft.from), to: [...draft.to, ...draft.cc].map(asciiAddress) };
          outcome = { ok: true, answer: await transport.send(envelope, draft.raw) };
          break;
        } catch (err) {
          // The server had the whole message and never answered: it may have it, so it is not tried again.
          if (err instanceof UnansweredError) {
            outcome = { ok: false, answer: answerOf(err.original), unanswered: true };
            break;
          }
          // Not reached, or the login or TLS refused: tried again if it may pass, else the run goes no further.
          const cause = err instanceof SessionError ? err.original : err;
          if (!temporary(cause) || attempt >= retry.attempts) {
            // A server asking for a login not given (530, RFC 4954) asks it of every letter alike.
            const session = err instanceof SessionError || (cause as { responseCode?: number }).responseCode === 530;
            outcome = { ok: false, answer: answerOf(cause), ...(session ? { session: cause } : {}) };
            break;
          }
          await untilAborted(sleep(retry.delayMs * 2 ** (attempt - 1)), options.signal);
          // Stopped while waiting to try again: the server refused it for now, so it is logged failed, not uncertain.
          if (options.signal?.aborted) {
            cutShort++;
            outcome = { ok: false, answer: `${answerOf(err)} (not tried again: stopped by ${stopName(options.signal.reason)})` };
            break;
          }
        }
      }
      if (!outcome.ok && outcome.unanswered) {
        // The log keeps its `sending` record: the next run reports the letter uncertain too.
        report({
          ...item,
          status: 'uncertain',
          reason: `the server was given the whole message but did not answer (${outcome.answer}), so it may have it: check the mailbox, then pass --resend-uncertain to send it again`,
        });
        continue;
      }
      const answer = outcome.ok ? answerLine(outcome.answer.response) : outcome.answer;
      const refused = outcome.ok ? (outcome.answer.refused ?? []) : [];
      recordStep(
        log,
        {
          at: now().toISOString(),
          state: outcome.ok ? 'sent' : 'failed',
          ...record,
          answer,
          ...(refused.length > 0 ? { refused: refused.map((r) => `${r.address}: ${answerLine(r.answer)}`) } : {}),
        },
        { sent: outcome.ok, answer },
      );
      index(known.get(key));
      if (!outcome.ok && outcome.session !== undefined) serverFault = sessionFault(outcome.session, outcome.answer);
      if (refused.length > 0) {
        const names = refused.map((r) => `${r.address} (${answerLine(r.answer)})`).join(', ');
        report({
          ...item,
          status: 'partly-sent',
          answer,
          reason: `the server took it for the other addresses but refused ${names}: the letter did not reach ${refused.length > 1 ? 'those' : 'that address'}. It is not sent again, which would repeat it to the others: send it there by hand.`,
        });
      } else report({ ...item, status: outcome.ok ? 'sent' : 'failed', answer });
    }
    // From the log this run holds open: read again from disk, a log replaced meanwhile (by a link, a
    // folder) made the run fail after its letters went out, with no summary.
    const fault = log ? writeDeliveryColumns(dir, rows, log.letters, items, kept) : undefined;
    if (fault) manifestNotSaved = unsavedManifest(fault, dir);
  } finally {
    transport?.close();
    log?.close();
    unlock?.();
  }

  const counts = Object.fromEntries(
    (['would-send', 'sent', 'partly-sent', 'failed', 'already-sent', 'uncertain', 'changed', 'not-ready', 'deferred'] as SendStatus[]).map((s) => [s, 0]),
  ) as Record<SendStatus, number>;
  for (const item of items) counts[item.status]++;
  return {
    dir,
    manifest,
    log: join(dir, 'send-log.jsonl'),
    dryRun: !options.send,
    interrupted: cutShort > 0,
    items,
    counts,
    ...(manifestNotSaved ? { manifestNotSaved } : {}),
  };
}

/**
 * Takes the campaign folder's lock; a folder that cannot take the lock file (read-only, a full disk)
 * is told with send's own fix: the batch's ("… choose another folder with --out") named an option
 * send does not have.
 */
function lockSendFolder(dir: string): () => void {
  try {
    return lockFolder(dir, '`letters send`');
  } catch (err) {
    if (!isOutputFault(err)) throw err;
    const { reason, fix } = sendFault(err, dir);
    throw new UserError(`cannot write into ${dir}: ${reason}. Nothing was sent. ${fix}, then run the same command again.`, dir);
  }
}

/**
 * The manifest's delivery columns, from the send log (which stays the record of truth); returns the
 * fault that kept the manifest from being saved (its temp files then removed, the old one left as it was).
 */
function writeDeliveryColumns(dir: string, rows: ManifestRow[], letters: Map<string, LetterLog>, items: SendItem[], kept: Set<string>): Error | undefined {
  const changed = new Set(items.filter((i) => i.status === 'changed').map((i) => i.file));
  const writer = openManifest(dir);
  try {
    for (const row of rows) {
      if (kept.has(row.file)) {
        writer.add(row);
        continue;
      }
      const entry = letters.get(letterKey(row.file));
      const { delivery: _d, sent_at: _s, message_id: _m, server_answer: _a, ...rest } = row;
      if (!entry) {
        // The log knows nothing of it: what the row says, if anything, is all there is (a log lost).
        writer.add(row);
        continue;
      }
      const shown = entry.sent ?? entry.last;
      const sent = entry.sent ? (entry.sent.refused?.length ? 'partly-sent' : 'sent') : undefined;
      const delivery = changed.has(row.file) ? 'changed' : (sent ?? (entry.last.state === 'sending' ? 'uncertain' : 'failed'));
      writer.add({
        ...rest,
        delivery,
        ...(entry.sent ? { sent_at: entry.sent.at } : {}),
        message_id: shown.message_id,
        ...(shown.answer !== undefined ? { server_answer: shown.refused?.length ? `${shown.answer}; refused ${shown.refused.join('; ')}` : shown.answer } : {}),
      });
    }
  } catch (err) {
    writer.abort();
    throw err;
  }
  return writer.close();
}
