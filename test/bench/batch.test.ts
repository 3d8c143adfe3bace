// bench/batch.ts's medians: each figure of a setting's runs taken on its own.
import { describe, expect, it } from 'vitest';
import { medianRun, type BatchBenchResult } from '../../bench/batch.js';

const run = (lettersPerSecond: number, peakRssMb: number, failed = 0): BatchBenchResult => ({
  letters: 1000,
  jobs: 2,
  seconds: 1000 / lettersPerSecond,
  lettersPerSecond,
  wallSeconds: 1000 / lettersPerSecond + 0.2,
  cpuSeconds: 5,
  msPerLetter: 1000 / lettersPerSecond,
  peakRssMb,
  written: 1000 - failed,
  failed,
});

describe('medianRun', () => {
  it('takes the median of each figure apart, not the figures of one run', () => {
    const median = medianRun([run(300, 230), run(350, 221), run(400, 226)]);
    expect(median.lettersPerSecond).toBe(350);
    expect(median.peakRssMb).toBe(226);
    expect(median.seconds).toBeCloseTo(1000 / 350);
  });

  it('takes the mean of the middle two of an even count, and any run’s failures', () => {
    const median = medianRun([run(300, 230), run(400, 220, 3)]);
    expect(median.lettersPerSecond).toBe(350);
    expect(median.peakRssMb).toBe(225);
    expect(median.failed).toBe(3);
    expect(median.written).toBe(997);
  });

  it('gives a single run as it is', () => {
    expect(medianRun([run(300, 230)])).toEqual(run(300, 230));
  });
});
