import { join } from 'node:path';
import { planCampaignLetter } from '../pipeline/plan-campaign-letter.js';
import { planCampaign } from '../pipeline/plan-campaign.js';
import { composeLetter } from '../compose/compose-letter.js';
import type { LetterSpec } from '../plan/letter-spec.js';
import { loadCampaign } from '../pipeline/load-campaign.js';
import { loadCase } from '../pipeline/load-case.js';
import { planCaseLetters } from '../plan/plan-case-letters.js';
import { outputPath } from '../output/output-path.js';
import { FORMATS } from '../render/formats.js';
import { layOutLetter } from '../pipeline/lay-out-letter.js';
import { readyToShape } from '../pipeline/ready-to-shape.js';
import { renderText } from '../render/text.js';
import { escapeControls, letterProblems, UserError, ValidationError, type Problem } from '../errors.js';
import { fileKind, refuseKind } from './file-kind.js';
import { releaseOptimiser, withOptimiserHeld } from './optimiser-held.js';
import { EXIT, printProblems, reportFailed, shown, toJson, type Args, type Io } from './print.js';

export interface PreviewOptions {
  recipients?: string[];
  width?: number;
  color?: boolean;
  /** Preview in another language than the case's. */
  language?: string;
  outDir?: string;
}

export interface CampaignPreviewOptions {
  /** Only the letters of these senders, cases, officials (ids); each list empty or absent means all. */
  senders?: string[];
  cases?: string[];
  officials?: string[];
  width?: number;
  color?: boolean;
  language?: string;
  outDir?: string;
}

