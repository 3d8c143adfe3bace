// `npm run bench`: our pipeline against bare pdfkit and Typst on the same letter, in one run. Each
// group of contenders renders in a process of its own (bench/contenders.ts), and letters are handed out
// in rounds: in each, every contender in a rotating order renders BENCH_RUN letters in a row. Machine
// noise (other processes, CPU frequency) hits all contenders alike, and no contender's garbage or JIT
// state is another's.
//
//   BENCH_LETTERS  letters per contender (default 200)
//   BENCH_WARMUP   warm-up letters per contender, not counted (default 50: a JIT warms up over many)
//   BENCH_RUN      letters a contender renders in a row in each round (default 10), as a campaign day does
//   BENCH_COLD     fresh processes for each cold figure, `generate` and `--help` (default 5)
//   BENCH_BATCH=0  skips `letters batch` (bench/batch.ts), run by default at the sizes below
//   BENCH_BATCH_SMALL  letters of the batch run at --jobs 1 and --jobs 2 (default 1000)
//   BENCH_BATCH_LARGE  letters of the batch run at --jobs 2 (default 10000)
//   BENCH_BATCH_RUNS   runs of each batch campaign, taken in turn; the targets take each figure's median (default 3)
//   BENCH_RESULTS  where the results go (default bench/results/latest.md)
// Every target of issue 14 is printed as met or not, and written with every figure to BENCH_RESULTS.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { benchBatchRounds, formatBatchBench, type BatchBenchResult } from './batch.js';
import { startGroup, type GroupProcess, type Rendered } from './contenders.js';
import { coldGenerate } from './cold-start.js';
import { buildOursBundle } from './ours-bundle.js';
import { CASE_FILE, checkPdf, loadSample, ROOT, stats, type PdfCheck } from './sample.js';
import { launchOfBin } from '../scripts/launch.js';
import { met, targetTable, type Target } from './targets.js';

const N = positive('BENCH_LETTERS', 200);
const WARMUP = positive('BENCH_WARMUP', 50, true);
const RUN = positive('BENCH_RUN', 10);
const COLD_RUNS = positive('BENCH_COLD', 5);
const BATCH = process.env.BENCH_BATCH !== '0';
const BATCH_SMALL = positive('BENCH_BATCH_SMALL', 1000);
const BATCH_LARGE = positive('BENCH_BATCH_LARGE', 10000);
const BATCH_RUNS = positive('BENCH_BATCH_RUNS', 3);
const RESULTS = resolve(process.env.BENCH_RESULTS || join(ROOT, 'bench', 'results', 'latest.md'));
const startedAt = new Date();
const loadBefore = loadavg();

/** `NAME=value … node --flag …`, as bin/letters.js's first line has it. */
function launchLine(): string {
  const { env, nodeArgs } = launchOfBin();
  return [...Object.entries(env).map(([k, v]) => `${k}=${v}`), 'node', ...nodeArgs].join(' ');
}

function positive(name: string, fallback: number, zeroOk = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < (zeroOk ? 0 : 1)) throw new Error(`${name} must be a whole number${zeroOk ? '' : ' above 0'}, not "${raw}"`);
  return n;
}

interface Contender {
  name: string;
  what: string;
  /** The process that renders it. */
  group: GroupProcess;
  /** Wall ms of the first letter in its process (modules loaded, nothing else warm). */
  first?: number;
  wall: number[];
  /** CPU ms (user + system, all threads of its process) per letter. */
  cpu: number[];
  last?: Rendered;
  check?: PdfCheck;
}

const { doc } = loadSample();
// Ours renders with the pipeline as the build bundles it (ours-bundle.ts).
const oursBundle = await buildOursBundle();
const groups = [await startGroup('ours', CASE_FILE, oursBundle), await startGroup('pdfkit', CASE_FILE), await startGroup('typst', CASE_FILE)];
const [oursGroup, , typstGroup] = groups as [GroupProcess, GroupProcess, GroupProcess];
const contenders: Contender[] = groups.flatMap((group) => group.contenders.map(({ name, what }) => ({ name, what, group, wall: [], cpu: [] })));
const typstUnavailable = typstGroup.unavailable;
const typstCreate = typstGroup.typstCreate ?? NaN;

/** `count` letters of a contender in a row, kept or (warm-up) not. */
async function timeRun(c: Contender, count: number, keep: boolean): Promise<void> {
  for (const { ms, cpu } of await c.group.render(c.name, count)) {
    if (c.first === undefined) c.first = ms;
    if (keep) {
      c.wall.push(ms);
      c.cpu.push(cpu);
    }
  }
}

