import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InternalError, ValidationError, type Problem } from '../errors.js';
import { loadCampaign, type LoadedCampaign } from '../pipeline/load-campaign.js';
import { CampaignFile, type CampaignData } from '../input/schemas.js';
import { findWorkspace } from '../input/find-workspace.js';
import { loadFile } from '../input/load-file.js';
import { assertDistinctPaths } from '../output/distinct-paths.js';
import { lockFolder } from '../output/lock-folder.js';
import { removeStaleTemps } from '../output/remove-stale-temps.js';
import { ensureFolderInside } from '../output/safe-folder.js';
import { createInputHasher } from './input-hash.js';
import { jobsFor } from './jobs-asked.js';
import { createLetterRow } from './letter-row.js';
import { openManifest, readManifest, type ManifestRow } from './manifest.js';
import { createOrderedRows, type OrderedRows } from './ordered-rows.js';
import { campaignDir, countLetters, planCampaign, type BatchItem } from '../pipeline/plan-campaign.js';
import type { BatchProgress } from './progress.js';
import { noteRowsOutHere, reachedHere, threadNotes, type Resume } from './letter-watch.js';
import { createRenderer, IN_FLIGHT_PER_JOB, type PoolSettings, type Renderer } from './render-pool.js';
import type { RenderOptions } from './render-item.js';
import { createTally, type FailureGroup } from './tally.js';
import { renderingVersion } from '../version.js';

export type { FailureGroup };

export interface BatchOptions {
  /** Default: `out/` of the campaign's workspace. */
  outDir?: string;
  /** Worker threads; default: one per 4,000 letters, up to one per core (jobs-asked.ts). 1 renders in this thread. */
  jobs?: number;
  force?: boolean;
  sourceDateEpoch?: string;
  /** Also write each letter's e-mail draft (`.eml`) beside its PDF. */
  eml?: boolean;
  /** Aborting stops handing out letters; those in flight finish, and the manifest is saved. */
  signal?: AbortSignal;
  /**
   * Aborting quits at once (a second Ctrl-C): the worker threads are stopped, this run's temp files,
   * lock and unfinished manifest are removed, then `onQuit` is called (which exits).
   */
  quit?: AbortSignal;
  onQuit?: () => void;
  onStart?: (info: { campaign: string; total: number; jobs: number; dir: string }) => void;
  onProgress?: (progress: BatchProgress) => void;
  /**
   * With one job: called, before the first letter, with the notes of the letters rendered in this
   * thread (letter-watch.ts), for a thread that watches this one (run-batch-in-thread.ts).
   */
  onNotes?: (notes: Int32Array) => void;
  /** This run takes the place of a thread stopped while it rendered (letter-watch.ts): it renders in a worker. */
  resume?: Resume;
  /** The render pool's module and time limit: for tests. */
  pool?: PoolSettings;
  now?: () => number;
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
  /** Why the run stopped early: the out folder could not take files (a full disk, a read-only folder). */
  fault?: string;
  /** Why the manifest could not be saved, if it could not; the previous one is left as it was. */
  manifestError?: string;
  failures: FailureGroup[];
  /** Each distinct warning of the campaign's files once (a blurred signature, a source never cited), however many letters it concerns. */
  warnings: Problem[];
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
  const force = !!options.force;
  const renderOptions: RenderOptions = {
    force,
    eml: !!options.eml,
    ...(options.sourceDateEpoch !== undefined ? { sourceDateEpoch: options.sourceDateEpoch } : {}),
  };
  const early = startEarly(file, options, renderOptions);
  try {
    const { campaign, data } = loadPlannableCampaign(file);
    const outDir = resolve(options.outDir ?? join(campaign.workspace, 'out'));
    const total = countLetters(data);
    const jobs = jobsFor(options.jobs, total);
    const dir = campaignDir(outDir, data.id);
    // Before anything is written: the folder is a real folder inside the out folder, no other run
    // writes into it, no two letters share a path, and what killed runs left behind is cleared.
    ensureFolderInside(outDir, dir);
    const unlock = lockFolder(dir, '`letters batch`');
    const earlyRenderer = early?.jobs === jobs ? early.renderer : undefined;
    const settings = earlyRenderer ? undefined : rendererSettings(jobs, total, options);
    const renderer = earlyRenderer ?? createRenderer(jobs, renderOptions, total, settings);
    try {
      const previous = force ? new Map<string, ManifestRow>() : readManifest(dir);
      // Nothing to skip: every letter is rendered, so the worker threads start now, if they have not.
      if (previous.size === 0) renderer.start();
      assertDistinctPaths(
        (function* () {
          for (const item of planCampaign(campaign, outDir))
            yield { path: item.path, name: `the letter of sender \`${item.senderId}\`, case \`${item.caseId}\`, official \`${item.officialId}\`` };
        })(),
      );
      removeStaleTemps(dir, { recursive: true });
      return await runLetters({ campaign, data, outDir, dir, total, jobs, options, now, started, unlock, renderer, previous, notes: settings?.notes });
    } finally {
      await renderer.destroy();
      unlock();
    }
  } finally {
    await early?.renderer.destroy();
  }
}

