import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestRowProblem, openManifest, readManifest, type ManifestRow } from '../../src/batch/manifest.js';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { batchWorkspace, expectedCsv, readManifestJson } from './helpers.js';

const row = (file: string, extra: Partial<ManifestRow>): ManifestRow => ({
  case: 'case-one',
  sender: 'good-en',
  official: 'official-a',
  language: 'en',
  embassy: 'kz-in-belgium',
  emails: ['a@example.org', 'b@example.org'],
  file,
  status: 'failed',
  ...extra,
});

describe('manifest.csv', () => {
  it("puts a failure's several problems, and a letter's several warnings, on one line, joined with '; ', and keeps them one per line in manifest.json", async () => {
    const dir = tempDir('letters-manifest-');
    const manifest = openManifest(dir);
    const error = 'cases/a.yaml:1:1: error: first problem\ncases/a.yaml:2:1: error: second problem';
    const warnings = 'cases/a.yaml:3:1: warning: first warning\nsenders/b.yaml:4:1: warning: second warning';
    await manifest.add(row('good-en/a.pdf', { error }));
    await manifest.add(row('good-en/b.pdf', { error: 'one problem', warnings }));
    await manifest.close();
    const csv = readFileSync(manifest.csvPath, 'utf8');
    expect(csv.trimEnd().split('\n')).toEqual([
      'case,sender,official,language,embassy,emails,file,pages,sha256,bytes,status,error,warnings,input_hash,eml,delivery,sent_at,message_id,server_answer',
      'case-one,good-en,official-a,en,kz-in-belgium,a@example.org; b@example.org,good-en/a.pdf,,,,failed,cases/a.yaml:1:1: error: first problem; cases/a.yaml:2:1: error: second problem,,,,,,,',
      'case-one,good-en,official-a,en,kz-in-belgium,a@example.org; b@example.org,good-en/b.pdf,,,,failed,one problem,cases/a.yaml:3:1: warning: first warning; senders/b.yaml:4:1: warning: second warning,,,,,,',
    ]);
    const json = JSON.parse(readFileSync(manifest.jsonPath, 'utf8')) as ManifestRow[];
    expect(json[0]!.error).toBe(error);
    expect(json[0]!.warnings).toBeUndefined();
    expect(json[1]!.warnings).toBe(warnings);
  });
});

describe('manifest.csv opened in a spreadsheet', () => {
  it('writes no cell that a spreadsheet reads as a formula: one starting with = + - @ gets a leading quote', async () => {
    const dir = tempDir('letters-manifest-');
    const manifest = openManifest(dir);
    // A valid address (atext allows = | ' / !), from a shared directory file.
    await manifest.add(row('good-en/a.pdf', { emails: ["=cmd|'/ccalc'!A1@example.org"], error: '+1 problem' }));
    await manifest.close();
    const [, line] = readFileSync(manifest.csvPath, 'utf8').trimEnd().split('\n');
    expect(line).toBe(`case-one,good-en,official-a,en,kz-in-belgium,'=cmd|'/ccalc'!A1@example.org,good-en/a.pdf,,,,failed,'+1 problem,,,,,,,`);
    // manifest.json keeps the values as they are.
    expect((JSON.parse(readFileSync(manifest.jsonPath, 'utf8')) as ManifestRow[])[0]!.emails).toEqual(["=cmd|'/ccalc'!A1@example.org"]);
  });
});

describe('manifest rows written in batches', () => {
  it('holds every row, in order, in both files, when they run past several writes', () => {
    const dir = tempDir('letters-manifest-');
    const manifest = openManifest(dir);
    // Some 300 bytes a row: 2,000 rows are about ten 64 KB writes of each file.
    const rows = Array.from({ length: 2000 }, (_, i) => row(`good-en/${String(i).padStart(4, '0')}.pdf`, { error: `problem ${i}` }));
    for (const r of rows) manifest.add(r);
    expect(manifest.close()).toBeUndefined();
    expect(JSON.parse(readFileSync(manifest.jsonPath, 'utf8'))).toEqual(rows);
    const lines = readFileSync(manifest.csvPath, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2001);
    expect(lines.slice(1).map((l) => l.split(',')[6])).toEqual(rows.map((r) => r.file));
  });
});

