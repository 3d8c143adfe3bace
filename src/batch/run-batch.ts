import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { InternalError, ValidationError } from '../errors.js';
import { loadCampaign } from '../input/load-campaign.js';
import { failureText } from './failure-text.js';
import { createInputHasher } from './input-hash.js';
import { openManifest, readManifest, type ManifestRow } from './manifest.js';
import { campaignDir, countLetters, planCampaign, type BatchItem } from './plan-campaign.js';
import type { BatchProgress } from './progress.js';
import { renderItem, type ItemResult, type RenderOptions } from './render-item.js';
import type { WorkerTask } from './worker.js';

export interface BatchOptions {
  /** Default: `out/` of the campaign's workspace. */
  outDir?: string;
  /** Worker threads; default: the number of cores. 1 renders in this thread. */
  jobs?: number;
  force?: boolean;
  sourceDateEpoch?: string;
  /** Aborting stops handing out letters; those in flight finish, and the manifest is saved. */
  signal?: AbortSignal;
  onStart?: (info: { campaign: string; total: number; jobs: number; dir: string }) => void;
  onProgress?: (progress: BatchProgress) => void;
  now?: () => number;
}

/** Failed letters with the same message: one cause. */
export interface FailureGroup {
  cause: string;
  count: number;
  /** The first few letters it spoiled, as manifest file paths. */
  letters: string[];
}

export interface BatchSummary {
  campaign: string;
  dir: string;
  manifest: { csv: string; json: string };
  total: number;
  written: number;
  skipped: number;
  failed: number;
  /** Pages of the letters written in this run. */
  pages: number;
  seconds: number;
  lettersPerSecond: number;
  jobs: number;
  interrupted: boolean;
  failures: FailureGroup[];
}

const EXAMPLES_PER_CAUSE = 5;

/** The tool's version, part of every input hash: a new version may render differently. */
function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/**
 * Renders a whole campaign: plans its letters lazily, skips those whose inputs and file are as the
 * last manifest recorded, renders the rest on a pool of worker threads (or in this thread with one
 * job), and streams a manifest row per letter in work-list order. A letter's failure is its row's,
 * never the batch's; only a campaign file that cannot be planned throws.
 */
