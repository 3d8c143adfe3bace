// Ctrl-C during a batch: the first stops handing out letters, the second quits once the batch has
// cleaned up, and the command quits for sure: after the grace time, or at a third signal.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXIT } from '../../src/commands/print.js';
import { stopOnSignals } from '../../src/commands/stop-on-signals.js';

describe('stopOnSignals', () => {
  let stderr: string[];
  let exit: ReturnType<typeof vi.fn<(code: number) => void>>;
  let signals: ReturnType<typeof stopOnSignals>;
  const start = () => {
    signals = stopOnSignals({ stderr: (s) => stderr.push(s) }, () => stderr.push('(progress stopped)'), { exit, graceMs: 5000 });
  };
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    stderr = [];
    exit = vi.fn<(code: number) => void>();
  });
  afterEach(() => {
    signals.release();
    vi.useRealTimers();
  });

  it('stops at the first signal, asks the batch to quit at the second, and quits itself when the batch does not within the grace time', () => {
    start();
    signals.started();
    process.emit('SIGINT', 'SIGINT');
    expect(signals.signal.aborted).toBe(true);
    expect(signals.quit.aborted).toBe(false);
    expect(stderr.join('')).toContain('Stopping: finishing the letters in flight and saving the manifest (Ctrl-C again to quit at once).');
    process.emit('SIGINT', 'SIGINT');
    expect(signals.quit.aborted).toBe(true);
    vi.advanceTimersByTime(4999);
    expect(exit).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(exit).toHaveBeenCalledExactlyOnceWith(EXIT.interrupted);
    expect(stderr.at(-1)).toBe('\nQuitting without cleaning up: the batch did not stop within 5 s. The next run in this folder removes what it left.\n');
  });

  it('quits at once at a third signal, with the code of the first', () => {
    start();
    signals.started();
    process.emit('SIGTERM', 'SIGTERM');
    process.emit('SIGINT', 'SIGINT');
    expect(exit).not.toHaveBeenCalled();
    process.emit('SIGINT', 'SIGINT');
    expect(exit).toHaveBeenCalledExactlyOnceWith(EXIT.terminated);
  });

  it('quits through the batch when it cleans up in time, and not again after', () => {
    start();
    signals.started();
    process.emit('SIGINT', 'SIGINT');
    process.emit('SIGINT', 'SIGINT');
    signals.quitNow();
    expect(exit).toHaveBeenCalledExactlyOnceWith(EXIT.interrupted);
    // The command's end releases the signals and the grace timer (process.exit does not return).
    signals.release();
    vi.advanceTimersByTime(10_000);
    expect(exit).toHaveBeenCalledTimes(1);
  });

  it('quits at the second signal when the batch had not started', () => {
    start();
    process.emit('SIGINT', 'SIGINT');
    process.emit('SIGINT', 'SIGINT');
    expect(exit).toHaveBeenCalledExactlyOnceWith(EXIT.interrupted);
    expect(signals.quit.aborted).toBe(false);
  });
});
