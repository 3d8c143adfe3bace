import type { Block } from '../letter-document.js';
import { unreachable } from '../letter-document.js';
import { noBreakSpaces } from '../languages/no-break-spaces.js';

/**
 * The blocks with their language's no-break spaces (dates, honorifics, French punctuation) put into
 * the words both renderers set, so the PDF and the preview keep the same words together. Addresses,
 * e-mail addresses and links are left as written.
 */
export function noBreakBlocks(blocks: readonly Block[], language: string): Block[] {
  const nb = (text: string) => noBreakSpaces(text, language);
  return blocks.map((block): Block => {
    switch (block.kind) {
      case 'letterhead':
      case 'reference':
      case 'signatures':
        return block;
      case 'addressees':
        return { ...block, addressees: block.addressees.map((a) => ({ ...a, name: nb(a.name), position: a.position.map(nb) })) };
      case 'delivery':
        return { ...block, line: nb(block.line) };
      case 'dateline':
      case 'salutation':
      case 'closing':
        return { ...block, text: nb(block.text) };
      case 'subject':
        return { ...block, label: nb(block.label), text: nb(block.text) };
      case 'paragraph':
      case 'list-item':
        return { ...block, inlines: block.inlines.map((run) => (run.kind === 'text' && !run.href ? { ...run, text: nb(run.text) } : run)) };
      case 'cc':
        return { ...block, label: nb(block.label), entries: block.entries.map(nb) };
      default:
        return unreachable(block);
    }
  });
}
