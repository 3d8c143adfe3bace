import { dirname } from 'node:path';
import { letterProblems } from '../errors.js';
import { isOutputFault, tooManyFilesOpen } from '../output/output-fault.js';
import { writeLetter } from '../output/write-atomic.js';
import { produceLetter } from '../pipeline/produce-letter.js';
import { attachmentName, produceEml } from '../pipeline/produce-eml.js';
import { planCampaignLetter } from '../pipeline/plan-campaign-letter.js';
import { failureText } from './failure-text.js';
import type { BatchItem } from '../pipeline/plan-campaign.js';

export interface RenderOptions {
  force: boolean;
  sourceDateEpoch?: string;
  /** Also write the letter's e-mail draft beside its PDF. */
  eml?: boolean;
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
  /** The e-mail draft's path, with --eml. */
  eml?: string;
  error?: string;
  /** The out folder cannot take files (a full disk, a read-only folder): the batch stops. */
  fault?: boolean;
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
    const outcome = writeLetter(item.path, produced.pdf, { force: options.force, root: outFolder(item) });
    return { status: outcome === 'unchanged' ? 'skipped' : 'written', ...done, ...(await writeEml(item, letter.spec, produced, options)) };
  } catch (err) {
    // Too many files open, met reading as well as writing: the batch stops, as at a full disk.
    const tooMany = tooManyFilesOpen(err);
    if (tooMany) return { status: 'failed', ...known, error: tooMany.message, fault: true };
    return { status: 'failed', ...known, error: failureText(describe(err), item.workspace), ...(isOutputFault(err) ? { fault: true } : {}) };
  }
}

/**
 * The e-mail draft beside the PDF, rewritten whenever the letter is rendered: it is made from the PDF,
 * so it never outlives it. Its problems are thrown, so the letter fails while its PDF stays written.
 */
async function writeEml(
  item: BatchItem,
  spec: Parameters<typeof produceEml>[0],
  letter: Parameters<typeof produceEml>[1],
  options: RenderOptions,
): Promise<{ eml?: string }> {
  if (!options.eml) return {};
  const path = item.path.replace(/\.pdf$/, '.eml');
  writeLetter(path, (await produceEml(spec, letter, attachmentName(item.caseId, item.officialId))).eml, { force: true, root: outFolder(item) });
  return { eml: path };
}

/**
 * The out folder, `<out>` of `<out>/<campaign-id>`, from which every letter's folders are checked: from
 * the campaign folder down, a link put in the campaign folder's place while the batch ran was followed,
 * and the letters after it were written wherever it led.
 */
function outFolder(item: BatchItem): string {
  return dirname(item.dir);
}

function describe(err: unknown): ReturnType<typeof letterProblems> {
  try {
    return letterProblems(err);
  } catch {
    // Not the input's fault; still only this letter's, so the day goes on and the summary shows it.
    return { error: `internal error: ${(err as Error).message ?? String(err)} (a bug in letters; please report it)` };
  }
}
