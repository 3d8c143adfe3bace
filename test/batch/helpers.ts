import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { ROOT, tempDir } from '../helpers/run-cli.js';
import { MANIFEST_COLUMNS, type ManifestRow } from '../../src/batch/manifest.js';

export const FIXTURE = join(ROOT, 'test', 'fixtures', 'batch');

/** A fresh copy of the batch fixture workspace (in `into` when given). */
export function batchWorkspace(into?: string): string {
  const dir = into ?? tempDir('letters-batch-');
  mkdirSync(dir, { recursive: true });
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

/** The fixture workspace (in `into`, or a fresh temp folder) with a campaign of `senders` copies of the English sender x 2 officials. */
export function bigCampaign(senders: number, into?: string): string {
  const ws = batchWorkspace(into);
  const sender = readFileSync(join(ws, 'senders', 'good-en.yaml'), 'utf8');
  const entries: string[] = [];
  for (let i = 1; i <= senders; i++) {
    const id = `copy-${String(i).padStart(3, '0')}`;
    writeFileSync(join(ws, 'senders', `${id}.yaml`), sender.replace('id: good-en', `id: ${id}`));
    entries.push(`  - {sender: ${id}, country: Belgium}`);
  }
  writeFileSync(
    join(ws, 'campaigns', 'big-day.yaml'),
    `id: big-day\ndate: 2020-03-23\ncases: [case-one]\nofficials: [official-a, official-b]\nsenders:\n${entries.join('\n')}\n`,
  );
  return ws;
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Every file under a folder, relative to it, with `/`. */
export function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => relative(dir, f).split('\\').join('/'))
    .sort();
}

export function readManifestJson(dir: string): ManifestRow[] {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ManifestRow[];
}

/** manifest.csv as it must be: the JSON rows, in the same order, through the same CSV columns. */
export function expectedCsv(rows: ManifestRow[]): string {
  return stringify(
    // A failure's several problems, a letter's several warnings, one per line in manifest.json, share one line in the CSV.
    rows.map((r) => ({ ...r, emails: r.emails.join('; '), error: r.error?.split('\n').join('; '), warnings: r.warnings?.split('\n').join('; ') })),
    { header: true, columns: [...MANIFEST_COLUMNS] },
  );
}

/** Each file's bytes and modification time, to prove a run changed nothing. */
export function snapshot(dir: string): Map<string, { sha: string; mtimeMs: number }> {
  const out = new Map<string, { sha: string; mtimeMs: number }>();
  for (const f of filesUnder(dir).filter((f) => f.endsWith('.pdf'))) {
    const path = join(dir, f);
    out.set(f, { sha: sha256(readFileSync(path)), mtimeMs: statSync(path).mtimeMs });
  }
  return out;
}
