import type { LoadedSender } from '../input/load-sender.js';
import type { PathPart } from '../input/read-yaml.js';
import type { AddresseeData, CaseData, LinesValue, TextValue } from '../input/schemas.js';
import type { Origin, TextRef } from './localize.js';

/** One addressee with where it was written (a case, or the directory). */
export interface AddresseeSpec {
  origin: Origin;
  path: PathPart[];
  data: AddresseeData;
}

export interface ViaSpec {
  origin: Origin;
  path: PathPart[];
  name: TextValue;
  emails: string[];
  address?: LinesValue;
}

/**
 * Everything one letter needs, every reference resolved: what `generate` plans from a case and
 * `batch` plans from a campaign. Composing turns it into a LetterDocument.
 */
export interface LetterSpec {
  /** The letter's id: the recipient's, used in the file name. */
  id: string;
  workspace: string;
  caseOrigin: Origin;
  caseData: CaseData;
  sender: LoadedSender;
  senderOrigin: Origin;
  signatories: string[];
  language: string;
  date: string;
  place?: TextRef;
  reference?: string;
  subject?: TextRef;
  closing?: TextRef;
  cc: string[];
  addressees: AddresseeSpec[];
  salutation: TextRef;
  via?: ViaSpec;
  template: string;
}
