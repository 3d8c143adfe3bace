// The send log: `send-log.jsonl` beside the manifest, one JSON record a line, only ever appended to,
// each line flushed to disk before the next step, so a crash leaves a truthful record behind.
import { closeSync, constants, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { UserError } from '../errors.js';
import { linkTarget, shellQuoted } from '../output/link-target.js';
import { megabytes } from '../output/open-own-file.js';
import { sendFault } from './send-fault.js';
import { lstatOrUndefined } from '../output/safe-folder.js';
import { join, posix } from 'node:path';

export interface SendRecord {
  /** When the record was written (ISO 8601, UTC). */
  at: string;
  /** The letter's PDF, relative to the manifest's folder, as in the manifest's `file`. */
  file: string;
  /** `sending`: about to be handed to the server; `sent` / `failed`: the server's answer came. */
  state: 'sending' | 'sent' | 'failed';
  message_id: string;
  pdf_sha256: string;
  eml_sha256: string;
  /** The server's answer (or the connection error) for `sent` and `failed`. */
  answer?: string;
  /** For `sent`: recipients the server refused (the message went to the others), each `address: answer`. */
  refused?: string[];
}

/** What the log says of one letter: its last record, and its last `sent` one if any. */
export interface LetterLog {
  last: SendRecord;
  sent?: SendRecord;
}

export interface SendLog {
  path: string;
  letters: Map<string, LetterLog>;
  append(record: SendRecord): void;
  close(): void;
}

export const SEND_LOG = 'send-log.jsonl';

/** The largest send log read: two records of some 400 bytes a message. */
const MAX_LOG_BYTES = 256 * 1024 * 1024;

/** Reads what a folder's send log says, by letter; a torn last line (a crash mid-write) is ignored. */
export function readSendLog(dir: string): Map<string, LetterLog> {
  const fd = openLog(dir, constants.O_RDONLY);
  if (fd === undefined) return new Map();
  try {
    return parseLog(readFileSync(fd, 'utf8'));
  } finally {
    closeSync(fd);
  }
}

/**
 * The log's file, opened never through a link (it would be read from, and appended to, wherever the
 * link points) and never a pipe or device; undefined when there is none and `flags` does not create it.
 */
function openLog(dir: string, flags: number): number | undefined {
  const path = join(dir, SEND_LOG);
  if (lstatOrUndefined(path)?.isSymbolicLink()) throw linkedLog(path);
  let fd: number;
  try {
    fd = openSync(path, flags | constants.O_NOFOLLOW | constants.O_NONBLOCK, 0o644);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !(flags & constants.O_CREAT)) return undefined;
    // A link put in place since the check above.
    if (code === 'ELOOP') throw linkedLog(path);
    throw unopenedLog(err as Error, path, dir, !!(flags & constants.O_CREAT));
  }
  const stats = fstatSync(fd);
  if (!stats.isFile()) {
    closeSync(fd);
    throw new UserError(
      `${path} is not a file (a folder, a pipe or a device stands in its place): move it away; the send log is a file that letters send writes itself.`,
      path,
    );
  }
  // Read whole, as a text: one of 600 MB ended the run in an internal error (a text that long cannot be
  // made), one of some hundreds in the memory of its every copy.
  if (stats.size > MAX_LOG_BYTES) {
    closeSync(fd);
    throw new UserError(
      `${path} is ${megabytes(stats.size)}, more than letters send writes (${megabytes(MAX_LOG_BYTES)} is some 300,000 messages): it is damaged, or not a send log. Nothing was sent. It says which letters went out, so do not delete it: if it is this campaign's log, cut from it what is not one record a line; if it is not, move it away.`,
      path,
    );
  }
  return fd;
}

/**
 * A log that cannot be opened (a read-only disk, a file left by a `sudo letters send`): the cause and
 * the fix, before anything is sent. It was an internal error.
 */
function unopenedLog(err: Error, path: string, dir: string, writing: boolean): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === undefined) return err;
  const { reason, fix } = sendFault(err, dir);
  const own =
    code === 'EACCES' || code === 'EPERM'
      ? `Make it readable and writable by you (a log left by \`sudo letters send\` belongs to root: sudo chown "$USER" ${shellQuoted(path)})`
      : fix;
  return new UserError(
    `the send log ${path} cannot be ${writing ? 'written' : 'read'}: ${reason}. Nothing was sent. ${own}, then run the same command again.`,
    path,
  );
}

function linkedLog(path: string): UserError {
  const target = linkTarget(path);
  const move = target ? ` (mv ${shellQuoted(target)} ${shellQuoted(path)})` : '';
  return new UserError(
    `${path} is a symbolic link (to ${target ?? 'somewhere unknown'}): letters send reads and writes its send log only as a file of the campaign folder, never through a link. If that file is this campaign's log, move it in place of the link${move}, so letters already sent are not sent again; otherwise remove the link.`,
    path,
  );
}

