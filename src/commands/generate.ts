import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { letterProblems, type Problem } from '../errors.js';
import { loadCase } from '../pipeline/load-case.js';
import { planCaseLetters } from '../plan/plan-case-letters.js';
import { existsError, writeAtomic } from '../output/write-atomic.js';
import { outputPath } from '../output/output-path.js';
import { FORMATS } from '../render/formats.js';
import { produceLetter } from '../pipeline/produce-letter.js';
import { EXIT, printProblems, reportFailed, shown, type Io } from './print.js';

export interface GenerateOptions {
  recipients?: string[];
  /** Default: `out/` of the case's workspace. */
  outDir?: string;
  force?: boolean;
  sourceDateEpoch?: string;
}

export interface LetterResult {
  id: string;
  path: string;
  status: 'written' | 'failed';
  pages?: number;
  bytes?: number;
  sha256?: string;
  problems?: Problem[];
  error?: string;
}

export interface GenerateResult {
  caseId: string;
  letters: LetterResult[];
  warnings: Problem[];
}

/** Writes one PDF per recipient of a case; a letter that fails does not stop the others. */
export async function generate(caseFile: string, options: GenerateOptions = {}): Promise<GenerateResult> {
  const kase = loadCase(caseFile);
  const outDir = options.outDir ?? join(kase.workspace, 'out');
  const letters: LetterResult[] = [];
  for (const spec of planCaseLetters(kase, options.recipients)) {
    const path = outputPath(outDir, [kase.data.id, spec.id], FORMATS.pdf.extension);
    try {
      if (!options.force && existsSync(path)) throw existsError(path);
      const letter = await produceLetter(spec, { sourceDateEpoch: options.sourceDateEpoch });
      writeAtomic(path, letter.pdf, { force: !!options.force });
      letters.push({ id: spec.id, path, status: 'written', pages: letter.pages, bytes: letter.pdf.length, sha256: letter.sha256 });
    } catch (err) {
      letters.push({ id: spec.id, path, status: 'failed', ...letterProblems(err) });
    }
  }
  return { caseId: kase.data.id, letters, warnings: kase.warnings };
}

type Args = Record<string, unknown>;

/** The `letters generate` handler: options in, results printed, the exit code out. */
export async function generateCommand(io: Io, args: Args): Promise<number> {
  const result = await generate(args.case as string, {
    recipients: args.recipient as string[] | undefined,
    outDir: args.out as string | undefined,
    force: args.force as boolean,
    sourceDateEpoch: io.env.SOURCE_DATE_EPOCH,
  });
  printProblems(io, result.warnings, io.cwd);
  const failed = reportFailed(io, result.letters, 'was not written');
  if (args.json) io.stdout(`${JSON.stringify({ case: result.caseId, letters: result.letters, warnings: result.warnings }, null, 2)}\n`);
  else for (const l of result.letters) if (l.status === 'written') io.stdout(`${shown(l.path, io.cwd)}\n`);
  return failed > 0 ? EXIT.badInput : EXIT.ok;
}
