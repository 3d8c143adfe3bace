import type { LoadedSender } from '../input/load-sender.js';
import type { CaseContent } from '../input/loaded-case.js';
import type { AddresseeSpec, LetterSpec, ViaSpec } from './letter-spec.js';
import type { Origin, TextRef } from './localize.js';

/** What differs between letters of one case: a case's own letters and a campaign's alike. */
export interface LetterChoices {
  /** The letter's id: the recipient's, used in the file name. */
  id: string;
  sender: LoadedSender;
  signatories: string[];
  language: string;
  date: string;
  /** Whether the case's own `place` and `cc` apply: only in a letter from the case's own sender. */
  ownSender: boolean;
  reference?: string;
  addressees: AddresseeSpec[];
  salutation: TextRef;
  via?: ViaSpec;
  template: string;
}

/**
 * The one builder of a LetterSpec, for `generate` (planCaseLetters) and `batch` (planCampaignLetter):
 * the case's texts (subject, closing, and for its own sender place and cc), located in the case file.
 */
export function buildLetterSpec(kase: CaseContent, choices: LetterChoices): LetterSpec {
  const { id, sender, ownSender, signatories, language, date, reference, addressees, salutation, via, template } = choices;
  const letter = kase.data.letter;
  const caseOrigin: Origin = { source: kase.source, language: kase.language };
  return {
    id,
    workspace: kase.workspace,
    caseOrigin,
    caseData: kase.data,
    sender,
    senderOrigin: { source: sender.source, language: sender.data.language },
    signatories,
    language,
    date,
    place: ownSender ? { origin: caseOrigin, path: ['letter', 'place'], value: letter.place } : undefined,
    reference,
    subject: letter.subject ? { origin: caseOrigin, path: ['letter', 'subject'], value: letter.subject } : undefined,
    closing: { origin: caseOrigin, path: ['letter', 'closing'], value: letter.closing },
    cc: ownSender ? (letter.cc ?? []) : [],
    addressees,
    salutation,
    via,
    template,
  };
}
