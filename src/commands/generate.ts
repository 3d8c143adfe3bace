import { unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { letterProblems, type Problem } from '../errors.js';
import { loadCase } from '../pipeline/load-case.js';
import { planCaseLetters } from '../plan/plan-case-letters.js';
import { assertDistinctPaths } from '../output/distinct-paths.js';
import { isOutputFault } from '../output/output-fault.js';
import { outputPath } from '../output/output-path.js';
import { removeStaleTemps } from '../output/remove-stale-temps.js';
import { ensureFolderInside } from '../output/safe-folder.js';
import { writeLetter } from '../output/write-atomic.js';
import { FORMATS } from '../render/formats.js';
import { produceLetter } from '../pipeline/produce-letter.js';
import { refuseKind } from './file-kind.js';
import { releaseOptimiser, withOptimiserHeld } from './optimiser-held.js';
import { EXIT, printProblems, reportFailed, shown, toJson, type Args, type Io } from './print.js';

export interface GenerateOptions {
  recipients?: string[];
  /** Default: `out/` of the case's workspace. */
  outDir?: string;
  force?: boolean;
  sourceDateEpoch?: string;
  /** Also write each letter's e-mail draft (`.eml`) beside its PDF. */
  eml?: boolean;
}

export interface LetterResult {
  id: string;
  path: string;
  /** `unchanged`: the very same bytes were on disk already, so the file was left alone. */
  status: 'written' | 'unchanged' | 'failed';
  pages?: number;
  bytes?: number;
  sha256?: string;
  /** The e-mail draft, with --eml. */
  eml?: string;
  /** An earlier run's e-mail draft, removed when this letter's could not be made. */
  removedEml?: string;
  problems?: Problem[];
  error?: string;
}

export interface GenerateResult {
  caseId: string;
  letters: LetterResult[];
  warnings: Problem[];
  /** Why writing stopped early: the out folder cannot take files (a full disk, a read-only folder). */
  fault?: string;
}

/**
 * Writes one PDF per recipient of a case; a letter that fails does not stop the others, but a fault
 * of the out folder does (the letters after it would meet it too). The overwrite rule is batch's: an
 * unchanged letter is left alone, a changed one is replaced only with `force`.
 */
export async function generate(caseFile: string, options: GenerateOptions = {}): Promise<GenerateResult> {
  return withOptimiserHeld(() => generateLetters(caseFile, options));
}

async function generateLetters(caseFile: string, options: GenerateOptions): Promise<GenerateResult> {
  const kase = loadCase(caseFile);
  const outDir = resolve(options.outDir ?? join(kase.workspace, 'out'));
  const specs = planCaseLetters(kase, options.recipients).map((spec) => ({ spec, path: outputPath(outDir, [kase.data.id, spec.id], FORMATS.pdf.extension) }));
  assertDistinctPaths(specs.map(({ spec, path }) => ({ path, name: `recipient \`${spec.id}\`` })));
  // The case's folder is checked (and made) first, so a bad out folder is one message, not one per letter.
  const folder = join(outDir, kase.data.id);
  ensureFolderInside(outDir, folder);
  removeStaleTemps(folder);
  const letters: LetterResult[] = [];
  for (const { spec, path } of specs) {
    try {
      // The first letter done, V8 may optimise for the others (optimiser-held.ts).
      const letter = await produceLetter(spec, { sourceDateEpoch: options.sourceDateEpoch }).finally(releaseOptimiser);
      const status = writeLetter(path, letter.pdf, { force: !!options.force, root: outDir });
      const written: LetterResult = { id: spec.id, path, status, pages: letter.pages, bytes: letter.pdf.length, sha256: letter.sha256 };
      // The PDF stays written when its e-mail cannot be made; the letter then fails with the e-mail's problems.
      if (options.eml) {
        const emlPath = path.replace(/\.pdf$/, '.eml');
        try {
          // Made from the letter just written, so it is replaced whenever the letter is. Imported only
          // here: the mail library is most of a start-up that does not need it.
          const { attachmentName, produceEml } = await import('../pipeline/produce-eml.js');
          writeLetter(emlPath, (await produceEml(spec, letter, attachmentName(kase.data.id, spec.id))).eml, { force: true, root: outDir });
          written.eml = emlPath;
        } catch (err) {
          const failed: LetterResult = { ...written, status: 'failed', ...letterProblems(err) };
          letters.push(failed);
          if (isOutputFault(err)) return { caseId: kase.data.id, letters, warnings: kase.warnings, fault: err.message };
          // A draft of an earlier run would stand beside this letter with another text or address.
          if (removeStale(emlPath)) failed.removedEml = emlPath;
          continue;
        }
      }
      letters.push(written);
    } catch (err) {
      letters.push({ id: spec.id, path, status: 'failed', ...letterProblems(err) });
      if (isOutputFault(err)) return { caseId: kase.data.id, letters, warnings: kase.warnings, fault: err.message };
    }
  }
  return { caseId: kase.data.id, letters, warnings: kase.warnings };
}

/** The `letters generate` handler: options in, results printed, the exit code out. */
export async function generateCommand(io: Io, args: Args): Promise<number> {
  const refused = refuseKind(io, args.case as string, 'generate', ['case']);
  if (refused !== undefined) return refused;
  // Each letter is written by synchronous calls, so a signal is handled between letters, never while a
  // temp file exists: quitting at once leaves every letter whole and no temp file.
  const onSignal = (signal: NodeJS.Signals) => {
    io.stderr(`\nInterrupted: the letters written so far are whole; run the same command again for the others.\n`);
    process.exit(signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let result: Awaited<ReturnType<typeof generate>>;
  try {
    result = await generate(args.case as string, {
      recipients: args.recipient as string[] | undefined,
      outDir: args.out as string | undefined,
      force: args.force as boolean,
      eml: args.eml as boolean,
      sourceDateEpoch: io.env.SOURCE_DATE_EPOCH,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  printProblems(io, result.warnings, io.cwd);
  const failed = reportFailed(io, result.letters, 'was not written');
  if (result.fault) io.stderr('Letters after it were not written either; run the same command again once the folder can take them.\n');
  for (const l of result.letters) {
    if (l.status === 'unchanged') io.stderr(`${shown(l.path, io.cwd)} is unchanged: the same letter is on disk already.\n`);
  }
  if (args.json) {
    io.stdout(`${toJson({ case: result.caseId, letters: result.letters, warnings: result.warnings, ...(result.fault ? { fault: result.fault } : {}) })}\n`);
  } else for (const l of result.letters) if (l.status !== 'failed') io.stdout(`${shown(l.path, io.cwd)}\n${l.eml ? `${shown(l.eml, io.cwd)}\n` : ''}`);
  return failed > 0 ? EXIT.badInput : EXIT.ok;
}

/** Removes an earlier e-mail draft; whether there was one. */
function removeStale(emlPath: string): boolean {
  try {
    unlinkSync(emlPath);
    return true;
  } catch {
    return false;
  }
}