const fmt = (ms: number, digits = 2) => (Number.isFinite(ms) ? ms.toFixed(digits) : '-');
/** Everything printed, for the results file. */
const printed: string[] = [];
const log = (line = '') => {
  printed.push(line);
  process.stdout.write(line + '\n');
};
const loadText = (l: number[]) => l.map((x) => x.toFixed(2)).join(', ');

log(
  `Sample: cases/erlan-baltabay.yaml, ${N} letters per contender after ${WARMUP} warm-up, in rounds of ${RUN} in a row, node ${process.version}, one thread.`,
);
log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load average ${loadText(loadBefore)} (1, 5, 15 min) at the start.`);
if (typstUnavailable) log(`typst: unavailable (${typstUnavailable})`);

// First letters, then warm-up, then the measured rounds in rotating order, RUN letters of a contender
// one after the other in each.
for (const c of contenders) await timeRun(c, 1, false);
for (let done = 0; done < WARMUP; done += RUN) for (const c of contenders) await timeRun(c, Math.min(RUN, WARMUP - done), false);
for (let done = 0, round = 0; done < N; done += RUN, round++) {
  for (let k = 0; k < contenders.length; k++) await timeRun(contenders[(round + k) % contenders.length]!, Math.min(RUN, N - done), true);
}

// The contenders' PDFs read back with pdfjs: pages, every word of the letter, footnotes on page 1.
for (const c of contenders) {
  c.last = await c.group.last(c.name);
  if (c.last) c.check = await checkPdf(c.last.pdf, doc);
}
const ours = contenders[0]!;
const oursMedian = stats(ours.wall).median;

const rows = contenders.map((c) => {
  const w = stats(c.wall);
  const cpu = stats(c.cpu);
  const ok = c.check && c.check.pages === ours.check?.pages && c.check.wordsFound === c.check.wordsTotal && c.check.footnotesOnPage1;
  return {
    contender: c.name,
    'first ms': fmt(c.first ?? NaN, 1),
    'median ms': fmt(w.median),
    'p95 ms': fmt(w.p95),
    'CPU ms': fmt(cpu.mean),
    'letters/s': Number.isFinite(w.median) ? Math.round(1000 / w.median).toString() : '-',
    'PDF bytes': String(c.last?.pdf.length ?? '-'),
    pages: String(c.check?.pages ?? '-'),
    words: c.check ? `${c.check.wordsFound}/${c.check.wordsTotal}` : '-',
    valid: ok ? 'yes' : 'NO',
    'ours/x': c === ours ? '1.00' : fmt(oursMedian / w.median),
  };
});
if (typstUnavailable) {
  rows.push({
    contender: 'typst',
    'first ms': '-',
    'median ms': '-',
    'p95 ms': '-',
    'CPU ms': '-',
    'letters/s': '-',
    'PDF bytes': '-',
    pages: '-',
    words: '-',
    valid: `unavailable (${typstUnavailable})`,
    'ours/x': '-',
  });
}
log();
log(markdownTable(rows));
log();
log('ms are wall-clock per letter (median, p95 of the measured rounds); CPU ms is the mean user+system time of the');
log("contender's process per letter (all threads: V8 GC helpers, any native worker threads); letters/s = 1000 / median, one thread.");
log('Each group (ours, bare pdfkit, typst) renders in a process of its own; the rounds alternate between them.');
log('"first ms" is each contender\'s first letter in its process (modules already imported).');
log("ours/x = our median / that contender's median: above 1 means we are slower.");
for (const c of contenders) {
  if (c.check && c.check.missing.length > 0) log(`${c.name}: words not found in its PDF: ${c.check.missing.slice(0, 10).join(', ')}`);
}
log();
log('Ratios (median ms/letter):');
for (const c of contenders.slice(1)) log(`  ours/${c.name} = ${fmt(oursMedian / stats(c.wall).median)}`);
if (typstUnavailable) log('  ours/typst: typst unavailable');

// Where our warm letter goes.
const phases = await oursGroup.phases(Math.max(20, Math.min(N, 100)));
log();
log(`ours, by step (median ms): compose ${fmt(phases.compose)}, layout ${fmt(phases.layout)}, PDF ${fmt(phases.pdf)}, sha256 ${fmt(phases.sha256, 3)}`);

// Typst without its memo cache: comemo reuses layout results across compiles of the same source, so
// the warm figure above is Typst re-compiling a letter it has seen. Here every letter starts afresh
// (the global cache is evicted before each, outside the timed part). Run apart: evicting is global.
let typstEvicted: number | undefined;
if (!typstUnavailable) {
  const rounds = Math.max(20, Math.min(N, 100));
  const e = stats(await typstGroup.typstEvicted(rounds));
  typstEvicted = e.median;
  log(
    `typst with its cache evicted before each letter (${rounds} letters, not interleaved): median ${fmt(e.median)} ms, p95 ${fmt(e.p95)} ms; ours/typst-evicted = ${fmt(oursMedian / e.median)}`,
  );
  log(`typst compiler creation (addon load + 4 Noto Sans blobs): ${fmt(typstCreate, 1)} ms`);
}
for (const group of groups) group.close();

// Cold: a fresh `letters generate` process, start-up included.
const cold = coldGenerate(COLD_RUNS);
log(
  `ours cold, fresh process (node started as bin/letters.js's first line starts it: ${launchLine()}): \`letters generate cases/erlan-baltabay.yaml --out <tmp> --force\` ${fmt(cold.generate, 0)} ms (median of ${cold.runs}); \`letters --help\` ${fmt(cold.help, 0)} ms; \`node -e 0\` alone ${fmt(cold.nodeStartup, 0)} ms`,
);