export async function runBatch(file: string, options: BatchOptions = {}): Promise<BatchSummary> {
  const now = options.now ?? Date.now;
  const started = now();
  const campaign = loadCampaign(file);
  if (!campaign.data) throw new ValidationError(campaign.problems);
  if (campaign.campaignProblems.length > 0) throw new ValidationError(campaign.campaignProblems);
  const data = campaign.data;
  const force = !!options.force;
  const total = countLetters(data);
  const jobs = Math.max(1, Math.min(options.jobs ?? availableParallelism(), total));
  const dir = campaignDir(resolve(options.outDir ?? join(campaign.workspace, 'out')), data.id);
  mkdirSync(dir, { recursive: true });

  const previous = force ? new Map<string, ManifestRow>() : readManifest(dir);
  const inputHash = createInputHasher(toolVersion(), options.sourceDateEpoch);
  const renderOptions: RenderOptions = { force, ...(options.sourceDateEpoch !== undefined ? { sourceDateEpoch: options.sourceDateEpoch } : {}) };
  // Threads start only when a letter needs rendering: a re-run that skips everything needs none.
  let pool: Piscina | undefined;
  const render = (item: BatchItem): Promise<ItemResult> => {
    if (jobs === 1) return renderItem(item, renderOptions);
    pool ??= createPool(jobs);
    return pool.run({ item, options: renderOptions } satisfies WorkerTask) as Promise<ItemResult>;
  };
  const manifest = openManifest(dir);
  options.onStart?.({ campaign: data.id, total, jobs, dir });

  const counts = { done: 0, written: 0, skipped: 0, failed: 0, pages: 0 };
  const failures = new Map<string, FailureGroup>();
  const progress = (): BatchProgress => ({ ...counts, total, seconds: (now() - started) / 1000 });

  // Rows wait here until every earlier row is out, so the manifest keeps the work list's order
  // whatever order the workers finish in. At most `window` letters are in flight or waiting.
  const window = Math.max(16, jobs * 8);
  const waiting = new Map<number, ManifestRow>();
  let nextOut = 0;
  let writing: Promise<void> = Promise.resolve();
  const record = (index: number, row: ManifestRow) => {
    waiting.set(index, row);
    const ready: ManifestRow[] = [];
    for (let r = waiting.get(nextOut); r; r = waiting.get(nextOut)) {
      waiting.delete(nextOut++);
      ready.push(r);
    }
    for (const r of ready) {
      counts.done++;
      counts[r.status]++;
      if (r.status === 'written') counts.pages += r.pages ?? 0;
      if (r.status === 'failed') {
        const cause = r.error ?? 'unknown error';
        const group = failures.get(cause) ?? { cause, count: 0, letters: [] };
        group.count++;
        if (group.letters.length < EXAMPLES_PER_CAUSE) group.letters.push(r.file);
        failures.set(cause, group);
      }
    }
    if (ready.length > 0) {
      writing = writing.then(async () => {
        for (const r of ready) await manifest.add(r);
      });
      options.onProgress?.(progress());
    }
  };

  const processItem = async (item: BatchItem): Promise<ManifestRow> => {
    const base = {
      case: item.caseId,
      sender: item.senderId,
      official: item.officialId,
      language: item.language ?? '',
      embassy: item.embassyId ?? '',
      emails: [] as string[],
      file: item.file,
    };
    if (item.problems.length > 0) return { ...base, status: 'failed', error: failureText({ problems: item.problems, error: '' }, item.workspace) };
    const hash = inputHash(item);
    const before = previous.get(item.file);
    if (before && before.input_hash === hash && (await hasBytes(item.path, before.sha256!))) {
      return {
        ...before,
        ...base,
        language: before.language,
        embassy: before.embassy,
        emails: before.emails,
        status: 'skipped',
        input_hash: hash,
        error: undefined,
      };
    }
    const result = await render(item);
    return {
      ...base,
      language: result.language ?? base.language,
      embassy: result.embassy ?? base.embassy,
      emails: result.emails,
      ...(result.pages !== undefined ? { pages: result.pages, sha256: result.sha256, bytes: result.bytes } : {}),
      status: result.status,
      ...(result.error !== undefined ? { error: result.error } : {}),
      ...(result.status !== 'failed' ? { input_hash: hash } : {}),
    };
  };

  const inFlight = new Set<Promise<void>>();
  let interrupted = false;
  try {
    for (const item of planCampaign(campaign, resolve(options.outDir ?? join(campaign.workspace, 'out')))) {
      while (!options.signal?.aborted && (inFlight.size >= window || item.index - nextOut >= window)) await Promise.race(inFlight);
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      const task: Promise<void> = processItem(item)
        .catch((err: unknown): ManifestRow => {
          // A worker that died, or a bug: this letter's failure, not the day's.
          const error = `internal error: ${(err as Error)?.message ?? String(err)} (a bug in letters; please report it)`;
          return {
            case: item.caseId,
            sender: item.senderId,
            official: item.officialId,
            language: item.language ?? '',
            embassy: item.embassyId ?? '',
            emails: [],
            file: item.file,
            status: 'failed',
            error,
          };
        })
        .then((row) => {
          inFlight.delete(task);
          record(item.index, row);
        });
      inFlight.add(task);
    }
    await Promise.all(inFlight);
    await writing;
  } catch (err) {
    await Promise.allSettled(inFlight);
    await writing.catch(() => undefined);
    await manifest.abort();
    await pool?.destroy();
    throw err;
  }
  await pool?.destroy();
  await manifest.close();
  if (counts.done < total && !interrupted) throw new InternalError(`only ${counts.done} of ${total} letters were accounted for`);

  const seconds = (now() - started) / 1000;
  return {
    campaign: data.id,
    dir,
    manifest: { csv: manifest.csvPath, json: manifest.jsonPath },
    total,
    written: counts.written,
    skipped: counts.skipped,
    failed: counts.failed,
    pages: counts.pages,
    seconds,
    lettersPerSecond: seconds > 0 ? counts.done / seconds : 0,
    jobs,
    interrupted,
    failures: [...failures.values()].sort((a, b) => b.count - a.count),
  };
}

function createPool(jobs: number): Piscina {
  // Workers run the compiled worker beside this file: dist/batch/worker.js.
  const filename = fileURLToPath(new URL('./worker.js', import.meta.url));
  if (!existsSync(filename)) throw new InternalError(`the worker ${filename} is missing: run \`npm run build\` first.`);
  return new Piscina({ filename, minThreads: jobs, maxThreads: jobs, idleTimeout: 1000 });
}

/** Whether the file on disk is still the letter the manifest recorded. */
async function hasBytes(path: string, sha256: string): Promise<boolean> {
  try {
    return (
      createHash('sha256')
        .update(await readFile(path))
        .digest('hex') === sha256
    );
  } catch {
    return false;
  }
}