function parseLog(text: string): Map<string, LetterLog> {
  const letters = new Map<string, LetterLog>();
  // A byte order mark, which an editor (Notepad) may save the log with once it is looked at, is no
  // mistake: the first record, unparsed, was lost, and a letter left uncertain by a dead run went again.
  for (const line of text.replace(/^\ufeff/, '').split('\n')) {
    if (!line.trim()) continue;
    let record: SendRecord | undefined;
    try {
      record = recordOf(JSON.parse(line));
    } catch {
      continue;
    }
    if (record) fold(letters, record);
  }
  return letters;
}

/**
 * A line of the log as a record, its fields of their kinds whatever a hand edit or a damaged disk made
 * of them: a `sent_at` that was an object went into the manifest, which the next run then refused, and
 * a `refused` that was a text ended a run whose letters had gone out in an internal error. Such a
 * record still says what became of its letter (one `sent` is not sent again; its hashes, gone, make
 * it `changed`); only what it shows of it is lost. A line with no letter's file or state is none.
 */
function recordOf(value: unknown): SendRecord | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const r = value as Record<string, unknown>;
  const state = r.state as SendRecord['state'];
  if (typeof r.file !== 'string' || !['sending', 'sent', 'failed'].includes(state)) return undefined;
  const text = (v: unknown, otherwise = '') => (typeof v === 'string' ? v : otherwise);
  return {
    at: text(r.at, 'an unknown time'),
    file: r.file,
    state,
    message_id: text(r.message_id),
    pdf_sha256: text(r.pdf_sha256),
    eml_sha256: text(r.eml_sha256),
    ...(typeof r.answer === 'string' ? { answer: r.answer } : {}),
    ...(Array.isArray(r.refused) ? { refused: r.refused.filter((a): a is string => typeof a === 'string') } : {}),
  };
}

/**
 * The key of a letter in the log: its PDF's path as the manifest gives it, normalised, so that
 * `./ituc/x.pdf` or `ituc//x.pdf` in a manifest edited by hand is the letter `ituc/x.pdf` already sent.
 */
export function letterKey(file: string): string {
  return posix.normalize(file.replace(/\\/g, '/'));
}

function fold(letters: Map<string, LetterLog>, record: SendRecord): void {
  const key = letterKey(record.file);
  const before = letters.get(key);
  letters.set(key, { last: record, ...(record.state === 'sent' ? { sent: record } : before?.sent ? { sent: before.sent } : {}) });
}

/** Opens a folder's send log for appending; each record is on disk (fsync'd) when `append` returns. */
export function openSendLog(dir: string): SendLog {
  const path = join(dir, SEND_LOG);
  const created = lstatOrUndefined(path) === undefined;
  const fd = openLog(dir, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT)!;
  // A new log's name is on disk too before the first record counts on it: fsync of a file does not
  // make its directory entry durable, and a power cut could leave no log, so every letter unsent.
  if (created) syncFolder(dir);
  // Read through the same descriptor that is written: the file read is the file appended to.
  const text = readFileSync(fd, 'utf8');
  const letters = parseLog(text);
  // A torn last line from a crash must not glue onto the next record. On a full disk that newline was
  // "internal error: ENOSPC": it is the log that cannot be written, before anything is sent.
  if (text.length > 0 && !text.endsWith('\n')) {
    try {
      writeSync(fd, '\n');
    } catch (err) {
      closeSync(fd);
      throw unopenedLog(err as Error, path, dir, true);
    }
  }
  return {
    path,
    letters,
    append(record) {
      writeWhole(fd, `${JSON.stringify(record)}\n`);
      fsyncSync(fd);
      fold(letters, record);
    },
    close() {
      closeSync(fd);
    },
  };
}

/**
 * Writes a record whole or throws. A disk with room for part of it takes that part and says so only in
 * the count written, not as an error: a torn `sending` record then counted as written, the message went
 * out, and the next run, which skips a torn line, sent it again. The next write meets the fault
 * (ENOSPC), and the torn part is cut off again where it can be.
 */
function writeWhole(fd: number, line: string): void {
  const bytes = Buffer.from(line);
  const start = fstatSync(fd).size;
  try {
    for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done);
  } catch (err) {
    try {
      ftruncateSync(fd, start);
    } catch {
      // The next run skips a torn last line and starts its first record on a line of its own.
    }
    throw err;
  }
}

/** Flushes a folder's entries to disk; where folders cannot be opened so (Windows), the file's own fsync has to do. */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // EISDIR/EPERM on Windows: nothing more can be done there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
