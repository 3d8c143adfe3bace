import { describe, expect, it } from 'vitest';
import { createProgress, formatSeconds, type BatchProgress } from '../../src/batch/progress.js';

const at = (done: number, seconds: number, failed = 0): BatchProgress => ({ done, total: 100, written: done - failed, skipped: 0, failed, seconds });

describe('batch progress', () => {
  it('prints a plain line at most every interval, and the last state when stopped', () => {
    let clock = 0;
    const lines: string[] = [];
    const progress = createProgress('lines', { write: (t) => lines.push(t), intervalMs: 5000, now: () => clock });
    progress.update(at(1, 0.5));
    clock = 1000;
    progress.update(at(10, 1));
    clock = 5000;
    progress.update(at(50, 5, 2));
    clock = 6000;
    progress.update(at(60, 6, 2));
    progress.stop();
    progress.update(at(61, 7, 2));
    progress.stop();
    expect(lines).toEqual([
      'letters: 1/100 (1%), 2.0 letters/s, ETA 50s, 0 failed\n',
      'letters: 50/100 (50%), 10.0 letters/s, ETA 5s, 2 failed\n',
      'letters: 60/100 (60%), 10.0 letters/s, ETA 4s, 2 failed\n',
    ]);
  });

  it('prints nothing in quiet mode', () => {
    const lines: string[] = [];
    const progress = createProgress('none', { write: (t) => lines.push(t) });
    progress.update(at(1, 1));
    progress.stop();
    expect(lines).toEqual([]);
  });

  it('formats an ETA in seconds, minutes or hours', () => {
    expect([formatSeconds(42.4), formatSeconds(185), formatSeconds(3720)]).toEqual(['42s', '3m 05s', '1h 02m']);
  });
});
