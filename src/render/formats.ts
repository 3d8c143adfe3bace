// The output formats, as one table: a new format (an e-mail draft, an editable document) is one
// renderer file and one row here, and every command names files by the row's extension.
import type { Layout } from '../layout/layout-letter.js';
import type { LetterDocument } from '../letter-document.js';
import { renderPdf } from './pdf.js';
import { renderText } from './text.js';

export interface Format {
  name: string;
  /** With its dot: `.pdf`. */
  extension: string;
  /** The file's bytes, from the one LetterDocument and the pagination every renderer shares. */
  render(doc: LetterDocument, layout: Layout): Promise<Buffer>;
}

export const FORMATS = {
  pdf: { name: 'pdf', extension: '.pdf', render: (doc, layout) => renderPdf(doc, layout) },
  // The plain-text preview as a file: no colour, the preview's default width.
  text: { name: 'text', extension: '.txt', render: async (doc, layout) => Buffer.from(renderText(doc, { layout }), 'utf8') },
} satisfies Record<string, Format>;

export type FormatName = keyof typeof FORMATS;
