// A batch printed no warnings: a low-resolution signature or a source never cited, which generate and
// validate report, went unsaid and the letters printed blurred.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makePng } from '../input/make-png.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import { batchWorkspace, expectedCsv, readManifestJson } from './helpers.js';

const lowResolution = () => makePng({ width: 20, height: 8, depth: 8, colour: 0, sample: (x, y) => ((x + y) % 2) * 255 });

/** The fixture workspace with a campaign of two senders (each's signature 20 × 8 pixels) and two officials, and a source the case never cites. */
function warnedWorkspace(): string {
  const ws = batchWorkspace();
  writeFileSync(join(ws, 'senders', 'signatures', 'low.png'), lowResolution());
  for (const sender of ['good-en', 'good-fr']) {
    const file = join(ws, 'senders', `${sender}.yaml`);
    writeFileSync(file, readFileSync(file, 'utf8').replace('signatures/good.png', 'signatures/low.png'));
  }
  const kase = join(ws, 'cases', 'case-one.yaml');
  writeFileSync(kase, readFileSync(kase, 'utf8').replace('sources:\n', 'sources:\n  unused:\n    url: https://example.org/unused\n'));
  writeFileSync(
    join(ws, 'campaigns', 'warned-day.yaml'),
    [
      'id: warned-day',
      'date: 2020-03-23',
      'cases: [case-one]',
      'officials: [official-a, official-b]',
      'senders:',
      '  - {sender: good-en, country: Belgium, signatories: [first]}',
      '  - {sender: good-fr, country: France}',
      '',
    ].join('\n'),
  );
  return ws;
}

const SIGNATURE = (sender: string) =>
  new RegExp(
    `^senders/${sender}\\.yaml:7:16: warning: signatories\\[0\\]\\.signature: signature image \`signatures/low\\.png\` is 20 × 8 pixels, .* which is \\d+ dpi: it will print blurred\\. .*$`,
  );
const UNCITED = /^cases\/case-one\.yaml:\d+:\d+: warning: sources\.unused: source `unused` is never cited: cite it in the body as \[\^unused\] or remove it\.$/;

describe('letters batch on a campaign whose inputs have warnings (a low-resolution signature, a source never cited)', () => {
  let ws: string;
  let run: CliRun;

  beforeAll(() => {
    ws = warnedWorkspace();
    run = runCli(['batch', 'campaigns/warned-day.yaml', '--jobs', '1'], { cwd: ws });
  });

  it('writes every letter and prints each distinct warning once on stderr, not once per letter', () => {
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/written 4, skipped 0, failed 0 of 4 letters/);
    const warnings = run.stderr.split('\n').filter((l) => l.includes(': warning: '));
    expect(warnings).toHaveLength(3);
    expect(warnings.filter((l) => UNCITED.test(l))).toHaveLength(1);
    expect(warnings.filter((l) => SIGNATURE('good-en').test(l))).toHaveLength(1);
    expect(warnings.filter((l) => SIGNATURE('good-fr').test(l))).toHaveLength(1);
  });

  it("records in each manifest row the warnings of that letter's inputs, one per line (in the CSV, `; ` between them)", () => {
    const dir = join(ws, 'out', 'warned-day');
    const rows = readManifestJson(dir);
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      const lines = row.warnings!.split('\n');
      expect(lines).toHaveLength(2);
      expect(lines.filter((l) => UNCITED.test(l))).toHaveLength(1);
      expect(lines.filter((l) => SIGNATURE(row.sender).test(l))).toHaveLength(1);
    }
    expect(readFileSync(join(dir, 'manifest.csv'), 'utf8')).toBe(expectedCsv(rows));
  });

  it('says them again on a re-run that skips every letter, and lists them once each with --json', () => {
    const again = runCli(['batch', 'campaigns/warned-day.yaml', '--jobs', '2', '--json'], { cwd: ws });
    expect(again.code).toBe(0);
    const summary = JSON.parse(again.stdout) as {
      skipped: number;
      warnings: { file: string; line: number; column: number; path: string; message: string; severity: string }[];
    };
    expect(summary.skipped).toBe(4);
    expect(summary.warnings.map((w) => [w.file.slice(ws.length + 1), w.path, w.severity])).toEqual([
      ['cases/case-one.yaml', 'sources.unused', 'warning'],
      ['senders/good-en.yaml', 'signatories[0].signature', 'warning'],
      ['senders/good-fr.yaml', 'signatories[0].signature', 'warning'],
    ]);
    expect(again.stderr.split('\n').filter((l) => l.includes(': warning: '))).toHaveLength(3);
    for (const row of readManifestJson(join(ws, 'out', 'warned-day'))) expect(row.warnings!.split('\n')).toHaveLength(2);
    // --quiet prints no progress and no summary, but a warning is never kept quiet.
    const quiet = runCli(['batch', 'campaigns/warned-day.yaml', '--quiet'], { cwd: ws });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr.split('\n').filter((l) => l.includes(': warning: '))).toHaveLength(3);
  });

  it('are the warnings validate reports for the campaign', () => {
    const validated = runCli(['validate', 'campaigns/warned-day.yaml'], { cwd: ws });
    expect(validated.code).toBe(0);
    const warnings = validated.stderr.split('\n').filter((l) => l.includes(': warning: '));
    expect(warnings).toHaveLength(3);
    expect(warnings.filter((l) => UNCITED.test(l))).toHaveLength(1);
  });

  it('a campaign without warnings gives rows without any', () => {
    const clean = batchWorkspace();
    const file = join(clean, 'campaigns', 'test-day.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^ {2}- \{sender: (broken-signature|speaks-german|in-portugal).*\n/gm, ''));
    const r = runCli(['batch', 'campaigns/test-day.yaml', '--json'], { cwd: clean });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { warnings: unknown[] }).warnings).toEqual([]);
    for (const row of readManifestJson(join(clean, 'out', 'test-day'))) expect(row.warnings).toBeUndefined();
  });
});