// `letters batch`: the small campaign at --jobs 1 and 2, the large one at --jobs 2.
let batchSmall: BatchBenchResult[] = [];
let batchLarge: BatchBenchResult | undefined;
if (BATCH) {
  log();
  log(`letters batch (bench/batch.ts), load average ${loadText(loadavg())} before:`);
  // Each line as soon as its run ends: the large campaign takes a while.
  const show = (results: BatchBenchResult[]) => {
    for (const line of formatBatchBench(results).trimEnd().split('\n')) log(line);
  };
  const medians = await benchBatchRounds(
    [
      { letters: BATCH_SMALL, jobs: 1 },
      { letters: BATCH_SMALL, jobs: 2 },
      { letters: BATCH_LARGE, jobs: 2 },
    ],
    BATCH_RUNS,
    show,
  );
  [batchLarge] = medians.splice(2);
  batchSmall = medians;
  if (BATCH_RUNS > 1) {
    log(`the median of each figure over the ${BATCH_RUNS} runs of each campaign (the targets' figures):`);
    show([...batchSmall, batchLarge!]);
  }
  log("seconds and letters/s are the batch's own (campaign read to manifest saved); CPU is the whole process, all threads.");
  log('peak RSS: the summed VmRSS of the batch process and its descendants, sampled every 50 ms.');
} else {
  log();
  log('letters batch: skipped (BENCH_BATCH=0).');
}

