import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createInputHasher } from '../../src/batch/input-hash.js';
import { planCampaign } from '../../src/pipeline/plan-campaign.js';
import { loadCampaign } from '../../src/pipeline/load-campaign.js';
import { runCli } from '../helpers/run-cli.js';
import { batchWorkspace, readManifestJson } from './helpers.js';

const GOOD = ['good-en/case-one/official-a.pdf', 'good-en/case-one/official-b.pdf', 'good-fr/case-one/official-a.pdf', 'good-fr/case-one/official-b.pdf'];

function edit(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`no ${String(from)} in ${file}`);
  writeFileSync(file, next);
}

function writtenAndFailed(ws: string): { written: string[]; failed: Record<string, string> } {
  const rows = readManifestJson(join(ws, 'out', 'test-day'));
  return {
    written: rows.filter((r) => r.status === 'written').map((r) => r.file),
    failed: Object.fromEntries(rows.filter((r) => r.status === 'failed').map((r) => [r.file, r.error!])),
  };
}

describe("a case's own sender and recipients in a campaign", () => {
  it("a broken own sender fails only that sender's letters, and generate still reports it", () => {
    const ws = batchWorkspace();
    const kase = join(ws, 'cases', 'case-one.yaml');
    edit(kase, 'sender: good-en', 'sender: broken-signature');
    edit(kase, 'signatories: [second]', 'signatories: [first]');
    const run = runCli(['batch', 'campaigns/test-day.yaml', '--jobs', '1'], { cwd: ws });
    expect(run.code).toBe(1);
    const { written, failed } = writtenAndFailed(ws);
    expect(written).toEqual(GOOD);
    expect(failed['broken-signature/case-one/official-a.pdf']).toMatch(/^senders\/broken-signature\.yaml:7:\d+: error: signatories\[0\]\.signature: /);
    // A single case still needs its own sender.
    const generate = runCli(['generate', 'cases/case-one.yaml'], { cwd: ws });
    expect(generate.code).toBe(1);
    expect(generate.stderr).toMatch(/senders\/broken-signature\.yaml:7:\d+: error: signatories\[0\]\.signature: /);
  });

  it('a case recipient missing from the directory fails no campaign letter', () => {
    const ws = batchWorkspace();
    edit(join(ws, 'cases', 'case-one.yaml'), '  - official: official-a', '  - official: official-a\n  - official: nobody');
    const run = runCli(['batch', 'campaigns/test-day.yaml', '--jobs', '1'], { cwd: ws });
    expect(run.code).toBe(1);
    expect(writtenAndFailed(ws).written).toEqual(GOOD);
    expect(run.stderr).not.toContain('nobody');
  });

  it("checks the case's signatories against its own sender when that sender writes a campaign letter", () => {
    const ws = batchWorkspace();
    edit(join(ws, 'cases', 'case-one.yaml'), 'signatories: [second]', 'signatories: [thrid]');
    runCli(['batch', 'campaigns/test-day.yaml', '--jobs', '1'], { cwd: ws });
    const { written, failed } = writtenAndFailed(ws);
    expect(written).toEqual(GOOD.slice(2));
    expect(failed[GOOD[0]!]).toMatch(/^cases\/case-one\.yaml:\d+:\d+: error: letter\.signatories\[0\]: unknown signatory `thrid` of sender `good-en`/);
  });

  it("an official without a salutation fails that official's letters, located in the directory", () => {
    const ws = batchWorkspace();
    edit(join(ws, 'directory', 'officials.yaml'), /\n {4}salutation: \{en: "Dear Minister,", fr: "Madame.*/, '');
    const run = runCli(['batch', 'campaigns/test-day.yaml', '--jobs', '1'], { cwd: ws });
    expect(run.code).toBe(1);
    const { written, failed } = writtenAndFailed(ws);
    expect(written).toEqual([GOOD[0], GOOD[2]]);
    expect(failed[GOOD[1]!]).toMatch(
      /^directory\/officials\.yaml:10:\d+: error: officials\[1\]: official `official-b` has no salutation: add `salutation` to the official in directory\/officials\.yaml/,
    );
  });

  it("hashes the case's own sender, which sets the language of the case's plain texts", () => {
    const ws = batchWorkspace();
    const campaignFile = join(ws, 'campaigns', 'test-day.yaml');
    const hashOfFirstFrenchLetter = () => {
      const item = [...planCampaign(loadCampaign(campaignFile), join(ws, 'out'))].find((i) => i.senderId === 'good-fr')!;
      return createInputHasher('1.0.0')(item);
    };
    const before = hashOfFirstFrenchLetter();
    // good-en is the case's own sender, not this letter's.
    edit(join(ws, 'senders', 'good-en.yaml'), 'name: Good English Union', 'name: Good English Union Renamed');
    expect(hashOfFirstFrenchLetter()).not.toBe(before);
  });
});
