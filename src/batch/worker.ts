// The piscina worker: each thread loads fonts, templates, images and input files once, through the
// per-process caches, and then renders letter after letter, a chunk of them per message.
import type { BatchItem } from '../pipeline/plan-campaign.js';
import { renderItem, type ItemResult, type RenderOptions } from './render-item.js';

export interface WorkerTask {
  /** Letters rendered one after the other; their results come back in the same order. */
  items: BatchItem[];
  options: RenderOptions;
}

export default async function renderTask(task: WorkerTask): Promise<ItemResult[]> {
  const results: ItemResult[] = [];
  for (const item of task.items) results.push(await renderItem(item, task.options));
  return results;
}