// The targets of issue 14.
const repeated = contenders.find((c) => c.name === 'ours (repeated body)')!;
const typstRow = contenders.find((c) => c.name === 'typst');
const [jobs1, jobs2] = batchSmall;
const nan = NaN;
const small = (n: number) => `${n.toLocaleString('en')} letters`;
const targets: Target[] = [
  {
    name: 'warm sample letter, median ms (one thread)',
    value: oursMedian,
    unit: 'ms',
    kind: 'max',
    limit: 2.5,
    beside: `CPU ${fmt(stats(ours.cpu).mean)} ms; typst unseen letter ${typstEvicted ? fmt(typstEvicted) : '-'} ms`,
  },
  {
    name: 'warm repeated-body letter, median ms',
    value: stats(repeated.wall).median,
    unit: 'ms',
    kind: 'max',
    limit: 1.5,
    beside: `typst memo-cached ${typstRow ? fmt(stats(typstRow.wall).median) : '-'} ms`,
  },
  {
    name: `batch ${small(BATCH_SMALL)}: --jobs 2 / --jobs 1 letters/s`,
    value: jobs1 && jobs2 ? jobs2.lettersPerSecond / jobs1.lettersPerSecond : nan,
    unit: '×',
    kind: 'min',
    limit: 1.8,
    beside: jobs1 && jobs2 ? `${fmt(jobs1.lettersPerSecond, 0)} and ${fmt(jobs2.lettersPerSecond, 0)} letters/s` : '',
  },
  {
    name: `batch ${small(BATCH_LARGE)} --jobs 2, letters/s`,
    value: batchLarge?.lettersPerSecond ?? nan,
    unit: 'letters/s',
    kind: 'min',
    limit: 600,
    beside: batchLarge ? `${fmt(batchLarge.seconds, 1)} s, CPU ${fmt(batchLarge.cpuSeconds, 1)} s` : '',
  },
  {
    name: `batch ms/letter, ${small(BATCH_LARGE)} / ${small(BATCH_SMALL)} (--jobs 2)`,
    value: batchLarge && jobs2 ? batchLarge.msPerLetter / jobs2.msPerLetter : nan,
    unit: '×',
    kind: 'max',
    limit: 1.1,
    beside: batchLarge && jobs2 ? `${fmt(batchLarge.msPerLetter)} and ${fmt(jobs2.msPerLetter)} ms/letter` : '',
  },
  {
    name: `peak RSS, process tree, ${small(BATCH_LARGE)} --jobs 2`,
    value: batchLarge?.peakRssMb ?? nan,
    unit: 'MiB',
    kind: 'below',
    limit: 300,
    beside: jobs1 && jobs2 ? `${small(BATCH_SMALL)}: ${fmt(jobs1.peakRssMb, 0)} MiB at --jobs 1, ${fmt(jobs2.peakRssMb, 0)} at --jobs 2` : '',
  },
  {
    name: `peak RSS, ${small(BATCH_LARGE)} / ${small(BATCH_SMALL)} (--jobs 2)`,
    value: batchLarge && jobs2 ? batchLarge.peakRssMb / jobs2.peakRssMb : nan,
    unit: '×',
    kind: 'max',
    limit: 1.1,
  },
  {
    name: 'cold `letters generate` of the sample, median ms',
    value: cold.generate,
    unit: 'ms',
    kind: 'max',
    limit: 250,
    beside: `\`node -e 0\` ${fmt(cold.nodeStartup, 0)} ms; typst compiler creation ${fmt(typstCreate, 0)} ms`,
  },
  { name: 'cold `letters --help`, median ms', value: cold.help, unit: 'ms', kind: 'max', limit: 120, beside: `\`node -e 0\` ${fmt(cold.nodeStartup, 0)} ms` },
  {
    name: 'bytes per two-page letter (the sample)',
    value: ours.check?.pages === 2 ? (ours.last?.pdf.length ?? nan) / 1000 : nan,
    unit: 'KB',
    kind: 'max',
    limit: 25,
    beside: `typst ${typstRow?.last ? fmt(typstRow.last.pdf.length / 1000, 1) : '-'} KB; bare pdfkit ${fmt((contenders[2]?.last?.pdf.length ?? nan) / 1000, 1)} KB`,
  },
];
log();
log(`Targets of issue 14 (${targets.filter(met).length} of ${targets.length} met; load average at the end ${loadText(loadavg())}):`);
log();
log(targetTable(targets));
log();
log('KB = 1,000 bytes. Times are wall-clock on a machine others may share: read them with the load averages above.');

mkdirSync(dirname(RESULTS), { recursive: true });
writeFileSync(
  RESULTS,
  [
    '# `npm run bench`: latest results',
    '',
    `Run ${startedAt.toISOString()} with ${[`BENCH_LETTERS=${N}`, `BENCH_WARMUP=${WARMUP}`, `BENCH_RUN=${RUN}`, `BENCH_COLD=${COLD_RUNS}`, BATCH ? `BENCH_BATCH_SMALL=${BATCH_SMALL} BENCH_BATCH_LARGE=${BATCH_LARGE} BENCH_BATCH_RUNS=${BATCH_RUNS}` : 'BENCH_BATCH=0'].join(' ')}; node ${process.version}, ${cpus().length} cores; load average ${loadText(loadBefore)} at the start, ${loadText(loadavg())} at the end.`,
    '',
    '## Targets',
    '',
    targetTable(targets),
    '',
    '## Everything printed',
    '',
    '```',
    ...printed,
    '```',
    '',
  ].join('\n'),
);
log(`Written to ${RESULTS}.`);

function markdownTable(rows: Record<string, string>[]): string {
  const heads = Object.keys(rows[0] ?? {});
  const width = heads.map((h) => Math.max(h.length, ...rows.map((r) => (r[h] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join(' | ')} |`;
  return [
    line(heads),
    `| ${width.map((w, i) => (i === 0 ? '-'.repeat(w) : '-'.repeat(w - 1) + ':')).join(' | ')} |`,
    ...rows.map((r) => line(heads.map((h) => r[h] ?? ''))),
  ].join('\n');
}