/**
 * On a first run of the day (no manifest yet) or with --force, every letter is rendered: the worker
 * threads then start before the cases and senders are read, so they load their modules meanwhile.
 * Only the campaign file is read for this: its id names the folder, its lists count the letters.
 * Anything amiss is left to loadCampaign, which reports it.
 */
function startEarly(file: string, options: BatchOptions, renderOptions: RenderOptions): { renderer: Renderer; jobs: number } | undefined {
  try {
    const { value } = loadFile(file, CampaignFile);
    if (!value) return undefined;
    const total = countLetters(value);
    const jobs = jobsFor(options.jobs, total);
    if (jobs === 1) return undefined;
    const dir = campaignDir(resolve(options.outDir ?? join(findWorkspace(file), 'out')), value.id);
    if (!options.force && existsSync(join(dir, 'manifest.json'))) return undefined;
    const renderer = createRenderer(jobs, renderOptions, total, rendererSettings(jobs, total, options));
    renderer.start();
    return { renderer, jobs };
  } catch {
    return undefined;
  }
}

/** The pool's settings, and with one job in this thread the notes a watching thread is given. */
function rendererSettings(jobs: number, total: number, options: BatchOptions): Parameters<typeof createRenderer>[3] {
  const { pool, resume, onNotes } = options;
  if (resume) return { ...pool, resume };
  if (jobs > 1 || !onNotes) return { ...pool };
  const notes = threadNotes(total);
  onNotes(notes);
  return { ...pool, notes };
}

interface RunContext {
  campaign: LoadedCampaign;
  data: CampaignData;
  outDir: string;
  dir: string;
  total: number;
  jobs: number;
  options: BatchOptions;
  now: () => number;
  started: number;
  unlock: () => void;
  renderer: Renderer;
  /** The previous manifest's rows that may be skipped, by file (none with --force). */
  previous: Map<string, ManifestRow>;
  /** With one job, the notes a watching thread reads (letter-watch.ts threadNotes). */
  notes: Int32Array | undefined;
}

