import { ValidationError, type Problem } from '../errors.js';
import { loadFonts } from '../fonts/font-set.js';
import { unprintableProblem } from '../input/validate-data.js';
import type { Block, Inline, LetterDocument } from '../letter-document.js';
import type { LetterSpec } from '../plan/letter-spec.js';

/**
 * Refuses a letter that prints a name in a script no embedded font has. Loading a case checks every
 * text it prints but a person's `native_name`, which the letter prints only where a body or template
 * writes it out (`{{person.native_name}}`), and which may well be in Khmer or Bengali for the record.
 * Only a case with such a name is looked at here, so other letters pay nothing.
 */
export function checkLetterGlyphs(spec: LetterSpec, doc: LetterDocument): void {
  const people = spec.caseData.people;
  const fonts = loadFonts();
  const unprintable = people.flatMap((person, i) => {
    const missing = person.native_name === undefined ? [] : fonts.missingGlyphs(person.native_name);
    return missing.length > 0 ? [{ i, name: person.native_name!, missing }] : [];
  });
  if (unprintable.length === 0) return;
  const text = documentText(doc);
  // The names printed whole (or in capitals); else, by their characters, any name composing may have
  // spaced or cut otherwise. A name whose characters another one shares is not blamed for it.
  const whole = unprintable.filter(({ name }) => text.includes(name) || text.includes(name.toLocaleUpperCase()));
  const printed = whole.length > 0 ? whole : unprintable.filter(({ missing }) => missing.some((ch) => text.includes(ch)));
  const problems: Problem[] = [];
  for (const { i, name } of printed) {
    const problem = unprintableProblem(spec.caseOrigin.source, ['people', i, 'native_name'], name, `the letter to \`${spec.id}\``);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) throw new ValidationError(problems);
}

/** Every text a letter draws with its fonts, one line each (not its metadata, links or images). */
function documentText(doc: LetterDocument): string {
  const lines: string[] = [doc.reference ?? '', doc.footer ?? '', doc.pageLabel.template];
  for (const block of doc.blocks) lines.push(...blockText(block));
  for (const note of doc.footnotes) lines.push(note.url, note.title ?? '');
  return lines.join('\n');
}

function blockText(block: Block): string[] {
  switch (block.kind) {
    case 'letterhead':
      return [...block.lines.flatMap((l) => [l.abbr ?? '', l.name]), ...block.officers.flatMap((o) => [o.name, ...o.titles])];
    case 'addressees':
      return block.addressees.flatMap((a) => [a.name, ...a.position, ...a.emails]);
    case 'delivery':
      return [block.line, ...block.emails, ...block.address];
    case 'reference':
    case 'dateline':
    case 'salutation':
    case 'closing':
      return [block.text];
    case 'subject':
      return [block.label, block.text];
    case 'paragraph':
      return [inlineText(block.inlines)];
    case 'list-item':
      return [block.marker, inlineText(block.inlines)];
    case 'signatures':
      return block.signatories.flatMap((s) => [s.name, s.title ?? '']);
    case 'cc':
      return [block.label, ...block.entries];
  }
}

function inlineText(inlines: Inline[]): string {
  return inlines.map((run) => (run.kind === 'text' ? run.text : '\n')).join('');
}
