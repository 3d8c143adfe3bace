// Thousands of unknown ids against a directory of thousands: each "did you mean" measured the id
// against every known one, so 2,000 unknown officials in a campaign (or a case's recipients) against
// a directory of 17,000 took 48 s in `letters validate`, and 20,000 did not end in five minutes.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { loadCampaign } from '../../src/pipeline/load-campaign.js';
import { loadCase } from '../../src/pipeline/load-case.js';
import { hintsOnBudget, unknownHint } from '../../src/pipeline/unknown-hint.js';
import { batchWorkspace } from '../batch/helpers.js';

/** The batch fixture workspace with `count` more officials in its directory (official-number-0, ...). */
function bigDirectory(count: number): string {
  const ws = batchWorkspace();
  const lines = Array.from({ length: count }, (_, i) => `  - {id: official-number-${i}, name: N, salutation: Dear}\n`);
  appendFileSync(join(ws, 'directory', 'officials.yaml'), lines.join(''));
  return ws;
}

const unknown = (count: number) => Array.from({ length: count }, (_, i) => `x${i}`);

describe('hintsOnBudget', () => {
  it('guesses as unknownHint does while the budget lasts, then lists the known ids without a guess', () => {
    const hint = hintsOnBudget(5);
    const known = ['official-a', 'official-b', 'official-c'];
    expect(hint('officail-a', known)).toBe(unknownHint('officail-a', known));
    expect(hint('officail-b', known)).toBe('not one of the known ids (known: official-a, official-b, official-c)');
    expect(hint('x', [])).toBe('none exist yet');
  });
});

// What bounds the time is the budget of guesses, which the last id's message shows (no guess), not a
// clock: a time limit failed on a machine busy with other work.
describe('thousands of unknown ids against a large directory', () => {
  it('a campaign: each official named, in seconds', () => {
    const ws = bigDirectory(12_000);
    const file = join(ws, 'campaigns', 'many.yaml');
    writeFileSync(
      file,
      `id: many\ndate: 2020-03-23\ncases: [case-one]\nsenders: [{sender: good-en, country: Belgium}]\nofficials: [${unknown(3_000).join(', ')}]\n`,
    );
    const campaign = loadCampaign(file);
    expect(campaign.officials).toHaveLength(3_000);
    expect(campaign.officials[0]!.problems[0]!.message).toMatch(/^unknown official `x0`: not in .*officials\.yaml; did you mean `official-\w+`\?/);
    expect(campaign.officials[2_999]!.problems[0]!.message).toMatch(
      /^unknown official `x2999`: not in .*officials\.yaml; not one of the known ids \(known: official-a, /,
    );
  });

  it("a case's recipients: each official named, in seconds", () => {
    const ws = bigDirectory(12_000);
    const file = join(ws, 'cases', 'case-one.yaml');
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf('\nrecipients:');
    writeFileSync(
      file,
      `${text.slice(0, at)}\nrecipients:\n${unknown(3_000)
        .map((id) => `  - official: ${id}\n`)
        .join('')}`,
    );
    let problems: string[] = [];
    try {
      loadCase(file);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      problems = err.problems.map((p) => `${p.path}: ${p.message}`);
    }
    expect(problems.filter((p) => /unknown official/.test(p)).length).toBeGreaterThanOrEqual(150);
    expect(problems[0]).toMatch(/^recipients\[0\]\.official: unknown official `x0`: .*did you mean `official-\w+`\?/);
    expect(problems.filter((p) => /unknown official/.test(p)).at(-1)).toMatch(
      /: unknown official `x\d+`: not in .*; not one of the known ids \(known: official-a, /,
    );
  });
});
