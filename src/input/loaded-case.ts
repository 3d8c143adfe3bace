import type { Problem } from '../errors.js';
import type { Directory } from './load-directory.js';
import type { LoadedSender } from './load-sender.js';
import type { SourceFile } from './read-yaml.js';
import type { CaseData } from './schemas.js';

/** A case's own content, checked without its own sender or recipients: what a campaign letter needs. */
export interface CaseContent {
  file: string;
  workspace: string;
  source: SourceFile;
  data: CaseData;
  /** The language of the case's plain texts. */
  language: string;
  warnings: Problem[];
}

/** A case with everything it names for its own letters: its sender and the directory. */
export interface LoadedCase extends CaseContent {
  sender: LoadedSender;
  directory: Directory;
  /**
   * Errors that spoil only one recipient's letter (an official without a salutation): `validate`
   * reports them, and composing that letter fails with the same problem while the others are written.
   */
  letterProblems: Problem[];
}
