// The piscina worker: each thread loads fonts, templates, images and input files once, through the
// per-process caches, and then renders letter after letter.
import type { BatchItem } from '../pipeline/plan-campaign.js';
import { renderItem, type ItemResult, type RenderOptions } from './render-item.js';

export interface WorkerTask {
  item: BatchItem;
  options: RenderOptions;
}

export default function renderTask(task: WorkerTask): Promise<ItemResult> {
  return renderItem(task.item, task.options);
}
