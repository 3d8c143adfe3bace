import { relative, resolve, sep } from 'node:path';
import { InternalError, type Problem } from '../errors.js';
import type { LoadedCampaign } from './load-campaign.js';
import type { CampaignData } from '../input/schemas.js';
import { outputPath } from '../output/output-path.js';
import { FORMATS } from '../render/formats.js';

/**
 * One letter of a campaign, described by file paths, ids and settings only, so it can cross to a
 * worker thread (a LetterSpec holds parsed files with closures and cannot). The worker re-loads the
 * files through its per-process caches.
 */
export interface BatchItem {
  /** Its place in the work list; the manifest keeps this order. */
  index: number;
  campaignId: string;
  workspace: string;
  caseId: string;
  caseFile: string;
  /** The case's own sender file, which sets the language of the case's plain texts. */
  caseSenderFile?: string;
  senderId: string;
  senderFile: string;
  /** The campaign's entry for the sender: country, and optional language, signatories, reference. */
  entry: CampaignData['senders'][number];
  officialId: string;
  /** The embassy of the case's country in the sender's country, when there is one. */
  embassyId?: string;
  /** The letter's language when known before rendering (the entry's, else the sender's). */
  language?: string;
  date: string;
  template: string;
  /** The campaign's folder, which holds the letters and the manifest. */
  dir: string;
  /** Where the letter is written: `<dir>/<sender>/<case>/<official>.pdf`. */
  path: string;
  /** `path` relative to the campaign's folder, as the manifest records it. */
  file: string;
  /** Problems of the campaign's references that spoil this letter: it fails without being rendered. */
  problems: Problem[];
  /** Warnings of what the letter is made from (a blurred signature, a source never cited); absent when none. */
  warnings?: Problem[];
}

/** The folder of a campaign's letters and manifest: `<outDir>/<campaign-id>/`. */
export function campaignDir(outDir: string, campaignId: string): string {
  return resolve(outDir, campaignId);
}

/**
 * The work list of a campaign: one item per (sender entry, case, official), senders first so each
 * sender's folder fills in order. A generator, so ten thousand letters are never all held at once.
 */
export function* planCampaign(campaign: LoadedCampaign, outDir: string): Generator<BatchItem> {
  const data = campaign.data;
  if (!data) throw new InternalError('planCampaign needs a campaign that passed the schema');
  const dir = campaignDir(outDir, data.id);
  let index = 0;
  for (const [j, entry] of data.senders.entries()) {
    const sender = campaign.senders[j]!;
    for (const [i, caseId] of data.cases.entries()) {
      const kase = campaign.cases[i]!;
      const embassy = campaign.embassies.get(`${i}/${j}`);
      for (const [k, officialId] of data.officials.entries()) {
        // A folder per id, so ids holding `--` can never make two letters share a file name; ids passed
        // the schema, so these paths stay inside the campaign's folder.
        const path = outputPath(dir, [entry.sender, caseId, officialId], FORMATS.pdf.extension);
        const official = campaign.officials[k]!;
        const problems = [...kase.problems, ...sender.problems, ...official.problems, ...(embassy?.problems ?? [])];
        const warnings = [
          ...(kase.warnings ?? []),
          ...(sender.warnings ?? []),
          ...(official.warnings ?? []),
          ...(campaign.signatureWarnings.get(`${i}/${j}`) ?? []),
        ];
        yield {
          index: index++,
          campaignId: data.id,
          workspace: campaign.workspace,
          caseId,
          caseFile: kase.file,
          ...(kase.ownSenderFile !== undefined ? { caseSenderFile: kase.ownSenderFile } : {}),
          senderId: entry.sender,
          senderFile: sender.file,
          entry,
          officialId,
          ...(embassy?.id !== undefined ? { embassyId: embassy.id } : {}),
          ...(sender.language !== undefined ? { language: sender.language } : {}),
          date: data.date,
          template: data.template ?? kase.template ?? 'appeal',
          dir,
          path,
          file: relative(dir, path).split(sep).join('/'),
          problems,
          ...(warnings.length > 0 ? { warnings } : {}),
        };
      }
    }
  }
}

/** How many letters a campaign has, before planning them. */
export function countLetters(data: CampaignData): number {
  return data.cases.length * data.senders.length * data.officials.length;
}
