import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { InternalError } from '../errors.js';
import type { BatchItem } from '../pipeline/plan-campaign.js';
import { renderItem, type ItemResult, type RenderOptions } from './render-item.js';
import type { WorkerTask } from './worker.js';

export interface Renderer {
  render(item: BatchItem): Promise<ItemResult>;
  /** Stops the worker threads, if any started. */
  destroy(): Promise<void>;
}

/**
 * Renders letters on `jobs` worker threads, or in this thread with one job. Threads start only when a
 * letter needs rendering: a re-run that skips everything needs none.
 */
export function createRenderer(jobs: number, options: RenderOptions): Renderer {
  let pool: Piscina | undefined;
  return {
    render(item) {
      if (jobs === 1) return renderItem(item, options);
      pool ??= createPool(jobs);
      return pool.run({ item, options } satisfies WorkerTask) as Promise<ItemResult>;
    },
    async destroy() {
      await pool?.destroy();
    },
  };
}

function createPool(jobs: number): Piscina {
  // Workers run the compiled worker beside this file: dist/batch/worker.js.
  const filename = fileURLToPath(new URL('./worker.js', import.meta.url));
  if (!existsSync(filename)) throw new InternalError(`the worker ${filename} is missing: run \`npm run build\` first.`);
  return new Piscina({ filename, minThreads: jobs, maxThreads: jobs, idleTimeout: 1000 });
}