describe('a previous manifest edited by hand', () => {
  // A skipped letter's row takes its language, embassy, addresses and sizes from the previous one:
  // `emails` made a text ended the re-run in "internal error: x.emails.join is not a function".
  it('a row of the wrong shape is not trusted: its letter is rendered and compared with the disk, and the new row is whole', () => {
    const ws = batchWorkspace();
    const file = join(ws, 'campaigns', 'test-day.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^ {2}- \{sender: (broken-signature|speaks-german|in-portugal).*\n/gm, ''));
    expect(runCli(['batch', 'campaigns/test-day.yaml'], { cwd: ws }).code).toBe(0);
    const dir = join(ws, 'out', 'test-day');
    const rows = readManifestJson(dir);
    const edited = rows.map((r) => ({ ...r })) as Record<string, unknown>[];
    edited[0]!.emails = 'x@example.org';
    edited[1]!.pages = { a: 1 };
    edited[2]!.language = null;
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(edited));
    const again = runCli(['batch', 'campaigns/test-day.yaml'], { cwd: ws });
    expect(again.stderr).not.toContain('internal error');
    expect(again.code).toBe(0);
    const after = readManifestJson(dir);
    expect(after.map((r) => r.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
    expect(after.map(({ input_hash: _, ...r }) => r)).toEqual(rows.map(({ input_hash: _, ...r }) => ({ ...r, status: 'skipped' })));
    expect(readFileSync(join(dir, 'manifest.csv'), 'utf8')).toBe(expectedCsv(after));
  });

  // A value nested 100,000 deep was quoted through JSON.stringify, which recursed past the stack's end:
  // the re-run and `letters send` ended in "internal error: Maximum call stack size exceeded".
  it('a value nested deep, or a long one, is told by its kind or its start, never written out whole', () => {
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const text = JSON.stringify(row('x.pdf', {}));
    expect(manifestRowProblem(JSON.parse(`${text.slice(0, -1)},"pages":${deep}}`))).toBe('its `pages` is an object, not a number');
    expect(manifestRowProblem(JSON.parse(`[${deep}]`))).toBe('it is a list, where a row is an object such as letters batch writes');
    expect(manifestRowProblem(row('x.pdf', { pages: 'x'.repeat(1_000_000) as unknown as number }))).toBe(
      `its \`pages\` is \`"${'x'.repeat(59)}\`, not a number`,
    );
    const dir = tempDir('letters-manifest-');
    writeFileSync(join(dir, 'manifest.json'), `[${text.slice(0, -1)},"file":${deep}}]`);
    expect(readManifest(dir).size).toBe(0);
  });
});

describe('a previous manifest grown large', () => {
  // The batch thread's heap is bounded (thread-heap.ts): 200 MB of rows ended every re-run in "internal
  // error: the batch thread failed: … JS heap out of memory", and running it again did the same.
  it('is not read past 64 MB: nothing is known of its letters, which are rendered and compared with the disk', () => {
    const dir = tempDir('letters-manifest-');
    const rows = `[${JSON.stringify(row('good-en/a.pdf', { status: 'written', sha256: 'a', input_hash: 'b' }))}]`;
    writeFileSync(join(dir, 'manifest.json'), rows);
    expect([...readManifest(dir).keys()]).toEqual(['good-en/a.pdf']);
    writeFileSync(join(dir, 'manifest.json'), rows + ' '.repeat(64 * 1024 * 1024));
    expect(readManifest(dir).size).toBe(0);
  });
});

// A folder in manifest.json's place: manifest.csv was replaced and manifest.json not, the two out of step.
describe('a manifest that cannot be saved', () => {
  it.each(['manifest.json', 'manifest.csv'])('with a folder in the place of %s, leaves both as they were, and no temp file', (blocked) => {
    const dir = tempDir('letters-manifest-');
    const before = { 'manifest.csv': 'old csv\n', 'manifest.json': '[]\n' };
    for (const [name, text] of Object.entries(before)) writeFileSync(join(dir, name), text);
    const manifest = openManifest(dir);
    // The folder takes the file's place while the run writes its temp files.
    rmSync(join(dir, blocked));
    mkdirSync(join(dir, blocked));
    manifest.add(row('good-en/a.pdf', {}));
    expect(manifest.close()).toMatchObject({ code: 'EISDIR', dest: join(dir, blocked) });
    const other = blocked === 'manifest.json' ? 'manifest.csv' : 'manifest.json';
    expect(readFileSync(join(dir, other), 'utf8')).toBe(before[other]);
    expect(readdirSync(dir).sort()).toEqual(['manifest.csv', 'manifest.json']);
  });
});

// The campaign folder removed, or put aside for a link, while the batch ran: the manifest's temp files
// went with it, and the run ended in "the manifest could not be saved (ENOENT: no such file or
// directory, rename '…/.manifest.json.tmp-…' -> '…/manifest.json')", naming neither the cause nor the fix.
describe('a campaign folder removed or replaced while the batch writes its manifest', () => {
  it('removed (and made anew by the letters after it): says so and how to resume, writes nothing', () => {
    const parent = tempDir('letters-manifest-');
    const dir = join(parent, 'day');
    mkdirSync(dir);
    const manifest = openManifest(dir);
    manifest.add(row('good-en/a.pdf', {}));
    rmSync(dir, { recursive: true });
    mkdirSync(dir);
    expect(manifest.close()?.message).toBe(
      `${dir} was removed or moved away while the batch wrote into it, and the manifest's temp files with it: run the same command again, which writes the letters missing from it and a new manifest`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('put aside for a symbolic link: names the link and the fix, writes nothing through it', () => {
    const parent = tempDir('letters-manifest-');
    const outside = tempDir('letters-outside-');
    const dir = join(parent, 'day');
    mkdirSync(dir);
    const manifest = openManifest(dir);
    manifest.add(row('good-en/a.pdf', {}));
    renameSync(dir, join(parent, 'aside'));
    symlinkSync(outside, dir);
    expect(manifest.close()?.message).toBe(
      `${dir} was replaced by a symbolic link while the batch wrote into it: remove the link (rm '${dir}'), then run the same command again`,
    );
    expect(readdirSync(outside)).toEqual([]);
  });
});
