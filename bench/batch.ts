// Benchmark of `letters batch` (not a test): builds an N-letter campaign in a temp workspace from the
// samples and runs the built CLI on it with --jobs 1 and --jobs 2, printing letters/s and the peak RSS
// of the whole process tree. `npm run bench` runs it at 1,000 and 10,000 letters.
// Usage: npm run build && npx tsx bench/batch.ts [letters=2000] [jobs=1,2]
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchOfBin } from '../scripts/launch.js';
import { sampleTreeRss } from './tree-rss.js';

const ROOT = resolve(import.meta.dirname, '..');

/** Sender countries that have an embassy of Kazakhstan in the sample directory, with a language the case has. */
const PLACES = [
  { country: 'Belgium', language: 'en' },
  { country: 'France', language: 'fr' },
  { country: 'Lithuania', language: 'ru' },
  { country: 'Spain', language: 'es' },
  { country: 'Germany', language: 'en' },
];

export interface BatchBenchResult {
  letters: number;
  jobs: number;
  seconds: number;
  lettersPerSecond: number;
  /** The whole child process, start-up and exit included. */
  wallSeconds: number;
  /** User + system CPU time of the batch process, all its threads, start-up included. */
  cpuSeconds: number;
  /** `seconds` per letter, in ms. */
  msPerLetter: number;
  /** Peak of the summed VmRSS of the batch process and its descendants, MiB. */
  peakRssMb: number;
  written: number;
  failed: number;
}

/** A workspace with `senders x cases x 2` letters: copies of the sample senders and of the sample case. */
export function buildCampaign(letters: number): { workspace: string; campaign: string; letters: number } {
  const officials = ['kz-president', 'kz-prosecutor-general'];
  const cases = Math.max(1, Math.min(20, Math.round(letters / officials.length / 50)));
  const senders = Math.max(1, Math.ceil(letters / officials.length / cases));
  const workspace = mkdtempSync(join(tmpdir(), 'letters-bench-'));
  for (const sub of ['senders', 'directory']) cpSync(join(ROOT, sub), join(workspace, sub), { recursive: true });
  mkdirSync(join(workspace, 'cases'));
  mkdirSync(join(workspace, 'campaigns'));
  const caseText = readFileSync(join(ROOT, 'cases', 'erlan-baltabay.yaml'), 'utf8');
  const caseIds = Array.from({ length: cases }, (_, i) => `bench-case-${String(i + 1).padStart(3, '0')}`);
  for (const id of caseIds) writeFileSync(join(workspace, 'cases', `${id}.yaml`), caseText.replace(/^id: .*$/m, `id: ${id}`));
  const senderText = readFileSync(join(ROOT, 'senders', 'example-es-energia.yaml'), 'utf8');
  const entries: string[] = [];
  for (let s = 0; s < senders; s++) {
    const id = `bench-sender-${String(s + 1).padStart(4, '0')}`;
    const place = PLACES[s % PLACES.length]!;
    const text = senderText
      .replace(/^id: .*$/m, `id: ${id}`)
      .replace(/^name: .*$/m, `name: Bench Union ${s + 1}`)
      .replace(/^language: .*$/m, `language: ${place.language}`)
      .replace(/^country: .*$/m, `country: ${place.country}`)
      .replace(/^city: .*$/m, 'city: Benchtown')
      .replace(/title: \{.*\}/, 'title: Secretary');
    writeFileSync(join(workspace, 'senders', `${id}.yaml`), text);
    entries.push(`  - {sender: ${id}, country: ${place.country}, language: ${place.language}}`);
  }
  const campaign = join(workspace, 'campaigns', 'bench-day.yaml');
  writeFileSync(
    campaign,
    `id: bench-day\ndate: 2020-03-23\ncases: [${caseIds.join(', ')}]\nofficials: [${officials.join(', ')}]\nsenders:\n${entries.join('\n')}\n`,
  );
  return { workspace, campaign, letters: senders * cases * officials.length };
}

/**
 * Runs the built CLI's batch in a child process, sampling the summed VmRSS of that process and all
 * its descendants (worker threads share the process's figure) every 50 ms for the peak.
 */
