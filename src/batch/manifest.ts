// The campaign's manifest: manifest.csv and manifest.json beside the letters, a row per letter,
// streamed to temp files as letters finish and renamed into place whole at the end.
import { once } from 'node:events';
import { createWriteStream, readFileSync, renameSync, unlinkSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { stringify, type Stringifier } from 'csv-stringify';
import { tempPathFor } from '../output/write-atomic.js';

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
  /** What the letter was made from (see input-hash.ts): a re-run skips it while this stays the same. */
  input_hash?: string;
  /** The e-mail draft (--eml), relative like `file`; the delivery columns below are `letters send`'s. */
  eml?: string;
  /** Where `letters send` left the letter: sent, failed, uncertain (handed to the server, no answer recorded) or changed (its files changed after it was sent). */
  delivery?: 'sent' | 'failed' | 'uncertain' | 'changed';
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
  'input_hash',
  'eml',
  'delivery',
  'sent_at',
  'message_id',
  'server_answer',
] as const satisfies readonly (keyof ManifestRow)[];

export interface ManifestWriter {
  csvPath: string;
  jsonPath: string;
  add(row: ManifestRow): Promise<void>;
  /** Completes both files and moves them into place. */
  close(): Promise<void>;
  /** Removes the temp files without replacing the previous manifest. */
  abort(): Promise<void>;
}

/** Opens the manifest of a campaign folder for streaming; nothing replaces the old one until `close`. */
export function openManifest(dir: string): ManifestWriter {
  const csvPath = join(dir, 'manifest.csv');
  const jsonPath = join(dir, 'manifest.json');
  const csvTmp = tempPathFor(csvPath);
  const jsonTmp = tempPathFor(jsonPath);
  const csvFile = createWriteStream(csvTmp, { flags: 'wx' });
  const jsonFile = createWriteStream(jsonTmp, { flags: 'wx' });
  const csv: Stringifier = stringify({ header: true, columns: [...MANIFEST_COLUMNS] });
  csv.pipe(csvFile);
  let rows = 0;
  jsonFile.write('[');

  const write = async (stream: Stringifier | WriteStream, chunk: unknown) => {
    // Respect back-pressure, so a slow disk cannot make rows pile up in memory.
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
  const finish = async () => {
    csv.end();
    jsonFile.end(rows === 0 ? ']\n' : '\n]\n');
    await Promise.all([once(csvFile, 'close'), once(jsonFile, 'close')]);
  };

  return {
    csvPath,
    jsonPath,
    async add(row) {
      await write(csv, csvRow(row));
      await write(jsonFile, `${rows++ === 0 ? '\n' : ',\n'}  ${JSON.stringify(row)}`);
    },
    async close() {
      await finish();
      renameSync(csvTmp, csvPath);
      renameSync(jsonTmp, jsonPath);
    },
    async abort() {
      await finish();
      for (const tmp of [csvTmp, jsonTmp]) {
        try {
          unlinkSync(tmp);
        } catch {
          // Never created.
        }
      }
    },
  };
}

/**
 * A row as manifest.csv holds it: lists joined with '; ', and a failure's several problems (one per
 * line in manifest.json and the summary) on one line, so every row of the CSV is one line.
 */
export function csvRow(row: ManifestRow): Record<string, unknown> {
  return { ...row, emails: row.emails.join('; '), ...(row.error !== undefined ? { error: row.error.split(/\r?\n/).join('; ') } : {}) };
}

/**
 * The rows of a campaign's previous manifest that a re-run may skip (written or skipped, with their
 * input hash), by file. A missing or unreadable manifest means nothing is known: letters are then
 * rendered and compared with what is on disk.
 */
export function readManifest(dir: string): Map<string, ManifestRow> {
  const rows = new Map<string, ManifestRow>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  } catch {
    return rows;
  }
  if (!Array.isArray(parsed)) return rows;
  for (const row of parsed as ManifestRow[]) {
    if (row && typeof row.file === 'string' && (row.status === 'written' || row.status === 'skipped') && row.input_hash && row.sha256) {
      rows.set(row.file, row);
    }
  }
  return rows;
}
