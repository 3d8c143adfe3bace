// Our pipeline on the sample letter: compose -> layout -> PDF in this process (warm, single thread),
// and the cold first letter of a fresh `letters generate` process, start-up included.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeLetter } from '../src/compose/compose-letter.js';
import type { LetterSpec } from '../src/plan/letter-spec.js';
import { produceLetter } from '../src/pipeline/produce-letter.js';
import { layoutLetter } from '../src/layout/layout-letter.js';
import { renderPdf } from '../src/render/pdf.js';
import { launchOfBin, type Launch } from '../scripts/launch.js';
import { CASE_FILE, ROOT, stats } from './sample.js';

/** One letter through our whole pipeline after reading (what `generate` and `batch` run per letter). */
export async function renderOurs(spec: LetterSpec): Promise<{ pdf: Buffer; pages: number }> {
  const letter = await produceLetter(spec);
  return { pdf: letter.pdf, pages: letter.pages };
}

export interface Phases {
  compose: number;
  layout: number;
  pdf: number;
  sha256: number;
}

/** Where a warm letter's time goes: the steps of produceLetter timed one by one, median ms of each. */
export async function ourPhases(spec: LetterSpec, letters: number): Promise<Phases> {
  const ms: Record<keyof Phases, number[]> = { compose: [], layout: [], pdf: [], sha256: [] };
  for (let i = 0; i < letters; i++) {
    const t0 = performance.now();
    const doc = composeLetter(spec);
    const t1 = performance.now();
    const layout = layoutLetter(doc);
    const t2 = performance.now();
    const pdf = await renderPdf(doc, layout);
    const t3 = performance.now();
    createHash('sha256').update(pdf).digest('hex');
    const t4 = performance.now();
    ms.compose.push(t1 - t0);
    ms.layout.push(t2 - t1);
    ms.pdf.push(t3 - t2);
    ms.sha256.push(t4 - t3);
  }
  return {
    compose: stats(ms.compose).median,
    layout: stats(ms.layout).median,
    pdf: stats(ms.pdf).median,
    sha256: stats(ms.sha256).median,
  };
}

export interface ColdRun {
  /** Wall ms of `letters generate <sample> --out <tmp> --force` (started as its first line starts it), median of the runs. */
  generate: number;
  /** Wall ms of `letters --help`, median of the runs. */
  help: number;
  /** Wall ms of `node -e 0`: Node's own start-up, for scale. */
  nodeStartup: number;
  runs: number;
}

function wall(args: string[], launch: Launch = { env: {}, nodeArgs: [] }): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...launch.nodeArgs, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, ...launch.env },
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** The cold first letter: a fresh process per run, reading the case and writing the PDF; and `--help` (needs `npm run build`). */
export function coldGenerate(runs = 3): ColdRun {
  const out = mkdtempSync(join(tmpdir(), 'letters-bench-'));
  try {
    const generate: number[] = [];
    const help: number[] = [];
    const node: number[] = [];
    // One run of each kind per round, so a busy moment of the machine hits all three alike.
    // `letters` as users start it: with the node flags and environment of its first line (launch.ts).
    const letters = launchOfBin();
    for (let i = 0; i < runs; i++) {
      node.push(wall(['-e', '0']));
      generate.push(wall([join(ROOT, 'bin/letters.js'), 'generate', CASE_FILE, '--out', out, '--force'], letters));
      help.push(wall([join(ROOT, 'bin/letters.js'), '--help'], letters));
    }
    return { generate: stats(generate).median, help: stats(help).median, nodeStartup: stats(node).median, runs };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * The sample letter to its `n`-th other addressee: the same case, sender and body, a name the process
 * has never printed, so nothing can serve the whole letter from a cache of letters seen before: the
 * campaign-day letter whose body was rendered for someone else.
 */
export function otherAddressee(spec: LetterSpec, n: number): LetterSpec {
  const [first, ...rest] = spec.addressees;
  if (!first) throw new Error('the sample letter has no addressee');
  const name = first.data.name;
  const renamed = typeof name === 'string' ? `${name} ${n}` : Object.fromEntries(Object.entries(name).map(([lang, text]) => [lang, `${text} ${n}`]));
  return { ...spec, id: `${spec.id}-${n}`, addressees: [{ ...first, data: { ...first.data, name: renamed } }, ...rest] };
}
