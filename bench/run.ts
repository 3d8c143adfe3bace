// `npm run bench`: our pipeline against bare pdfkit and Typst on the same letter, side by side in one
// process. Letters are rendered in rounds, one letter of each contender per round, in a rotating
// order, so machine noise (GC, other processes, CPU frequency) hits all contenders alike.
//
//   BENCH_LETTERS  letters per contender (default 200)
//   BENCH_WARMUP   warm-up letters per contender, not counted (default 10)
//   BENCH_COLD     fresh `letters generate` processes for the cold figure (default 3)
//   BENCH_BATCH=1  also run bench/batch.ts (`letters batch` at --jobs 1 and 2) when it exists
//   BENCH_BATCH_LETTERS  letters of that batch (default: bench/batch.ts's own, 2000)
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LetterDocument } from '../src/letter-document.js';
import { renderBarePdfkit } from './bare-pdfkit.js';
import { coldGenerate, ourPhases, renderOurs } from './ours.js';
import { checkPdf, loadSample, ROOT, stats, type PdfCheck } from './sample.js';
import { createTypst } from './typst.js';

const N = positive('BENCH_LETTERS', 200);
const WARMUP = positive('BENCH_WARMUP', 10, true);
const COLD_RUNS = positive('BENCH_COLD', 3);

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
  render(): Promise<{ pdf: Buffer; pages: number }> | { pdf: Buffer; pages: number };
  /** Wall ms of the first letter in this process (modules loaded, nothing else warm). */
  first?: number;
  wall: number[];
  /** CPU ms (user + system, all threads of the process) per letter. */
  cpu: number[];
  last?: { pdf: Buffer; pages: number };
  check?: PdfCheck;
}

const { spec, doc } = loadSample();
const contenders: Contender[] = [];
const add = (name: string, what: string, render: Contender['render']) => contenders.push({ name, what, render, wall: [], cpu: [] });

add('ours', 'compose + layout + PDF (produceLetter), warm', () => renderOurs(spec));
add('pdfkit (font paths)', 'bare pdfkit, fonts and PNG registered by path each letter (naive)', () => pdfkitLetter(doc, 'paths'));
add('pdfkit (font buffers)', 'bare pdfkit, fonts and PNG read once into Buffers', () => pdfkitLetter(doc, 'buffers'));

async function pdfkitLetter(letter: LetterDocument, source: 'paths' | 'buffers') {
  const pdf = await renderBarePdfkit(letter, source);
  return { pdf, pages: countPages(pdf) };
}

/** Pages of a PDF by its page objects, for the timed loop (pdfjs checks the last PDF of each contender). */
function countPages(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
}

let typstUnavailable: string | undefined;
let typstCreate = NaN;
let typst: Awaited<ReturnType<typeof createTypst>> | undefined;
try {
  const t0 = performance.now();
  typst = await createTypst();
  typstCreate = performance.now() - t0;
  const t = typst;
  add('typst', 'typst-ts-node-compiler, one compiler reused: compile + PDF export', () => t.render(doc));
} catch (err) {
  typstUnavailable = err instanceof Error ? err.message.split('\n')[0] : String(err);
}

async function timeOne(c: Contender, keep: boolean): Promise<void> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const out = await c.render();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (c.first === undefined) c.first = ms;
  if (keep) {
    c.wall.push(ms);
    c.cpu.push((cpu.user + cpu.system) / 1000);
  }
  c.last = out;
}

const fmt = (ms: number, digits = 2) => (Number.isFinite(ms) ? ms.toFixed(digits) : '-');
const log = (line = '') => process.stdout.write(line + '\n');

log(`Sample: cases/erlan-baltabay.yaml, ${N} letters per contender after ${WARMUP} warm-up, node ${process.version}, one thread.`);
if (typstUnavailable) log(`typst: unavailable (${typstUnavailable})`);

// First letters, then warm-up, then the measured rounds in rotating order.
for (const c of contenders) await timeOne(c, false);
for (let i = 0; i < WARMUP; i++) for (const c of contenders) await timeOne(c, false);
for (let round = 0; round < N; round++) {
  for (let k = 0; k < contenders.length; k++) await timeOne(contenders[(round + k) % contenders.length]!, true);
}

