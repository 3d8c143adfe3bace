import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfPages } from '../helpers/pdf-text.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import { batchWorkspace, expectedCsv, filesUnder, readManifestJson, sha256, snapshot } from './helpers.js';

const GOOD = ['good-en/case-one/official-a.pdf', 'good-en/case-one/official-b.pdf', 'good-fr/case-one/official-a.pdf', 'good-fr/case-one/official-b.pdf'];
const FAILED = ['broken-signature', 'speaks-german', 'in-portugal'].flatMap((s) => [`${s}/case-one/official-a.pdf`, `${s}/case-one/official-b.pdf`]);

function batch(ws: string, ...args: string[]): CliRun {
  return runCli(['batch', 'campaigns/test-day.yaml', ...args], { cwd: ws });
}

describe('letters batch on the fixture campaign (5 senders x 2 officials, 3 senders broken in different ways)', () => {
  let ws: string;
  let dir: string;
  let first: CliRun;

  beforeAll(() => {
    ws = batchWorkspace();
    dir = join(ws, 'out', 'test-day');
    first = batch(ws, '--jobs', '2');
  });

  it('writes the good letters at out/<campaign>/<sender>/<case>/<official>.pdf and nothing for the failed ones', () => {
    expect(first.code).toBe(1);
    expect(filesUnder(dir)).toEqual([...GOOD, 'manifest.csv', 'manifest.json'].sort());
    expect(first.stdout.trim()).toBe(join('out', 'test-day', 'manifest.csv'));
  });

  it('leaves no temp file behind', () => {
    expect(filesUnder(ws).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('records a manifest row per letter, in work-list order, whose hashes, sizes and page counts match the files', async () => {
    const rows = readManifestJson(dir);
    expect(rows.map((r) => r.file)).toEqual([GOOD[0], GOOD[1], GOOD[2], GOOD[3], ...FAILED]);
    for (const row of rows.filter((r) => r.status === 'written')) {
      const bytes = readFileSync(join(dir, row.file));
      expect(row.sha256).toBe(sha256(bytes));
      expect(row.bytes).toBe(bytes.length);
      expect(row.pages).toBe((await pdfPages(bytes)).length);
      expect(row.input_hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(rows.filter((r) => r.status === 'written').map((r) => r.file)).toEqual(GOOD);
    expect(rows[0]).toMatchObject({ case: 'case-one', sender: 'good-en', official: 'official-a', language: 'en', embassy: 'kz-in-belgium' });
    expect(rows[0]!.emails).toEqual(['be@example.org', 'alpha@example.org']);
    expect(rows[3]).toMatchObject({ sender: 'good-fr', official: 'official-b', language: 'fr', embassy: 'kz-in-france', emails: ['fr@example.org'] });
    expect(readFileSync(join(dir, 'manifest.csv'), 'utf8')).toBe(expectedCsv(rows));
  });

  it('gives each failed letter a row with the message of its own cause', () => {
    const rows = readManifestJson(dir);
    const failed = rows.filter((r) => r.status === 'failed');
    expect(failed.map((r) => r.file)).toEqual(FAILED);
    for (const r of failed) expect(r.sha256).toBeUndefined();
    const error = (sender: string) => failed.find((r) => r.sender === sender)!.error!;
    expect(error('broken-signature')).toMatch(/^senders\/broken-signature\.yaml:7:\d+: error: signatories\[0\]\.signature: .*truncated\.png/);
    expect(error('speaks-german')).toMatch(/^cases\/case-one\.yaml:\d+:\d+: error: people\[0\]\.role: .*`de`/);
    expect(error('in-portugal')).toMatch(/^campaigns\/test-day\.yaml:10:\d+: error: senders\[4\]\.country: no embassy of Kazakhstan in Portugal/);
  });

  it('lists the failures grouped by cause, then the summary, on stderr', () => {
    const groups = first.stderr.split('\n').filter((l) => /^ {2}\d+ × /.test(l));
    expect(groups).toHaveLength(3);
    for (const g of groups) expect(g).toMatch(/^ {2}2 × /);
    expect(first.stderr).toContain('6 letters failed, by cause:');
    expect(first.stderr).toMatch(/written 4, skipped 0, failed 6 of 10 letters; 4 pages written in [\d.]+ s \([\d.]+ letters\/s\)/);
    // Not a terminal: plain progress lines, no bar.
    expect(first.stderr).toMatch(/letters: 10\/10 \(100%\)/);
    expect(first.stderr).not.toContain('\u001b[');
  });

  it('skips every unchanged letter on a second run and changes no file', () => {
    const before = snapshot(dir);
    const again = batch(ws, '--jobs', '2');
    expect(again.code).toBe(1);
    expect(snapshot(dir)).toEqual(before);
    const rows = readManifestJson(dir);
    expect(rows.filter((r) => r.status === 'skipped').map((r) => r.file)).toEqual(GOOD);
    expect(rows.filter((r) => r.status === 'failed')).toHaveLength(6);
    for (const r of rows.filter((r) => r.status === 'skipped')) expect(r.sha256).toBe(before.get(r.file)!.sha);
    expect(again.stderr).toMatch(/written 0, skipped 4, failed 6 of 10 letters/);
    expect(readFileSync(join(dir, 'manifest.csv'), 'utf8')).toBe(expectedCsv(rows));
  });

  it('rewrites every letter with --force, to the same bytes', () => {
    const before = snapshot(dir);
    const forced = batch(ws, '--jobs', '2', '--force');
    expect(forced.code).toBe(1);
    const after = snapshot(dir);
    const rows = readManifestJson(dir);
    expect(rows.filter((r) => r.status === 'written').map((r) => r.file)).toEqual(GOOD);
    for (const f of GOOD) {
      expect(after.get(f)!.sha).toBe(before.get(f)!.sha);
      expect(after.get(f)!.mtimeMs).toBeGreaterThan(before.get(f)!.mtimeMs);
    }
    expect(filesUnder(ws).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('re-renders only the letters whose inputs changed, and never overwrites a letter that differs without --force', () => {
    // A new French salutation changes the French letters only; the English ones keep their bytes.
    const officials = join(ws, 'directory', 'officials.yaml');
    writeFileSync(officials, readFileSync(officials, 'utf8').replace('Monsieur le Ministre,', 'Monsieur le Ministre des Tests,'));
    const before = snapshot(dir);
    const run = batch(ws, '--jobs', '2');
    const rows = readManifestJson(dir);
    const status = (file: string) => rows.find((r) => r.file === file)!.status;
    expect(status(GOOD[0]!)).toBe('skipped');
    expect(status(GOOD[1]!)).toBe('skipped');
    expect(status(GOOD[2]!)).toBe('failed');
    expect(rows.find((r) => r.file === GOOD[2])!.error).toContain('exists already and differs from this letter: pass --force');
    expect(status(GOOD[3]!)).toBe('skipped');
    expect(snapshot(dir)).toEqual(before);
    expect(run.code).toBe(1);
    const forced = batch(ws, '--jobs', '2', '--force');
    expect(forced.code).toBe(1);
    expect(readManifestJson(dir).find((r) => r.file === GOOD[2])!.status).toBe('written');
  });

  it('resumes from the letters on disk when the manifest was lost', () => {
    rmSync(join(dir, 'manifest.json'));
    rmSync(join(dir, 'manifest.csv'));
    rmSync(join(dir, GOOD[1]!));
    const run = batch(ws, '--jobs', '1');
    const rows = readManifestJson(dir);
    expect(rows.filter((r) => r.status !== 'failed').map((r) => `${r.file} ${r.status}`)).toEqual([
      `${GOOD[0]} skipped`,
      `${GOOD[1]} written`,
      `${GOOD[2]} skipped`,
      `${GOOD[3]} skipped`,
    ]);
    expect(run.code).toBe(1);
  });
});

describe('letters batch determinism and output modes', () => {
  it('writes identical bytes and manifests with --jobs 1 and --jobs 2', () => {
    const ws = batchWorkspace();
    const one = runCli(['batch', 'campaigns/test-day.yaml', '--jobs', '1', '--out', 'one'], { cwd: ws });
    const two = runCli(['batch', 'campaigns/test-day.yaml', '--jobs', '2', '--out', 'two'], { cwd: ws });
    expect([one.code, two.code]).toEqual([1, 1]);
    const a = join(ws, 'one', 'test-day');
    const b = join(ws, 'two', 'test-day');
    expect(filesUnder(a)).toEqual(filesUnder(b));
    for (const f of filesUnder(a)) expect(sha256(readFileSync(join(a, f))), f).toBe(sha256(readFileSync(join(b, f))));
  });

  it('prints a JSON summary with --json, and nothing but failures with --quiet', () => {
    const ws = batchWorkspace();
    const run = runCli(['batch', 'campaigns/test-day.yaml', '--json', '--quiet', '--jobs', '2'], { cwd: ws });
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout) as Record<string, unknown> & { failures: { cause: string; count: number; letters: string[] }[] };
    expect(summary).toMatchObject({ campaign: 'test-day', total: 10, written: 4, skipped: 0, failed: 6, pages: 4, jobs: 2, interrupted: false });
    expect(summary.manifest).toEqual({ csv: join('out', 'test-day', 'manifest.csv'), json: join('out', 'test-day', 'manifest.json') });
    expect(summary.failures.map((f) => [f.count, f.letters.map((l) => l.split('/')[0])[0]])).toEqual([
      [2, 'broken-signature'],
      [2, 'speaks-german'],
      [2, 'in-portugal'],
    ]);
    expect(run.stderr).not.toMatch(/letters: \d+\/10|written 4/);
    expect(run.stderr).toContain('6 letters failed, by cause:');
  });

  it('exits 0 with every letter written when the campaign has only good senders', () => {
    const ws = batchWorkspace();
    const file = join(ws, 'campaigns', 'test-day.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^ {2}- \{sender: (broken-signature|speaks-german|in-portugal).*\n/gm, ''));
    const run = runCli(['batch', 'campaigns/test-day.yaml'], { cwd: ws });
    expect(run.stderr).toMatch(/written 4, skipped 0, failed 0 of 4 letters/);
    // Without --jobs, a day this short renders in one thread (jobs-asked.ts): a worker's start would cost more.
    expect(run.stderr).toMatch(/^Campaign test-day: 4 letters into .*, 1 job\.$/m);
    expect(run.code).toBe(0);
  });

  it('refuses a campaign file that breaks the schema, writing nothing, and bad --jobs as usage', () => {
    const ws = batchWorkspace();
    writeFileSync(join(ws, 'campaigns', 'bad.yaml'), 'id: bad\ndate: 2020-02-30\ncases: [case-one]\nofficials: [official-a]\nsenders: []\n');
    const run = runCli(['batch', 'campaigns/bad.yaml'], { cwd: ws });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/campaigns\/bad\.yaml:2:\d+: error: date: .*calendar/);
    expect(run.stderr).toContain('nothing was written');
    expect(statSync(join(ws, 'out'), { throwIfNoEntry: false })).toBeUndefined();
    const usage = runCli(['batch', 'campaigns/test-day.yaml', '--jobs', '0'], { cwd: ws });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--jobs must be a whole number of at least 1');
  });
});
