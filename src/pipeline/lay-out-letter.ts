import { ValidationError } from '../errors.js';
import { problemAt } from '../input/read-yaml.js';
import { checkPartsFit, layoutLetter, TooTallError, type Layout } from '../layout/layout-letter.js';
import type { LetterDocument } from '../letter-document.js';
import type { LetterSpec } from '../plan/letter-spec.js';
import { checkLetterGlyphs } from './check-letter-glyphs.js';

/** The letter laid out on pages; a part no page can hold, or a name no font draws, is a problem of the file that writes it, at its field. */
export function layOutLetter(spec: LetterSpec, doc: LetterDocument): Layout {
  checkLetterGlyphs(spec, doc);
  return locatedInInput(spec, doc, () => layoutLetter(doc));
}

/** What `validate` asks of a composed letter without laying it out: that its fonts draw it, and its letterhead, address, signatures and each footnote fit on a page. */
export function checkLetterFits(spec: LetterSpec, doc: LetterDocument): void {
  checkLetterGlyphs(spec, doc);
  locatedInInput(spec, doc, () => checkPartsFit(doc));
}

/**
 * Layout knows the letter, not the files it came from: a part too tall for a page is pointed at where
 * it is written (the sender's letterhead, address or signatory's title, the case's source), so the
 * message names file and line.
 */
function locatedInInput<T>(spec: LetterSpec, doc: LetterDocument, work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (!(err instanceof TooTallError)) throw err;
    const { source, data } = spec.sender;
    if (err.part === 'letterhead') throw new ValidationError([problemAt(source, ['letterhead'], err.message)]);
    if (err.part === 'footer') throw new ValidationError([problemAt(source, ['address'], err.message)]);
    if (err.part === 'footnotes') {
      const note = doc.footnotes.find((f) => f.number === err.entries[err.entries.length - 1]);
      const sources = spec.caseData.sources ?? {};
      const key = Object.keys(sources).find((k) => sources[k]!.url === note?.url && sources[k]!.title === note?.title);
      throw new ValidationError([problemAt(spec.caseOrigin.source, key ? ['sources', key, ...(note?.title ? ['title'] : [])] : ['sources'], err.message)]);
    }
    const id = err.part === 'signatures' ? spec.signatories[err.entries[0] ?? -1] : undefined;
    const index = data.signatories.findIndex((s) => s.id === id);
    if (index >= 0) throw new ValidationError([problemAt(source, ['signatories', index, 'title'], err.message)]);
    throw err;
  }
}
