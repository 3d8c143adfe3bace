// The summary of a batch whose letters failed for 100,000 different reasons (each of 100,000 unknown
// officials, the most a campaign may make) listed every cause: 200,000 lines on stderr.
import { describe, expect, it } from 'vitest';
import { printBatchSummary } from '../../src/commands/batch.js';
import type { BatchSummary } from '../../src/batch/run-batch.js';

function summaryOf(causes: number): BatchSummary {
  return {
    campaign: 'day',
    total: causes + 3,
    written: 0,
    skipped: 0,
    failed: causes + 3,
    pages: 0,
    seconds: 1,
    lettersPerSecond: 1,
    interrupted: false,
    warnings: [],
    // Most frequent first, as the tally gives them.
    failures: [
      { cause: 'campaigns/day.yaml:4:9: error: officials[0]: unknown official `x0`', count: 4, letters: ['a/c/x0.pdf'] },
      ...Array.from({ length: causes - 1 }, (_, i) => ({
        cause: `campaigns/day.yaml:4:${12 + i}: error: officials[${i + 1}]: unknown official \`x${i + 1}\``,
        count: 1,
        letters: [`a/c/x${i + 1}.pdf`],
      })),
    ],
  } as unknown as BatchSummary;
}

describe('printBatchSummary', () => {
  it('lists the first 200 causes of failure, then counts the rest with their letters', () => {
    let err = '';
    printBatchSummary({ stderr: (t: string) => (err += t) } as never, summaryOf(100_000), true);
    const lines = err.split('\n');
    expect(lines[0]).toBe('100003 letters failed, by cause:');
    expect(lines[1]).toBe('  4 × campaigns/day.yaml:4:9: error: officials[0]: unknown official `x0`');
    expect(err).toContain('officials[199]: unknown official `x199`');
    expect(err).not.toContain('officials[200]:');
    expect(err).toContain('  ... and 99800 more causes, of 99800 letters: see the `error` column of the manifest.\n');
    expect(lines.length).toBeLessThan(410);
  });

  it('lists every cause when there are 200 or fewer', () => {
    let err = '';
    printBatchSummary({ stderr: (t: string) => (err += t) } as never, summaryOf(200), true);
    expect(err).toContain('officials[199]: unknown official `x199`');
    expect(err).not.toContain('more causes');
  });
});
