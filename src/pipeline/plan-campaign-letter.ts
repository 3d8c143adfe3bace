import { join } from 'node:path';
import { UserError, ValidationError } from '../errors.js';
import { buildLetterSpec } from '../plan/build-letter-spec.js';
import { deliveryAddresses } from '../plan/delivery-addresses.js';
import type { LetterSpec } from '../plan/letter-spec.js';
import type { Origin } from '../plan/localize.js';
import { campaignSignatories } from './campaign-signatories.js';
import { loadCaseContent, repeatedSignatories, type CaseContent } from './load-case.js';
import { unknownHint } from './unknown-hint.js';
import { loadDirectory } from '../input/load-directory.js';
import { loadSender } from '../input/load-sender.js';
import { oncePerPath } from '../input/once-per-path.js';
import { resolveRecipient, resolveVia } from '../plan/plan-case-letters.js';
import { problemAt } from '../input/read-yaml.js';
import type { BatchItem } from './plan-campaign.js';

export interface CampaignLetter {
  spec: LetterSpec;
  language: string;
  embassyId: string;
  /** Where the letter goes: the embassy's addresses, then the official's own. */
  emails: string[];
}

// Sender, directory, template, font and image loaders cache per process already; a case is cached
// here, so a worker reads and checks each case once however many letters it renders from it. Only
// the case's own content: its own sender and recipients play no part in a campaign's letters.
const caseOnce = oncePerPath((file): { kase?: CaseContent; error?: unknown } => {
  try {
    return { kase: loadCaseContent(file) };
  } catch (error) {
    return { error };
  }
});

function cachedCase(file: string): CaseContent {
  const hit = caseOnce(file);
  if (hit.error !== undefined) throw hit.error;
  return hit.kase!;
}

/**
 * The LetterSpec of one campaign letter: the case's texts, from the campaign's sender, to a directory
 * official, via the embassy of the case's country in the sender's country, in the entry's language
 * (else the sender's), dated the campaign's date. Signatories are the entry's, else the case's when
 * the sender is the case's own, else the sender's first; the reference likewise. The place is the
 * sender's city, the case's `place` only for the case's own sender.
 */
export function planCampaignLetter(item: BatchItem): CampaignLetter {
  const kase = cachedCase(item.caseFile);
  const { sender, problems } = loadSender(item.senderFile);
  if (!sender) throw new ValidationError(problems);
  const directory = loadDirectory(item.workspace);
  // Planning found the directory sound, or the letter had failed with its problems already: errors here
  // are of a read that went otherwise in this thread (too many files open, a file edited meanwhile).
  // Without them the letter failed as "no embassy … chosen", pointing at a campaign with nothing wrong.
  const directoryErrors = directory.problems.filter((p) => p.severity === 'error');
  if (directoryErrors.length > 0) throw new ValidationError(directoryErrors);
  const official = directory.officials.get(item.officialId);
  if (!official) throw new UserError(`unknown official \`${item.officialId}\`: not in ${join(item.workspace, 'directory', 'officials.yaml')}.`);
  // The embassy loadCampaign chose for the letter's (case, sender) pair: one rule, campaign-embassy.ts.
  const embassy = item.embassyId === undefined ? undefined : directory.embassies.get(item.embassyId);
  if (!embassy) {
    throw new UserError(
      `no embassy of ${kase.data.country} in ${item.entry.country} chosen for this letter: \`letters validate\` of the campaign names what ${join(item.workspace, 'directory', 'embassies.yaml')} or the campaign's sender entry lacks.`,
    );
  }

  // Named as campaignSignatories names it: by the sender's file, as `generate` finds it.
  const ownSender = kase.data.letter.sender === item.entry.sender;
  const letter = kase.data.letter;
  const caseOrigin: Origin = { source: kase.source, language: kase.language };
  const language = item.entry.language ?? sender.data.language;
  const { addressees, salutation: resolved } = resolveRecipient({ official: item.officialId }, ['recipients'], caseOrigin, directory);
  // No salutation in the directory: the problem lies with the official's entry, not with the case.
  const salutation = resolved.value !== undefined ? resolved : { origin: addressees[0]!.origin, path: addressees[0]!.path, value: undefined };
  const via = resolveVia(embassy.data.id, ['recipients', 'via'], caseOrigin, directory);
  const { ids: signatories, fromCase } = campaignSignatories(letter, sender.data, item.entry);
  if (fromCase)
    checkSignatories(
      kase,
      sender.data.signatories.map((s) => s.id),
    );
  const reference = item.entry.reference ?? (ownSender ? letter.reference : undefined);
  const spec = buildLetterSpec(kase, {
    id: item.officialId,
    sender,
    ownSender,
    signatories,
    language,
    date: item.date,
    reference,
    addressees,
    salutation,
    via,
    template: item.template,
  });
  return { spec, language, embassyId: embassy.data.id, emails: deliveryAddresses(spec).to };
}

/**
 * The case's own signatories, for a letter from its own sender. loadCaseContent does not check them
 * against the sender (a broken own sender must not spoil other senders' letters), so this does.
 */
function checkSignatories(kase: CaseContent, known: string[]): void {
  const ids = kase.data.letter.signatories;
  const unknown = (ids ?? []).flatMap((id, i) =>
    known.includes(id)
      ? []
      : [
          problemAt(
            kase.source,
            ['letter', 'signatories', i],
            `unknown signatory \`${id}\` of sender \`${kase.data.letter.sender}\`: ${unknownHint(id, known)}.`,
          ),
        ],
  );
  const problems = [...unknown, ...repeatedSignatories(kase.source, ids ?? [])];
  if (problems.length > 0) throw new ValidationError(problems);
}
