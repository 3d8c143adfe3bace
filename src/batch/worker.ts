// The piscina worker: each thread loads fonts, templates, images and input files once, through the
// per-process caches, and then renders letter after letter, a chunk of them per message.
import type { BatchItem } from '../pipeline/plan-campaign.js';
import { noteBegun, noteDone } from './letter-watch.js';
import { renderItem, type ItemResult, type RenderOptions } from './render-item.js';

export interface WorkerTask {
  /** Letters rendered one after the other; their results come back in the same order. */
  items: BatchItem[];
  options: RenderOptions;
  /** Shared with the batch's thread, which stops a letter that never ends (letter-watch.ts). */
  notes: Int32Array;
}

export default async function renderTask(task: WorkerTask): Promise<ItemResult[]> {
  const results: ItemResult[] = [];
  for (const [i, item] of task.items.entries()) {
    noteBegun(task.notes, i);
    const result = await renderItem(item, task.options);
    noteDone(task.notes, i, result.status);
    results.push(result);
  }
  return results;
}
