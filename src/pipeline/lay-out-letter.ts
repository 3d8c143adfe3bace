import { ValidationError } from '../errors.js';
import { problemAt } from '../input/read-yaml.js';
import { checkPartsFit, layoutLetter, TooTallError, type Layout } from '../layout/layout-letter.js';
import type { LetterDocument } from '../letter-document.js';
import type { LetterSpec } from '../plan/letter-spec.js';

/** The letter laid out on pages; a letterhead, signature or address no page can hold is a problem of the sender file, at its field. */
export function layOutLetter(spec: LetterSpec, doc: LetterDocument): Layout {
  return inSenderFile(spec, () => layoutLetter(doc));
}

/** What `validate` asks of a composed letter without laying it out: that its letterhead, address and signatures fit on a page. */
export function checkLetterFits(spec: LetterSpec, doc: LetterDocument): void {
  inSenderFile(spec, () => checkPartsFit(doc));
}

/**
 * Layout knows the letter, not the files it came from: a part too tall for a page is pointed at where
 * the sender writes it (the letterhead, the address, or the signatory's title), so the message names
 * file and line.
 */
function inSenderFile<T>(spec: LetterSpec, work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (!(err instanceof TooTallError)) throw err;
    const { source, data } = spec.sender;
    if (err.part === 'letterhead') throw new ValidationError([problemAt(source, ['letterhead'], err.message)]);
    if (err.part === 'footer') throw new ValidationError([problemAt(source, ['address'], err.message)]);
    const id = err.part === 'signatures' ? spec.signatories[err.signatories[0] ?? -1] : undefined;
    const index = data.signatories.findIndex((s) => s.id === id);
    if (index >= 0) throw new ValidationError([problemAt(source, ['signatories', index, 'title'], err.message)]);
    throw err;
  }
}
