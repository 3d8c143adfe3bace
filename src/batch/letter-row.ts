import { createHash } from 'node:crypto';
import { constants, existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tooManyFilesOpen } from '../output/output-fault.js';
import { failureText, problemText } from './failure-text.js';
import type { ManifestRow } from './manifest.js';
import type { BatchItem } from '../pipeline/plan-campaign.js';
import type { Renderer } from './render-pool.js';

export interface LetterRowDeps {
  /** The previous manifest's rows that a re-run may skip, by file; each is removed once its letter's row is made. */
  previous: Map<string, ManifestRow>;
  inputHash: (item: BatchItem) => string;
  renderer: Renderer;
  /** Called with the message when a letter meets a fault of the out folder (a full disk, a read-only folder). */
  onFault?: (message: string) => void;
  /** E-mail drafts are asked for: a letter is skipped only when its draft is there too. */
  eml?: boolean;
}

/**
 * What becomes of one campaign letter, as its manifest row: failed at once when the campaign's
 * references spoil it, skipped when its inputs and file are as the last manifest recorded, else
 * rendered. Never rejects: a worker that died or a bug is this letter's failure, not the day's.
 */
export function createLetterRow(deps: LetterRowDeps): (item: BatchItem) => Promise<ManifestRow> {
  return (item) => letterRow(item, deps).catch((err: unknown) => failedRow(item, err, deps.onFault));
}

async function letterRow(item: BatchItem, { previous, inputHash, renderer, onFault, eml }: LetterRowDeps): Promise<ManifestRow> {
  const base = baseRow(item);
  // No two letters share a file, so its previous row is looked at once: not kept for the rest of the day.
  const before = previous.get(item.file);
  previous.delete(item.file);
  if (item.problems.length > 0) return { ...base, status: 'failed', error: failureText({ problems: item.problems, error: '' }, item.workspace) };
  const hash = inputHash(item);
  if (before && before.input_hash === hash && (!eml || (before.eml && existsSync(emlPathOf(item.path)))) && (await hasBytes(item.path, before.sha256!))) {
    return {
      ...before,
      ...base,
      language: before.language,
      embassy: before.embassy,
      emails: before.emails,
      // The letter's own draft, never the path the previous row named: a hand-edited `../../x.eml` stayed
      // in every manifest after, though `send` refused it and said to run the batch again.
      eml: before.eml !== undefined ? emlPathOf(item.file) : undefined,
      status: 'skipped',
      input_hash: hash,
      error: undefined,
    };
  }
  const result = await renderer.render(item);
  if (result.fault) onFault?.(result.error ?? 'the out folder cannot take files');
  return {
    ...base,
    language: result.language ?? base.language,
    embassy: result.embassy ?? base.embassy,
    emails: result.emails,
    ...(result.pages !== undefined ? { pages: result.pages, sha256: result.sha256, bytes: result.bytes } : {}),
    ...(result.eml !== undefined ? { eml: emlPathOf(item.file) } : {}),
    status: result.status,
    ...(result.error !== undefined ? { error: result.error } : {}),
    ...(result.status !== 'failed' ? { input_hash: hash } : {}),
  };
}

function emlPathOf(pdfPath: string): string {
  return pdfPath.replace(/\.pdf$/, '.eml');
}

/** The columns known before rendering. `warnings` is set, if only to undefined, so a skipped row keeps none of its previous run's. */
function baseRow(item: BatchItem): Omit<ManifestRow, 'status'> {
  return {
    case: item.caseId,
    sender: item.senderId,
    official: item.officialId,
    language: item.language ?? '',
    embassy: item.embassyId ?? '',
    emails: [],
    file: item.file,
    warnings: item.warnings ? problemText(item.warnings, item.workspace) : undefined,
  };
}

function failedRow(item: BatchItem, err: unknown, onFault: LetterRowDeps['onFault']): ManifestRow {
  // Too many files open (hashing the inputs reads the template's folder): the batch stops, as at a full disk.
  const tooMany = tooManyFilesOpen(err);
  if (tooMany) {
    onFault?.(tooMany.message);
    return { ...baseRow(item), status: 'failed', error: tooMany.message };
  }
  const error = `internal error: ${(err as Error)?.message ?? String(err)} (a bug in letters; please report it)`;
  return { ...baseRow(item), status: 'failed', error };
}

/** Whether the file on disk is still the letter the manifest recorded (a link or a device in its place is not). */
async function hasBytes(path: string, sha256: string): Promise<boolean> {
  try {
    const file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      if (!(await file.stat()).isFile()) return false;
      return (
        createHash('sha256')
          .update(await file.readFile())
          .digest('hex') === sha256
      );
    } finally {
      await file.close();
    }
  } catch {
    return false;
  }
}
