import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { letterProblems } from '../errors.js';
import { writeAtomic } from '../output/write-atomic.js';
import { produceLetter } from '../pipeline/produce-letter.js';
import { planCampaignLetter } from '../pipeline/plan-campaign-letter.js';
import { failureText } from './failure-text.js';
import type { BatchItem } from '../pipeline/plan-campaign.js';

export interface RenderOptions {
  force: boolean;
  sourceDateEpoch?: string;
}

/** What became of one letter: small, so it crosses back from a worker cheaply. */
export interface ItemResult {
  status: 'written' | 'skipped' | 'failed';
  language?: string;
  embassy?: string;
  emails: string[];
  pages?: number;
  bytes?: number;
  sha256?: string;
  error?: string;
}

/**
 * Renders one campaign letter and writes it atomically. Without `force`, a letter already on disk
 * with the very same bytes is left alone (skipped), and one with other bytes is never replaced; so a
 * day interrupted before its manifest was saved still resumes. Any failure becomes a failed result
 * with its message, so one bad input never stops the others.
 */
export async function renderItem(item: BatchItem, options: RenderOptions): Promise<ItemResult> {
  let known: Pick<ItemResult, 'language' | 'embassy' | 'emails'> = { language: item.language, embassy: item.embassyId, emails: [] };
  try {
    const letter = planCampaignLetter(item);
    known = { language: letter.language, embassy: letter.embassyId, emails: letter.emails };
    const produced = await produceLetter(letter.spec, { sourceDateEpoch: options.sourceDateEpoch });
    const done = { ...known, pages: produced.pages, bytes: produced.pdf.length, sha256: produced.sha256 };
    if (!options.force) {
      const existing = readIfExists(item.path);
      if (existing) {
        if (createHash('sha256').update(existing).digest('hex') === produced.sha256) return { status: 'skipped', ...done };
        return { status: 'failed', ...known, error: 'the file exists already and differs from this letter: pass --force to overwrite it.' };
      }
    }
    writeAtomic(item.path, produced.pdf, { force: options.force });
    return { status: 'written', ...done };
  } catch (err) {
    return { status: 'failed', ...known, error: failureText(describe(err), item.workspace) };
  }
}

function describe(err: unknown): ReturnType<typeof letterProblems> {
  try {
    return letterProblems(err);
  } catch {
    // Not the input's fault; still only this letter's, so the day goes on and the summary shows it.
    return { error: `internal error: ${(err as Error).message ?? String(err)} (a bug in letters; please report it)` };
  }
}

function readIfExists(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