async function runLetters({
  campaign,
  data,
  outDir,
  dir,
  total,
  jobs,
  options,
  now,
  started,
  unlock,
  renderer,
  previous,
  notes,
}: RunContext): Promise<BatchSummary> {
  // A fault of the out folder stops handing out letters, as Ctrl-C does.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onAbort);
  if (options.signal?.aborted) stop.abort();
  let fault: string | undefined;
  const eml = !!options.eml;
  const letterRow = createLetterRow({
    previous,
    // The tool's and its packages' versions are part of every input hash: a new one may render differently.
    inputHash: createInputHasher(renderingVersion(), options.sourceDateEpoch),
    renderer,
    onFault: (message) => {
      fault ??= message;
      stop.abort();
    },
    eml,
  });
  const manifest = openManifest(dir);
  // Quitting stops the workers, which fails the letters they had: the day then ends here, with its
  // cleaning, never with a summary or a manifest that records those letters as failed.
  let quitting: Promise<void> | undefined;
  const quitNow = () => {
    quitting ??= (async () => {
      await Promise.race([renderer.destroy().catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
      manifest.abort();
      removeStaleTemps(dir, { recursive: true, own: true });
      unlock();
      options.onQuit?.();
    })();
  };
  options.quit?.addEventListener('abort', quitNow);
  if (options.quit?.aborted) quitNow();
  options.onStart?.({ campaign: data.id, total, jobs, dir });

  const tally = createTally();
  const rows = createOrderedRows((ready) => {
    for (const r of ready) {
      tally.add(r);
      manifest.add(r);
    }
    // Should this thread be stopped, the next one goes through these rows before it heeds Ctrl-C.
    if (notes) noteRowsOutHere(notes, rows.next);
    options.onProgress?.({ ...tally.counts, total, seconds: (now() - started) / 1000 });
  });

  // The summary, from the tally and how the day ended.
  const summary = (end: Pick<BatchSummary, 'failed' | 'failures' | 'interrupted' | 'fault' | 'manifestError'> & { done: number }): BatchSummary => {
    const seconds = (now() - started) / 1000;
    // In this order, which --json prints.
    return {
      campaign: data.id,
      dir,
      manifest: { csv: manifest.csvPath, json: manifest.jsonPath },
      total,
      written: tally.counts.written,
      skipped: tally.counts.skipped,
      failed: end.failed,
      pages: tally.counts.pages,
      seconds,
      lettersPerSecond: seconds > 0 ? end.done / seconds : 0,
      jobs,
      interrupted: end.interrupted,
      ...(end.fault !== undefined ? { fault: end.fault } : {}),
      ...(end.manifestError !== undefined ? { manifestError: end.manifestError } : {}),
      failures: end.failures,
      warnings: campaign.warnings,
    };
  };

  // After a thread stopped in a letter that never ended, a signal that came meanwhile (Ctrl-C once) stops
  // this run only past the letters that thread did or had the rows of (skipped by the last manifest):
  // handed out at once, it saved a manifest of no rows and said none were written. They are found on
  // disk; quitting (Ctrl-C twice) waits for none.
  const resumed = options.resume ? reachedHere(options.resume.notes) : -1;
  const reach = () => (quitting ? -1 : resumed);
  let stopped = false;
  try {
    stopped = await handOut(planCampaign(campaign, outDir), letterRow, rows, {
      window: Math.max(16, jobs * IN_FLIGHT_PER_JOB),
      signal: stop.signal,
      reach,
    });
  } catch (err) {
    if (!quitting) {
      manifest.abort();
      await renderer.destroy();
      throw err;
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    options.quit?.removeEventListener('abort', quitNow);
  }
  if (quitting) {
    // Once the cleaning is done and onQuit called (which exits when the command runs): the letters
    // written and skipped before, no manifest, and no failures, since the letters the stopped
    // workers had came back failed and could not be told from others.
    await quitting;
    const done = tally.counts.written + tally.counts.skipped;
    return summary({
      done,
      failed: 0,
      failures: [],
      interrupted: true,
      manifestError: 'the run was quit before its manifest was saved; the previous one is as it was',
    });
  }
  await renderer.destroy();
  const manifestError = manifest.close();
  if (tally.counts.done < total && !stopped) throw new InternalError(`only ${tally.counts.done} of ${total} letters were accounted for`);
  return summary({
    done: tally.counts.done,
    failed: tally.counts.failed,
    failures: tally.failures(),
    interrupted: stopped && fault === undefined,
    fault,
    manifestError: manifestError?.message,
  });
}

/** The campaign, when its letters can be planned: the file passes the schema and nothing spoils the whole day. */
function loadPlannableCampaign(file: string): { campaign: LoadedCampaign; data: CampaignData } {
  const campaign = loadCampaign(file);
  if (!campaign.data) throw new ValidationError(campaign.problems);
  if (campaign.campaignProblems.length > 0) throw new ValidationError(campaign.campaignProblems);
  return { campaign, data: campaign.data };
}

/**
 * Hands out the work list's letters, at most `window` of them in flight or waiting for an earlier
 * row, until the list ends or the signal aborts (once past the letter `reach` returns); returns once
 * every letter handed out has its row, with whether it was interrupted.
 */
async function handOut(
  items: Iterable<BatchItem>,
  letterRow: (item: BatchItem) => Promise<ManifestRow>,
  rows: OrderedRows,
  { window, signal, reach = () => -1 }: { window: number; signal?: AbortSignal; reach?: () => number },
): Promise<boolean> {
  const inFlight = new Set<Promise<void>>();
  let interrupted = false;
  try {
    for (const item of items) {
      const halted = () => !!signal?.aborted && item.index > reach();
      while (!halted() && (inFlight.size >= window || item.index - rows.next >= window)) await Promise.race(inFlight);
      if (halted()) {
        interrupted = true;
        break;
      }
      const task: Promise<void> = letterRow(item).then((row) => {
        inFlight.delete(task);
        rows.record(item.index, row);
      });
      inFlight.add(task);
    }
    await Promise.all(inFlight);
  } catch (err) {
    await Promise.allSettled(inFlight);
    throw err;
  }
  return interrupted;
}
