import { join } from 'node:path';
import { composeLetter } from '../compose/compose-letter.js';
import { loadCase } from '../pipeline/load-case.js';
import { planCaseLetters } from '../plan/plan-case-letters.js';
import { outputPath } from '../output/output-path.js';
import { FORMATS } from '../render/formats.js';
import { layoutLetter } from '../layout/layout-letter.js';
import { renderText } from '../render/text.js';
import { letterProblems, type Problem } from '../errors.js';
import { EXIT, printProblems, reportFailed, shown, type Io } from './print.js';

export interface PreviewOptions {
  recipients?: string[];
  width?: number;
  color?: boolean;
  /** Preview in another language than the case's. */
  language?: string;
  outDir?: string;
}

export interface PreviewLetter {
  id: string;
  /** Where `generate` would write the PDF. */
  path: string;
  language: string;
  status: 'ok' | 'failed';
  pages?: number;
  text?: string;
  problems?: Problem[];
  error?: string;
}

/** Every letter of a case as plain text, paginated as the PDF is; writes nothing. */
export function preview(caseFile: string, options: PreviewOptions = {}): { letters: PreviewLetter[]; warnings: Problem[] } {
  const kase = loadCase(caseFile);
  const outDir = options.outDir ?? join(kase.workspace, 'out');
  const letters = planCaseLetters(kase, options.recipients).map((spec): PreviewLetter => {
    if (options.language) spec.language = options.language;
    const path = outputPath(outDir, [kase.data.id, spec.id], FORMATS.pdf.extension);
    try {
      const doc = composeLetter(spec);
      const layout = layoutLetter(doc);
      return {
        id: spec.id,
        path,
        language: spec.language,
        status: 'ok',
        pages: layout.pages.length,
        text: renderText(doc, { width: options.width, color: options.color, layout }),
      };
    } catch (err) {
      return { id: spec.id, path, language: spec.language, status: 'failed', ...letterProblems(err) };
    }
  });
  return { letters, warnings: kase.warnings };
}

type Args = Record<string, unknown>;

/** The `letters preview` handler: options in, results printed, the exit code out. */
export async function previewCommand(io: Io, args: Args): Promise<number> {
  const width = (args.width as number | undefined) ?? (io.stdoutIsTTY ? Math.min(io.stdoutColumns ?? 80, 100) : 80);
  const color = io.stdoutIsTTY && !io.env.NO_COLOR && !args.json;
  const result = preview(args.case as string, {
    recipients: args.recipient as string[] | undefined,
    width,
    color,
    language: args.language as string | undefined,
  });
  printProblems(io, result.warnings, io.cwd);
  const failed = reportFailed(io, result.letters, 'could not be previewed');
  if (args.json) {
    io.stdout(
      `${JSON.stringify(
        result.letters.map((l) => ({ ...l, path: shown(l.path, io.cwd) })),
        null,
        2,
      )}\n`,
    );
  } else {
    const ok = result.letters.filter((l) => l.status === 'ok');
    ok.forEach((l, i) => {
      if (ok.length > 1) {
        const title = ` ${l.id} → ${shown(l.path, io.cwd)} `;
        io.stdout(`${i > 0 ? '\n' : ''}${'='.repeat(3)}${title}${'='.repeat(Math.max(3, Math.min(width, 100) - title.length - 3))}\n\n`);
      }
      io.stdout(l.text!);
    });
  }
  return failed > 0 ? EXIT.badInput : EXIT.ok;
}
