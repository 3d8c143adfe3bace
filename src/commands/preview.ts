import { join } from 'node:path';
import { buildLetterSpec } from '../batch/build-letter-spec.js';
import { planCampaign } from '../batch/plan-campaign.js';
import { composeLetter } from '../compose/compose-letter.js';
import type { LetterSpec } from '../compose/letter-spec.js';
import { loadCampaign } from '../input/load-campaign.js';
import { loadCase } from '../input/load-case.js';
import { planCaseLetters } from '../input/plan-case-letters.js';
import { outputPath } from '../output/output-path.js';
import { layoutLetter } from '../render/pdf/layout-letter.js';
import { renderText } from '../render/text/render-text.js';
import { letterProblems, UserError, ValidationError, type Problem } from '../errors.js';

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
export function preview(caseFile: string, options: PreviewOptions = {}): { letters: PreviewLetter[]; warnings: Problem[] } {
  const kase = loadCase(caseFile);
  const outDir = options.outDir ?? join(kase.workspace, 'out');
  const letters = planCaseLetters(kase, options.recipients).map((spec): PreviewLetter => {
    if (options.language) spec.language = options.language;
    const path = outputPath(outDir, [kase.data.id, spec.id], '.pdf');
    return previewLetter(spec, { id: spec.id, path, language: spec.language }, options);
  });
  return { letters, warnings: kase.warnings };
}

/**
 * The letters of a campaign as plain text: the very letters `batch` writes, planned and specified by
 * the same code (planCampaign, buildLetterSpec), so the words are those of the PDFs. Writes nothing.
 */
export function previewCampaign(campaignFile: string, options: CampaignPreviewOptions = {}): { letters: PreviewLetter[]; warnings: Problem[] } {
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
      const { spec } = buildLetterSpec(item);
      if (options.language) spec.language = options.language;
      letters.push(previewLetter(spec, { ...known, language: spec.language }, options));
    } catch (err) {
      letters.push({ ...known, status: 'failed', ...letterProblems(err) });
    }
  }
  return { letters, warnings: [] };
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

function previewLetter(spec: LetterSpec, known: Omit<PreviewLetter, 'status'>, options: { width?: number; color?: boolean }): PreviewLetter {
  try {
    const doc = composeLetter(spec);
    const layout = layoutLetter(doc);
    return {
      ...known,
      status: 'ok',
      pages: layout.pages.length,
      text: renderText(doc, { width: options.width, color: options.color, layout }),
    };
  } catch (err) {
    return { ...known, status: 'failed', ...letterProblems(err) };
  }
}
