import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLetterRow } from '../../src/batch/letter-row.js';
import type { ManifestRow } from '../../src/batch/manifest.js';
import type { Renderer } from '../../src/batch/render-pool.js';
import type { BatchItem } from '../../src/pipeline/plan-campaign.js';
import { tempDir } from '../helpers/temp-dir.js';
import { sha256 } from './helpers.js';

/** A letter of the work list at `file` in the campaign folder `dir`. */
function itemAt(dir: string, index: number, file: string, problems: BatchItem['problems'] = []): BatchItem {
  return {
    index,
    campaignId: 'day',
    workspace: dir,
    caseId: 'case',
    caseFile: join(dir, 'case.yaml'),
    senderId: 'sender',
    senderFile: join(dir, 'sender.yaml'),
    entry: { sender: 'sender', country: 'Belgium' },
    officialId: 'official',
    date: '2020-03-23',
    template: 'appeal',
    dir,
    path: join(dir, file),
    file,
    problems,
  };
}

function previousRow(file: string, bytes: string): ManifestRow {
  return {
    case: 'case',
    sender: 'sender',
    official: 'official',
    language: 'en',
    embassy: 'embassy',
    emails: ['a@example.org'],
    file,
    pages: 1,
    sha256: sha256(Buffer.from(bytes)),
    bytes: bytes.length,
    status: 'written',
    input_hash: 'same inputs',
  };
}

describe('createLetterRow', () => {
  it('keeps no previous row once its letter has its row: skipped, rendered or failed at once', async () => {
    const dir = tempDir('letters-row-');
    mkdirSync(join(dir, 'sender'), { recursive: true });
    for (const name of ['skip', 'render', 'fail']) writeFileSync(join(dir, 'sender', `${name}.pdf`), `%PDF ${name}`);
    const previous = new Map(['skip', 'render', 'fail'].map((name) => [`sender/${name}.pdf`, previousRow(`sender/${name}.pdf`, `%PDF ${name}`)]));
    const rendered: string[] = [];
    const renderer: Renderer = {
      render: (item) => {
        rendered.push(item.file);
        return Promise.resolve({ status: 'written', emails: [], pages: 1, bytes: 9, sha256: 'new' });
      },
      start: () => {},
      destroy: () => Promise.resolve(),
    };
    const letterRow = createLetterRow({
      previous,
      // The rendered letter's inputs changed since the previous run; the others' did not.
      inputHash: (item) => (item.file === 'sender/render.pdf' ? 'other inputs' : 'same inputs'),
      renderer,
    });

    const skipped = await letterRow(itemAt(dir, 0, 'sender/skip.pdf'));
    expect(skipped).toMatchObject({ status: 'skipped', emails: ['a@example.org'], input_hash: 'same inputs' });
    expect(previous.has('sender/skip.pdf')).toBe(false);

    expect(await letterRow(itemAt(dir, 1, 'sender/render.pdf'))).toMatchObject({ status: 'written', sha256: 'new' });
    expect(rendered).toEqual(['sender/render.pdf']);
    expect(previous.has('sender/render.pdf')).toBe(false);

    const problem = { file: join(dir, 'case.yaml'), path: 'country', message: 'unknown country', severity: 'error' as const };
    expect(await letterRow(itemAt(dir, 2, 'sender/fail.pdf', [problem]))).toMatchObject({ status: 'failed' });
    expect(previous.size).toBe(0);
  });

  // A skipped letter kept its previous row's `eml` whatever it said: a hand-edited `../../x.eml` (or another
  // letter's draft) stayed in every manifest after, though `send` refused it and said to run the batch again.
  it("a skipped letter's draft is its own, whatever the previous row named", async () => {
    const dir = tempDir('letters-row-');
    mkdirSync(join(dir, 'sender'), { recursive: true });
    writeFileSync(join(dir, 'sender', 'skip.pdf'), '%PDF skip');
    writeFileSync(join(dir, 'sender', 'skip.eml'), 'draft');
    const renderer: Renderer = { render: () => Promise.reject(new Error('not rendered')), start: () => {}, destroy: () => Promise.resolve() };
    for (const [eml, own] of [
      ['../../elsewhere.eml', true],
      ['sender/other.eml', true],
      ['../../elsewhere.eml', false],
    ] as const) {
      const previous = new Map([['sender/skip.pdf', { ...previousRow('sender/skip.pdf', '%PDF skip'), eml }]]);
      const row = await createLetterRow({ previous, inputHash: () => 'same inputs', renderer, eml: own })(itemAt(dir, 0, 'sender/skip.pdf'));
      expect(row).toMatchObject({ status: 'skipped', eml: 'sender/skip.eml' });
    }
  });
});
