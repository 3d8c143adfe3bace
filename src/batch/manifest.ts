// The campaign's manifest: manifest.csv and manifest.json beside the letters, a row per letter,
// appended to temp files as letters finish and renamed into place whole at the end.
import { closeSync, lstatSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { UserError } from '../errors.js';
import { readOwnFile } from '../output/open-own-file.js';
import { lstatOrUndefined } from '../output/safe-folder.js';
import { outputFault, type OutputFault } from '../output/output-fault.js';
import { openNew, tempPathFor } from '../output/write-atomic.js';

export interface ManifestRow {
  case: string;
  sender: string;
  official: string;
  language: string;
  embassy: string;
  emails: string[];
  /** Relative to the manifest's folder, with `/`. */
  file: string;
  pages?: number;
  sha256?: string;
  bytes?: number;
  status: 'written' | 'skipped' | 'failed';
  error?: string;
  /** Warnings of the letter's inputs (a blurred signature, a source never cited), one per line: the letter is still made. */
  warnings?: string;
  /** What the letter was made from (see input-hash.ts): a re-run skips it while this stays the same. */
  input_hash?: string;
  /** The e-mail draft (--eml), relative like `file`; the delivery columns below are `letters send`'s. */
  eml?: string;
  /** Where `letters send` left the letter: sent, failed, uncertain (handed to the server, no answer recorded) or changed (its files changed after it was sent). */
  delivery?: 'sent' | 'partly-sent' | 'failed' | 'uncertain' | 'changed';
  sent_at?: string;
  message_id?: string;
  /** The SMTP server's last answer for this letter. */
  server_answer?: string;
}

export const MANIFEST_COLUMNS = [
  'case',
  'sender',
  'official',
  'language',
  'embassy',
  'emails',
  'file',
  'pages',
  'sha256',
  'bytes',
  'status',
  'error',
  'warnings',
  'input_hash',
  'eml',
  'delivery',
  'sent_at',
  'message_id',
  'server_answer',
] as const satisfies readonly (keyof ManifestRow)[];

/** The kind of each column's value; the columns a batch writes in every row are required. */
const COLUMN_KINDS: Record<(typeof MANIFEST_COLUMNS)[number], { kind: 'text' | 'number' | 'texts'; required?: true }> = {
  case: { kind: 'text', required: true },
  sender: { kind: 'text', required: true },
  official: { kind: 'text', required: true },
  language: { kind: 'text', required: true },
  embassy: { kind: 'text', required: true },
  emails: { kind: 'texts', required: true },
  file: { kind: 'text', required: true },
  pages: { kind: 'number' },
  sha256: { kind: 'text' },
  bytes: { kind: 'number' },
  status: { kind: 'text', required: true },
  error: { kind: 'text' },
  warnings: { kind: 'text' },
  input_hash: { kind: 'text' },
  eml: { kind: 'text' },
  delivery: { kind: 'text' },
  sent_at: { kind: 'text' },
  message_id: { kind: 'text' },
  server_answer: { kind: 'text' },
};

/**
 * What makes a row of a manifest read back unlike those a batch writes, if anything: not an object, a
 * column missing or of the wrong kind. Such a row (a hand edit) is not read as a letter's: a re-run
 * took a skipped letter's columns from it, and `send` the letter's files.
 */
export function manifestRowProblem(row: unknown): string | undefined {
  // A list or an object is told by its kind: one nested 100,000 deep, quoted, recursed past the stack's
  // end. A text is quoted by its start only, not copied whole first.
  const shown = (value: unknown) =>
    Array.isArray(value)
      ? 'a list'
      : value !== null && typeof value === 'object'
        ? 'an object'
        : `\`${JSON.stringify(typeof value === 'string' ? value.slice(0, 60) : value).slice(0, 60)}\``;
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return `it is ${shown(row)}, where a row is an object such as letters batch writes`;
  const fields = row as Record<string, unknown>;
  for (const column of MANIFEST_COLUMNS) {
    const value = fields[column];
    const { kind, required } = COLUMN_KINDS[column];
    if (value === undefined) {
      if (required) return `it has no \`${column}\``;
    } else if (kind === 'texts') {
      if (!Array.isArray(value) || !value.every((e) => typeof e === 'string')) return `its \`${column}\` is ${shown(value)}, not a list of texts`;
    } else if (typeof value !== (kind === 'text' ? 'string' : 'number')) return `its \`${column}\` is ${shown(value)}, not a ${kind}`;
  }
  return undefined;
}

/** Characters of rows held before they are written. */
const FLUSH_AT = 64 * 1024;

export interface ManifestWriter {
  csvPath: string;
  jsonPath: string;
  /** Appends a row; after a write error, rows are dropped and `close` reports it. */
  add(row: ManifestRow): void;
  /** Completes both files and moves them into place; returns the fault that kept them from being saved, if any. */
  close(): OutputFault | Error | undefined;
  /** Removes the temp files without replacing the previous manifest. */
  abort(): void;
}

/**
 * Opens the manifest of a campaign folder; nothing replaces the old one until `close`. Rows are
 * written synchronously, in order, every 64 KB or so, so a failing disk is an error returned here,
 * never an unhandled stream event, and memory stays flat.
 */
export function openManifest(dir: string): ManifestWriter {
  const csvPath = join(dir, 'manifest.csv');
  const jsonPath = join(dir, 'manifest.json');
  const files = [
    { path: csvPath, tmp: tempPathFor(csvPath), fd: -1 },
    { path: jsonPath, tmp: tempPathFor(jsonPath), fd: -1 },
  ];
  let failure: Error | undefined;
  let rows = 0;
  const fail = (err: unknown) => {
    failure ??= outputFault(err, dir) ?? (err as Error);
  };
  // Rows are gathered and written 64 KB at a time: one system call per few hundred letters, not two
  // per letter, on the thread that keeps the workers fed.
  const pending = ['', ''];
  const write = (i: number) => {
    if (failure || pending[i] === '') return;
    try {
      const bytes = Buffer.from(pending[i]!);
      for (let at = 0; at < bytes.length;) at += writeSync(files[i]!.fd, bytes, at, bytes.length - at);
    } catch (err) {
      fail(err);
    }
    pending[i] = '';
  };
  const append = (i: number, text: string) => {
    if (failure) return;
    pending[i] += text;
    if (pending[i]!.length >= FLUSH_AT) write(i);
  };
  const closeAll = () => {
    for (const f of files) {
      if (f.fd < 0) continue;
      try {
        closeSync(f.fd);
      } catch (err) {
        fail(err);
      }
      f.fd = -1;
    }
  };
  const removeTemps = () => {
    for (const f of files) {
      try {
        unlinkSync(f.tmp);
      } catch {
        // Never created, or renamed.
      }
    }
  };
  try {
    for (const f of files) f.fd = openNew(f.tmp);
  } catch (err) {
    fail(err);
  }
  append(0, stringify([], { header: true, columns: [...MANIFEST_COLUMNS] }));
  append(1, '[');

  return {
    csvPath,
    jsonPath,
    add(row) {
      // A cell starting with = + - @ is a formula to a spreadsheet (an address may start with `=`): it gets a leading quote.
      append(0, stringify([csvRow(row)], { columns: [...MANIFEST_COLUMNS], escape_formulas: true }));
      append(1, `${rows++ === 0 ? '\n' : ',\n'}  ${JSON.stringify(row)}`);
    },
    close() {
      append(1, rows === 0 ? ']\n' : '\n]\n');
      write(0);
      write(1);
      closeAll();
      if (!failure) {
        try {
          // A folder in the place of one would take the other file and not it, leaving the two out
          // of step: neither is replaced then. manifest.json, which the tool reads back, goes first.
          for (const f of files) folderInPlace(f.tmp, f.path);
          for (const f of [...files].reverse()) renameSync(f.tmp, f.path);
        } catch (err) {
          fail(folderGone(err, dir) ?? err);
        }
      }
      if (failure) removeTemps();
      return failure;
    },
    abort() {
      closeAll();
      removeTemps();
    },
  };
}

/**
 * The campaign folder removed, or put aside for a link, while the batch ran (the letters after it make
 * the folder anew, or fail naming the link): its temp files went with it, and the rename's ENOENT said
 * neither what happened nor what to do.
 */
function folderGone(err: unknown, dir: string): UserError | undefined {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
  if (lstatOrUndefined(dir)?.isSymbolicLink()) {
    return new UserError(
      `${dir} was replaced by a symbolic link while the batch wrote into it: remove the link (rm '${dir}'), then run the same command again`,
      dir,
    );
  }
  return new UserError(
    `${dir} was removed or moved away while the batch wrote into it, and the manifest's temp files with it: run the same command again, which writes the letters missing from it and a new manifest`,
    dir,
  );
}

/** Throws the error renaming `from` onto `to` would throw when a folder stands at `to`. */
function folderInPlace(from: string, to: string): void {
  let folder: boolean;
  try {
    folder = lstatSync(to).isDirectory();
  } catch {
    return;
  }
  if (folder) {
    throw Object.assign(new Error(`EISDIR: illegal operation on a directory, rename '${from}' -> '${to}'`), {
      code: 'EISDIR',
      syscall: 'rename',
      path: from,
      dest: to,
    });
  }
}

/**
 * A row as manifest.csv holds it: lists joined with '; ', and a failure's several problems, or a
 * letter's several warnings (one per line in manifest.json and the summary), on one line, so every
 * row of the CSV is one line.
 */
export function csvRow(row: ManifestRow): Record<string, unknown> {
  const oneLine = (text: string | undefined) => text?.split(/\r?\n/).join('; ');
  return { ...row, emails: row.emails.join('; '), error: oneLine(row.error), warnings: oneLine(row.warnings) };
}

/**
 * The most of a previous manifest a re-run reads: some 140,000 letters' rows, which the batch thread
 * parses and keeps within its bounded heap (thread-heap.ts); 128 MB of rows ran it out of memory, and
 * running it again did the same. One larger is as a missing one: the run is slower, never stuck.
 */
const MAX_REREAD_BYTES = 64 * 1024 * 1024;

/**
 * The rows of a campaign's previous manifest that a re-run may skip (written or skipped, with their
 * input hash, every column of its kind), by file. A missing, unreadable or oversized manifest (or a link, a device in its place) means
 * nothing is known: letters are then rendered and compared with what is on disk.
 */
export function readManifest(dir: string): Map<string, ManifestRow> {
  const rows = new Map<string, ManifestRow>();
  let parsed: unknown;
  try {
    // Less a byte order mark, which an editor (Notepad) may save a hand edit with.
    parsed = JSON.parse(
      readOwnFile(join(dir, 'manifest.json'), MAX_REREAD_BYTES)
        .toString('utf8')
        .replace(/^\ufeff/, ''),
    );
  } catch {
    return rows;
  }
  if (!Array.isArray(parsed)) return rows;
  for (const row of parsed as ManifestRow[]) {
    if (manifestRowProblem(row) === undefined && (row.status === 'written' || row.status === 'skipped') && row.input_hash && row.sha256) {
      rows.set(row.file, row);
    }
  }
  return rows;
}