export interface PreviewLetter {
  /** The recipient's id; for a campaign letter, its file under the campaign's folder without `.pdf`. */
  id: string;
  /** For a campaign letter: whose it is. */
  case?: string;
  sender?: string;
  official?: string;
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
export async function preview(caseFile: string, options: PreviewOptions = {}): Promise<{ letters: PreviewLetter[]; warnings: Problem[] }> {
  return withOptimiserHeld(() => previewCase(caseFile, options));
}

async function previewCase(caseFile: string, options: PreviewOptions): Promise<{ letters: PreviewLetter[]; warnings: Problem[] }> {
  const kase = loadCase(caseFile);
  const outDir = options.outDir ?? join(kase.workspace, 'out');
  const letters: PreviewLetter[] = [];
  for (const spec of planCaseLetters(kase, options.recipients)) {
    if (options.language) spec.language = options.language;
    const path = outputPath(outDir, [kase.data.id, spec.id], FORMATS.pdf.extension);
    letters.push(await previewLetter(spec, { id: spec.id, path, language: spec.language }, options));
  }
  return { letters, warnings: kase.warnings };
}

/**
 * The letters of a campaign as plain text: the very letters `batch` writes, planned and specified by
 * the same code (planCampaign, buildLetterSpec), so the words are those of the PDFs. Writes nothing.
 */
export async function previewCampaign(campaignFile: string, options: CampaignPreviewOptions = {}): Promise<{ letters: PreviewLetter[]; warnings: Problem[] }> {
  return withOptimiserHeld(() => previewCampaignLetters(campaignFile, options));
}

async function previewCampaignLetters(campaignFile: string, options: CampaignPreviewOptions): Promise<{ letters: PreviewLetter[]; warnings: Problem[] }> {
  const campaign = loadCampaign(campaignFile);
  if (!campaign.data) throw new ValidationError(campaign.problems);
  if (campaign.campaignProblems.length > 0) throw new ValidationError(campaign.campaignProblems);
  const data = campaign.data;
  const picked = {
    sender: only(
      'sender',
      options.senders,
      data.senders.map((s) => s.sender),
      campaignFile,
    ),
    case: only('case', options.cases, data.cases, campaignFile),
    official: only('official', options.officials, data.officials, campaignFile),
  };
  const letters: PreviewLetter[] = [];
  for (const item of planCampaign(campaign, options.outDir ?? join(campaign.workspace, 'out'))) {
    if (!picked.sender(item.senderId) || !picked.case(item.caseId) || !picked.official(item.officialId)) continue;
    const about = { case: item.caseId, sender: item.senderId, official: item.officialId };
    const known = { id: item.file.replace(/\.pdf$/, ''), ...about, path: item.path, language: options.language ?? item.language ?? '' };
    // A letter spoilt by the campaign's references fails as it does in batch, without being composed.
    if (item.problems.length > 0) {
      letters.push({ ...known, status: 'failed', problems: item.problems, error: new ValidationError(item.problems).message });
      continue;
    }
    try {
      const { spec } = planCampaignLetter(item);
      if (options.language) spec.language = options.language;
      letters.push(await previewLetter(spec, { ...known, language: spec.language }, options));
    } catch (err) {
      letters.push({ ...known, status: 'failed', ...letterProblems(err) });
    }
  }
  return { letters, warnings: campaign.warnings };
}

/** A filter by id; asking for an id the campaign does not list is a mistake, named with the ids it does list. */
function only(what: string, wanted: string[] | undefined, listed: string[], file: string): (id: string) => boolean {
  if (!wanted || wanted.length === 0) return () => true;
  const unknown = wanted.filter((id) => !listed.includes(id));
  if (unknown.length > 0) {
    throw new UserError(`no ${what} \`${unknown.join('`, `')}\` in ${file}: its ${what === 'case' ? 'cases' : `${what}s`} are ${listed.join(', ')}.`);
  }
  return (id) => wanted.includes(id);
}

async function previewLetter(spec: LetterSpec, known: Omit<PreviewLetter, 'status'>, options: { width?: number; color?: boolean }): Promise<PreviewLetter> {
  try {
    const doc = composeLetter(spec);
    await readyToShape(doc);
    const layout = layOutLetter(spec, doc);
    return {
      ...known,
      status: 'ok',
      pages: layout.pages.length,
      text: renderText(doc, { width: options.width, color: options.color, layout }),
    };
  } catch (err) {
    return { ...known, status: 'failed', ...letterProblems(err) };
  } finally {
    // The first letter done, V8 may optimise for the others (optimiser-held.ts).
    releaseOptimiser();
  }
}

/** The `letters preview` handler: options in, results printed, the exit code out. */
export async function previewCommand(io: Io, args: Args): Promise<number> {
  const file = args.file as string;
  // Read once: the kind both refuses a wrong file and picks how letters are chosen.
  const kind = fileKind(file);
  const refused = refuseKind(io, file, 'preview', ['case', 'campaign'], kind);
  if (refused !== undefined) return refused;
  // A terminal that reports no width (0: some serial consoles and editor shells) is taken as 80 wide,
  // not wrapped a word a line; a narrower one than 20 gets 20, the narrowest --width.
  const columns = io.stdoutColumns !== undefined && io.stdoutColumns > 0 ? Math.max(20, Math.min(io.stdoutColumns, 100)) : 80;
  const width = (args.width as number | undefined) ?? (io.stdoutIsTTY ? columns : 80);
  // A dumb terminal (TERM=dumb: an editor's shell, a serial console) prints ANSI codes as text.
  const color = io.stdoutIsTTY && !io.env.NO_COLOR && io.env.TERM !== 'dumb' && !args.json;
  const language = args.language as string | undefined;
  const picks = { senders: args.sender as string[] | undefined, cases: args.case as string[] | undefined, officials: args.official as string[] | undefined };
  const campaign = kind === 'campaign';
  // Each file kind has its own way of picking letters; the other's options are a usage error.
  const misplaced = campaign
    ? args.recipient !== undefined && '--recipient picks a letter of a case; for a campaign use --sender, --case or --official'
    : Object.values(picks).some((p) => p !== undefined) && '--sender, --case and --official pick letters of a campaign; for a case use --recipient';
  if (misplaced) {
    io.stderr(
      `error: ${misplaced}, e.g. letters preview ${campaign ? 'campaigns/kazakhstan-day-2020.yaml --sender ituc' : 'cases/erlan-baltabay.yaml --recipient tokayev'}\n`,
    );
    return EXIT.usage;
  }
  const result = campaign
    ? await previewCampaign(file, { ...picks, width, color, language })
    : await preview(file, { recipients: args.recipient as string[] | undefined, width, color, language });
  printProblems(io, result.warnings, io.cwd);
  const failed = reportFailed(io, result.letters, 'could not be previewed');
  if (args.json) {
    io.stdout(`${toJson(result.letters.map((l) => ({ ...l, path: shown(l.path, io.cwd) })))}\n`);
  } else {
    const ok = result.letters.filter((l) => l.status === 'ok');
    ok.forEach((l, i) => {
      if (ok.length > 1) {
        const title = ` ${escapeControls(l.id)} → ${shown(l.path, io.cwd)} `;
        io.stdout(`${i > 0 ? '\n' : ''}${'='.repeat(3)}${title}${'='.repeat(Math.max(3, Math.min(width, 100) - title.length - 3))}\n\n`);
      }
      io.stdout(l.text!);
    });
  }
  return failed > 0 ? EXIT.badInput : EXIT.ok;
}
