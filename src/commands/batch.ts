import { runBatch, type BatchOptions, type BatchSummary } from '../batch/run-batch.js';

export type { BatchOptions, BatchSummary };

/** Renders every letter of a campaign file, writes the manifest and returns the summary. */
export function batch(campaignFile: string, options: BatchOptions = {}): Promise<BatchSummary> {
  return runBatch(campaignFile, options);
}
