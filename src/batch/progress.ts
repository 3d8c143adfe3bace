import cliProgress from 'cli-progress';

export interface BatchProgress {
  done: number;
  total: number;
  written: number;
  skipped: number;
  failed: number;
  /** Seconds since the batch started. */
  seconds: number;
}

export interface ProgressReporter {
  update(progress: BatchProgress): void;
  stop(): void;
}

export type ProgressMode = 'bar' | 'lines' | 'none';

export interface ProgressOptions {
  /** The terminal, for the bar. */
  stream?: NodeJS.WritableStream;
  /** Where plain lines go. */
  write: (text: string) => void;
  /** Between plain lines. */
  intervalMs?: number;
  now?: () => number;
}

/** The progress of a batch: a bar on a terminal, a plain line every few seconds otherwise, or nothing. */
export function createProgress(mode: ProgressMode, options: ProgressOptions): ProgressReporter {
  if (mode === 'none') return { update() {}, stop() {} };
  if (mode === 'bar') return barReporter(options.stream ?? process.stderr);
  return lineReporter(options);
}

function rate(p: BatchProgress): number {
  return p.seconds > 0 ? p.done / p.seconds : 0;
}

function barReporter(stream: NodeJS.WritableStream): ProgressReporter {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'letters |{bar}| {value}/{total} | {rate} letters/s | ETA {eta_formatted} | {failed} failed',
      hideCursor: true,
      etaBuffer: 200,
      fps: 10,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let stopped = false;
  return {
    update(p) {
      // Once stopped (the summary, or Ctrl-C's message, follows), late updates must not redraw it.
      if (stopped) return;
      const payload = { rate: rate(p).toFixed(1), failed: p.failed };
      if (!started) {
        bar.start(p.total, p.done, payload);
        started = true;
      } else bar.update(p.done, payload);
    },
    stop() {
      if (started && !stopped) bar.stop();
      stopped = true;
    },
  };
}

function lineReporter(options: ProgressOptions): ProgressReporter {
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 5000;
  let last: BatchProgress | undefined;
  let lastAt = -Infinity;
  let printedAt: number | undefined;
  let stopped = false;
  const print = (p: BatchProgress) => {
    const r = rate(p);
    const eta = r > 0 ? `, ETA ${formatSeconds((p.total - p.done) / r)}` : '';
    const percent = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 100;
    options.write(`letters: ${p.done}/${p.total} (${percent}%), ${r.toFixed(1)} letters/s${eta}, ${p.failed} failed\n`);
    printedAt = p.done;
  };
  return {
    update(p) {
      if (stopped) return;
      last = p;
      const t = now();
      if (t - lastAt >= interval) {
        lastAt = t;
        print(p);
      }
    },
    stop() {
      if (!stopped && last && printedAt !== last.done) print(last);
      stopped = true;
    },
  };
}

/** "42s", "3m 05s", "1h 02m". */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
