import type { Block, Inline, LetterDocument } from '../letter-document.js';

/** Every text a letter draws with its fonts, one line each (not its metadata, links or images). */
export function documentText(doc: LetterDocument): string {
  const lines: string[] = [];
  someText(doc, (text) => void lines.push(text));
  return lines.join('\n');
}

/**
 * Whether `test` holds for some text a letter draws (those of documentText), asked of each in turn
 * until one does: a letter's check (ready-to-shape.ts) joins no copy of its texts.
 */
export function someText(doc: LetterDocument, test: (text: string) => boolean | void): boolean {
  if (test(doc.reference ?? '') || test(doc.footer ?? '') || test(doc.pageLabel.template)) return true;
  for (const block of doc.blocks) if (blockTexts(block).some((text) => test(text))) return true;
  return doc.footnotes.some((note) => test(note.url) || test(note.title ?? ''));
}

function blockTexts(block: Block): string[] {
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
