// The thread `letters batch` runs a campaign in (started by run-batch-in-thread.ts): runBatch itself,
// with its pool of render workers, or rendering here with one job. The command's own thread only
// shows the progress and the summary, and passes on Ctrl-C.
import { parentPort, workerData } from 'node:worker_threads';
import { InternalError } from '../errors.js';
import { runBatch } from './run-batch.js';
import { errorToWire, type BatchThreadTask, type FromBatchThread, type ToBatchThread } from './thread-messages.js';

/** Progress messages at most this often (and the last one always): the bar redraws no faster. */
const PROGRESS_EVERY_MS = 50;

/** The thread's work: runs the batch it was given and reports back; returns once the result is posted. */
export async function batchThread(): Promise<void> {
  const port = parentPort;
  if (!port) throw new InternalError('batchThread runs in a worker thread');
  const task = workerData as BatchThreadTask;
  const stop = new AbortController();
  const quit = new AbortController();
  if (task.stopped) stop.abort();
  if (task.quit) quit.abort();
  const onMessage = (m: ToBatchThread) => (m.type === 'stop' ? stop : quit).abort();
  port.on('message', onMessage);
  const post = (m: FromBatchThread) => port.postMessage(m);
  let lastProgress = 0;
  try {
    const summary = await runBatch(task.file, {
      ...task.options,
      signal: stop.signal,
      quit: quit.signal,
      onQuit: () => post({ type: 'quit' }),
      onStart: (info) => post({ type: 'start', info }),
      onProgress: (progress) => {
        const now = performance.now();
        if (progress.done < progress.total && now - lastProgress < PROGRESS_EVERY_MS) return;
        lastProgress = now;
        post({ type: 'progress', progress });
      },
    });
    post({ type: 'done', summary });
  } catch (err) {
    post({ type: 'error', error: errorToWire(err) });
  } finally {
    // Nothing more to hear: the thread ends once its pool has.
    port.off('message', onMessage);
    port.unref();
  }
}