export async function runBatchBench(campaign: string, outDir: string, jobs: number): Promise<BatchBenchResult> {
  // The built CLI as bin/letters.js runs it: through the loader, with its code cache.
  const loader = pathToFileURL(join(ROOT, 'bin', 'load-bundle.cjs')).href;
  const cli = pathToFileURL(join(ROOT, 'dist', 'cli.cjs')).href;
  const script = [
    `import { createRequire } from 'node:module';`,
    `const { main } = createRequire(import.meta.url)(new URL(${JSON.stringify(loader)}).pathname).loadBundle(new URL(${JSON.stringify(cli)}));`,
    `const code = await main(['batch', ${JSON.stringify(campaign)}, '--out', ${JSON.stringify(outDir)}, '--jobs', '${jobs}', '--json', '--quiet']);`,
    // CPU time of the whole process, all threads (the workers' included), for a figure that a busy machine skews less.
    "const cpu = process.cpuUsage(); process.stderr.write('\\nCPU ' + (cpu.user + cpu.system) + '\\n');",
    'process.exitCode = code;',
  ].join('\n');
  const t0 = performance.now();
  // Started as the command starts (launch.ts): bin/letters.js's node flags and environment.
  const launch = launchOfBin();
  const child = spawn(process.execPath, [...launch.nodeArgs, '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...launch.env },
  });
  const rss = sampleTreeRss(child.pid!, 50);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const status = await new Promise<number | null>((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done(code));
  });
  const peakRssMb = rss.stop();
  const wallSeconds = (performance.now() - t0) / 1000;
  if (status !== 0 && status !== 1) throw new Error(`batch failed (${status}): ${stderr}`);
  const summary = JSON.parse(stdout) as { total: number; written: number; failed: number; seconds: number; lettersPerSecond: number };
  return {
    letters: summary.total,
    jobs,
    seconds: summary.seconds,
    lettersPerSecond: summary.lettersPerSecond,
    msPerLetter: (summary.seconds * 1000) / Math.max(1, summary.total),
    wallSeconds,
    cpuSeconds: Number(/CPU (\d+)/.exec(stderr)?.[1] ?? NaN) / 1e6,
    peakRssMb,
    written: summary.written,
    failed: summary.failed,
  };
}

/** Builds an N-letter campaign and runs it once per jobs setting, each into a fresh folder. */
export async function benchBatch(letters = 2000, jobsList: number[] = [1, 2], onResult?: (r: BatchBenchResult[]) => void): Promise<BatchBenchResult[]> {
  return benchBatchRounds(
    jobsList.map((jobs) => ({ letters, jobs })),
    1,
    onResult,
  );
}

/**
 * Runs each setting (a campaign of so many letters at so many jobs) `rounds` times, the settings taken
 * in turn in every round, so that a busy minute of the machine falls on all of them alike, each run
 * into a fresh folder (removed after it). Gives, per setting, the median of each figure over its runs:
 * one run's peak RSS or letters/s moves by some 3% from run to run on a quiet machine.
 */
export async function benchBatchRounds(
  settings: { letters: number; jobs: number }[],
  rounds: number,
  onResult?: (r: BatchBenchResult[]) => void,
): Promise<BatchBenchResult[]> {
  const campaigns = new Map<number, ReturnType<typeof buildCampaign>>();
  try {
    for (const { letters } of settings) if (!campaigns.has(letters)) campaigns.set(letters, buildCampaign(letters));
    const runs: BatchBenchResult[][] = settings.map(() => []);
    for (let round = 0; round < rounds; round++) {
      for (const [i, { letters, jobs }] of settings.entries()) {
        const built = campaigns.get(letters)!;
        const out = join(built.workspace, `out-${jobs}-${round}`);
        const result = await runBatchBench(built.campaign, out, jobs);
        rmSync(out, { recursive: true, force: true });
        onResult?.([result]);
        runs[i]!.push(result);
      }
    }
    return runs.map(medianRun);
  } finally {
    for (const built of campaigns.values()) rmSync(built.workspace, { recursive: true, force: true });
  }
}

/** Each figure's median over runs of one setting; letters written the fewest, failed the most of any run. */
export function medianRun(runs: readonly BatchBenchResult[]): BatchBenchResult {
  const median = (pick: (r: BatchBenchResult) => number) => {
    const values = runs.map(pick).sort((a, b) => a - b);
    const mid = values.length >> 1;
    return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
  };
  return {
    letters: runs[0]!.letters,
    jobs: runs[0]!.jobs,
    seconds: median((r) => r.seconds),
    lettersPerSecond: median((r) => r.lettersPerSecond),
    wallSeconds: median((r) => r.wallSeconds),
    cpuSeconds: median((r) => r.cpuSeconds),
    msPerLetter: median((r) => r.msPerLetter),
    peakRssMb: median((r) => r.peakRssMb),
    written: Math.min(...runs.map((r) => r.written)),
    failed: Math.max(...runs.map((r) => r.failed)),
  };
}

export function formatBatchBench(results: BatchBenchResult[]): string {
  const rows = results.map(
    (r) =>
      `batch ${r.letters} letters  --jobs ${r.jobs}  ${r.seconds.toFixed(1).padStart(7)} s  ${r.lettersPerSecond.toFixed(1).padStart(7)} letters/s  ${r.msPerLetter.toFixed(2).padStart(6)} ms/letter  CPU ${r.cpuSeconds.toFixed(1).padStart(6)} s  peak RSS ${r.peakRssMb.toFixed(0).padStart(5)} MiB (process tree)  (${r.written} written, ${r.failed} failed)`,
  );
  return `${rows.join('\n')}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const letters = Number(process.argv[2] ?? 2000);
  const jobs = (process.argv[3] ?? '1,2').split(',').map(Number);
  process.stdout.write(formatBatchBench(await benchBatch(letters, jobs)));
}
