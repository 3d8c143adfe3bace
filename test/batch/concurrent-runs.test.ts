// Two batches into one folder, SIGTERM, kill -9: no temp file stays, no good letter is marked failed.
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allFiles, cleanUp, expectClean, run, start, tempFiles } from '../output/helpers.js';
import { bigCampaign } from './helpers.js';

afterAll(cleanUp);

function pdfCount(dir: string): number {
  return existsSync(dir) ? (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.pdf')).length : 0;
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

type Row = { file: string; status: string };
const rowsOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Row[];

describe('two batches of one campaign into one out folder at once', () => {
  it('the second refuses with a clear message; the first writes every letter', async () => {
    const ws = bigCampaign(250);
    const dir = join(ws, 'out', 'big-day');
    const first = start(['batch', 'campaigns/big-day.yaml', '--jobs', '1'], ws);
    await until(() => pdfCount(dir) > 0);
    const second = run(['batch', 'campaigns/big-day.yaml', '--jobs', '1'], ws);
    const done = await first.done;
    expect(second.code).toBe(1);
    expectClean(second);
    expect(second.stderr).toMatch(/another `letters batch` \(pid \d+\) is writing into .*big-day/);
    expect(done.code).toBe(0);
    const rows = rowsOf(dir);
    expect(rows).toHaveLength(500);
    expect(rows.every((r) => r.status === 'written')).toBe(true);
    expect(tempFiles(ws)).toEqual([]);
  });

  it('a lock left by a killed run (a dead pid) does not stop the next run', () => {
    const ws = bigCampaign(1);
    const dir = join(ws, 'out', 'big-day');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '.letters.lock'), '999999999\n');
    const r = run(['batch', 'campaigns/big-day.yaml', '--jobs', '1'], ws);
    expect(r.code).toBe(0);
    expect(tempFiles(ws)).toEqual([]);
  });
});

/** A 200-letter batch at --jobs 2, once its first letter is on disk. */
async function batchUnderWay() {
  const ws = bigCampaign(100);
  const dir = join(ws, 'out', 'big-day');
  const b = start(['batch', 'campaigns/big-day.yaml', '--jobs', '2'], ws);
  await until(() => pdfCount(dir) > 0);
  return { ws, dir, b };
}

describe('killed batches', () => {
  it('SIGTERM mid-batch saves the manifest of what was written and leaves no temp file', async () => {
    const { ws, dir, b } = await batchUnderWay();
    b.child.kill('SIGTERM');
    const done = await b.done;
    expect(done.code).toBe(143);
    expectClean(done);
    expect(tempFiles(ws)).toEqual([]);
    const rows = rowsOf(dir);
    expect(
      rows
        .filter((r) => r.status === 'written')
        .map((r) => r.file)
        .sort(),
    ).toEqual(allFiles(dir).filter((f) => f.endsWith('.pdf')));
  });

  it('a second signal quits at once and still leaves no temp file', async () => {
    const { ws, b } = await batchUnderWay();
    b.child.kill('SIGINT');
    b.child.kill('SIGINT');
    const done = await b.done;
    expect(done.code).toBe(130);
    expectClean(done);
    expect(tempFiles(ws)).toEqual([]);
  });

  // The second signal a moment after the first, while the letters in flight are still being finished:
  // stopping the workers then failed those letters, and the run went on to print them as bugs
  // ("internal error: Terminating worker thread") and to save a manifest that recorded them.
  // (With --jobs 1 the letter being drawn is the only one in flight: the day ends before a second signal.)
  it('a second signal while the workers finish the letters in flight quits at once: no summary, no manifest, no temp file', async () => {
    const { ws, dir, b } = await batchUnderWay();
    b.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 30));
    b.child.kill('SIGINT');
    const done = await b.done;
    expect(done.code).toBe(130);
    expectClean(done);
    expect(done.stderr).not.toMatch(/failed, by cause|Interrupted: written/);
    expect(existsSync(join(dir, 'manifest.json'))).toBe(false);
    expect(existsSync(join(dir, '.letters.lock'))).toBe(false);
    expect(tempFiles(ws)).toEqual([]);
  });

  it('after kill -9, the next run removes the temp files the killed one left and resumes', async () => {
    const { ws, dir, b } = await batchUnderWay();
    b.child.kill('SIGKILL');
    await b.done;
    // Whatever the kill left, plus leftovers as an earlier killed run would leave them.
    writeFileSync(join(dir, '.manifest.json.tmp-999999999-0badf00d'), '[');
    // Letters go to the workers in chunks, so this letter's folder may not exist yet when the first PDF does.
    mkdirSync(join(dir, 'copy-001', 'case-one'), { recursive: true });
    writeFileSync(join(dir, 'copy-001', 'case-one', '.official-a.pdf.tmp-999999999-0badf00d'), '%PDF-');
    const r = run(['batch', 'campaigns/big-day.yaml', '--jobs', '2'], ws);
    expect(r.code).toBe(0);
    expect(tempFiles(ws)).toEqual([]);
    expect(rowsOf(dir)).toHaveLength(200);
  });
});
