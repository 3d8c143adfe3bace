import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, sampleWorkspace } from '../helpers/run-cli.js';
import { readManifestJson } from './helpers.js';

/**
 * The sample campaign day batched with its senders in three orders (the sample's, the Russian-language
 * sender first, and that reversed) at --jobs 1 and 2: a worker renders each letter after different
 * others every time, and every letter must still have the same bytes.
 */

const RUNS: [name: string, campaign: string, jobs: string][] = [
  ['sample order, --jobs 1', 'kazakhstan-day-2020', '1'],
  ['Russian sender first, --jobs 1', 'russian-first', '1'],
  ['Russian sender first, --jobs 2', 'russian-first', '2'],
  ['Russian sender last, --jobs 2', 'russian-last', '2'],
];

let ws: string;
/** Each run's letters: "sender case official" → sha256 of the PDF. */
const hashes = new Map<string, Map<string, string>>();

beforeAll(() => {
  ws = sampleWorkspace();
  cpSync(join(ROOT, 'test', 'fixtures', 'text-layer', 'campaigns'), join(ws, 'campaigns'), { recursive: true });
  for (const [name, campaign, jobs] of RUNS) {
    const out = join(ws, `out-${hashes.size}`);
    const run = runCli(['batch', `campaigns/${campaign}.yaml`, '--jobs', jobs, '--out', out, '--quiet'], { cwd: ws });
    if (run.code !== 0) throw new Error(`${name}: exit ${run.code}: ${run.stderr}`);
    const rows = readManifestJson(join(out, 'kazakhstan-day-2020'));
    hashes.set(name, new Map(rows.map((r) => [`${r.sender} ${r.case} ${r.official}`, r.sha256!])));
  }
}, 300_000);

afterAll(() => {
  rmSync(ws, { recursive: true, force: true });
});

describe('a batch letter has the same bytes in any order of senders and at any --jobs', () => {
  it('writes all ten letters of the sample day in every run', () => {
    for (const [name, letters] of hashes) expect([...letters.values()].filter(Boolean), name).toHaveLength(10);
  });

  it.each(RUNS.slice(1).map(([name]) => name))('gives, %s, the bytes of the sample order', (name) => {
    const differing = [...hashes.get(RUNS[0]![0])!].filter(([letter, sha]) => hashes.get(name)!.get(letter) !== sha).map(([letter]) => letter);
    expect(differing).toEqual([]);
  });
});
