// Peak resident memory of a whole process tree, sampled from /proc: a process's own maxRSS misses
// its child processes, and a peak between two samples of a child that has already exited is lost, so
// the tree is summed at a steady interval while it runs (Linux only; elsewhere the peak reads NaN).
import { readdirSync, readFileSync } from 'node:fs';

/** The pid and every descendant of it, through each thread's `children` list (Linux 3.5+). */
export function processTree(root: number): number[] {
  const seen: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    seen.push(pid);
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // exited meanwhile
    }
    for (const tid of tasks) {
      try {
        for (const child of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ')) if (child.trim()) queue.push(Number(child));
      } catch {
        // thread ended meanwhile
      }
    }
  }
  return seen;
}

/** VmRSS of one process in KiB (all its threads share it), or 0 once it has exited. */
function rssKib(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export interface TreeRssSampler {
  /** Stops sampling; the highest sum of VmRSS over the tree seen, in MiB (NaN if never sampled). */
  stop(): number;
}

/** Samples the summed VmRSS of `pid` and its descendants every `everyMs` until stopped. */
export function sampleTreeRss(pid: number, everyMs = 50): TreeRssSampler {
  let peakKib = NaN;
  const sample = () => {
    const kib = processTree(pid).reduce((sum, p) => sum + rssKib(p), 0);
    if (kib > 0 && !(kib <= peakKib)) peakKib = kib;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return peakKib / 1024;
    },
  };
}
