// The thread `letters batch` runs a campaign in (started by run-batch-in-thread.ts): runBatch itself,
// with its pool of render workers, or rendering here with one job. The command's own thread only
// shows the progress and the summary, and passes on Ctrl-C.
import { parentPort, workerData } from 'node:worker_threads';
import { InternalError } from '../errors.js';
import { runBatch } from './run-batch.js';
import type { BatchProgress } from './progress.js';
import { errorToWire, QUIT, STOP, type BatchThreadTask, type FromBatchThread } from './thread-messages.js';

/** Progress messages at most this often (and the last one always): the bar redraws no faster. */
const PROGRESS_EVERY_MS = 50;

/** The thread's work: runs the batch it was given and reports back; returns once the result is posted. */
export async function batchThread(): Promise<void> {
  const port = parentPort;
  if (!port) throw new InternalError('batchThread runs in a worker thread');
  const task = workerData as BatchThreadTask;
  const stop = new AbortController();
  const quit = new AbortController();
  // Read when a message comes, when the day starts, and as each letter's row is ready.
  const heard = () => {
    if (Atomics.load(task.signals, STOP) && !stop.signal.aborted) stop.abort();
    if (Atomics.load(task.signals, QUIT) && !quit.signal.aborted) quit.abort();
  };
  heard();
  port.on('message', heard);
  const post = (m: FromBatchThread) => port.postMessage(m);
  let lastPosted = 0;
  // The latest progress, until posted: a day that ends early still shows its last count.
  let unposted: BatchProgress | undefined;
  const postProgress = () => {
    if (unposted) post({ type: 'progress', progress: unposted });
    unposted = undefined;
  };
  try {
    const summary = await runBatch(task.file, {
      ...task.options,
      ...(task.resume ? { resume: task.resume } : {}),
      ...(task.pool ? { pool: task.pool } : {}),
      // Shared memory: the command's thread reads the same notes.
      onNotes: (notes) => post({ type: 'notes', notes }),
      signal: stop.signal,
      quit: quit.signal,
      onQuit: () => post({ type: 'quit' }),
      onStart: (info) => {
        post({ type: 'start', info });
        heard();
      },
      onProgress: (progress) => {
        unposted = progress;
        const now = performance.now();
        if (progress.done === progress.total || now - lastPosted >= PROGRESS_EVERY_MS) {
          lastPosted = now;
          postProgress();
        }
        heard();
      },
    });
    postProgress();
    post({ type: 'done', summary });
  } catch (err) {
    postProgress();
    post({ type: 'error', error: errorToWire(err) });
  } finally {
    // Nothing more to hear: the thread ends once its pool has.
    port.off('message', heard);
    port.unref();
  }
}