// The contenders' PDFs read back with pdfjs: pages, every word of the letter, footnotes on page 1.
for (const c of contenders) if (c.last) c.check = await checkPdf(c.last.pdf, doc);
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
log('ms are wall-clock per letter (median, p95 of the measured rounds); CPU ms is the mean user+system time of the whole');
log('process per letter (all threads: V8 GC helpers, any native worker threads); letters/s = 1000 / median, one thread.');
log('"first ms" is each contender\'s first letter in this process (modules already imported).');
log("ours/x = our median / that contender's median: above 1 means we are slower.");
for (const c of contenders) {
  if (c.check && c.check.missing.length > 0) log(`${c.name}: words not found in its PDF: ${c.check.missing.slice(0, 10).join(', ')}`);
}
log();
log('Ratios (median ms/letter):');
for (const c of contenders.slice(1)) log(`  ours/${c.name} = ${fmt(oursMedian / stats(c.wall).median)}`);
if (typstUnavailable) log('  ours/typst: typst unavailable');

// Where our warm letter goes.
const phases = await ourPhases(spec, Math.max(20, Math.min(N, 100)));
log();
log(`ours, by step (median ms): compose ${fmt(phases.compose)}, layout ${fmt(phases.layout)}, PDF ${fmt(phases.pdf)}, sha256 ${fmt(phases.sha256, 3)}`);

// Typst without its memo cache: comemo reuses layout results across compiles of the same source, so
// the warm figure above is Typst re-compiling a letter it has seen. Here every letter starts afresh
// (the global cache is evicted before each, outside the timed part). Run apart: evicting is global.
if (typst) {
  const evicted: number[] = [];
  const rounds = Math.max(20, Math.min(N, 100));
  for (let i = 0; i < rounds; i++) {
    typst.evict();
    const t0 = performance.now();
    typst.render(doc);
    evicted.push(performance.now() - t0);
  }
  const e = stats(evicted);
  log(
    `typst with its cache evicted before each letter (${rounds} letters, not interleaved): median ${fmt(e.median)} ms, p95 ${fmt(e.p95)} ms; ours/typst-evicted = ${fmt(oursMedian / e.median)}`,
  );
  log(`typst compiler creation (addon load + 4 Noto Sans blobs): ${fmt(typstCreate, 1)} ms`);
}

// Cold: a fresh `letters generate` process, start-up included.
const cold = coldGenerate(COLD_RUNS);
log(
  `ours cold, fresh process: \`node bin/letters.js generate cases/erlan-baltabay.yaml --out <tmp> --force\` ${fmt(cold.generate, 0)} ms (median of ${cold.runs}); \`node -e 0\` alone ${fmt(cold.nodeStartup, 0)} ms`,
);

// Another engineer's `letters batch` benchmark, when it exists and is asked for.
const batchFile = join(ROOT, 'bench', 'batch.ts');
if (process.env.BENCH_BATCH === '1') {
  if (!existsSync(batchFile)) {
    log('\nBENCH_BATCH=1 but bench/batch.ts does not exist yet: skipped.');
  } else {
    log('\nletters batch (bench/batch.ts):');
    const mod = (await import(pathToFileURL(batchFile).href)) as Record<string, unknown>;
    // bench/batch.ts exports benchBatch(letters?, jobs?) and formatBatchBench(results); fall back to its default export.
    const run = (mod.benchBatch ?? mod.default) as ((letters?: number) => unknown) | undefined;
    if (typeof run !== 'function') throw new Error('bench/batch.ts exports neither benchBatch nor a default function');
    const letters = process.env.BENCH_BATCH_LETTERS ? positive('BENCH_BATCH_LETTERS', 2000) : undefined;
    const result = await run(letters);
    const format = mod.formatBatchBench as ((r: unknown) => string) | undefined;
    if (typeof format === 'function') process.stdout.write(format(result));
    else if (typeof result === 'string') log(result);
    else if (result !== undefined) log(JSON.stringify(result, null, 2));
  }
}

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
