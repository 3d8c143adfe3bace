// The one model between composing and rendering. It holds words, not YAML, Handlebars or pdfkit:
// render/pdf and render/text both read it, so the PDF and the preview cannot disagree.

/** A run of text inside a paragraph. */
export interface TextRun {
  kind: 'text';
  text: string;
  bold?: boolean;
  italic?: boolean;
  href?: string;
}

/** A forced line break inside a paragraph (Markdown hard break). */
export interface BreakRun {
  kind: 'break';
}

/** A footnote marker; the footnote's number is its place in `LetterDocument.footnotes`, from 1. */
export interface FootnoteRun {
  kind: 'footnote';
  number: number;
}

export type Inline = TextRun | BreakRun | FootnoteRun;

/**
 * An image the renderer draws, decoded once when the sender is loaded: renderers draw these bytes and
 * never read a file. `path` names it in messages and in a batch's input hash.
 */
export interface ImageRef {
  path: string;
  width: number;
  height: number;
  /** What pdfkit embeds: PNG or JPEG bytes ready to copy, or the SVG file's bytes. */
  data: Buffer;
  /** The SVG's text, drawn as vectors; absent for PNG and JPEG. */
  svg?: string;
}

export interface Officer {
  name: string;
  titles: string[];
}

export interface AddresseeBlockEntry {
  /** "Mr Kassym-Jomart Tokayev". */
  name: string;
  /** Position lines, set in bold. */
  position: string[];
  emails: string[];
  /** The position lines come before the name, as Russian letters write them ("Президенту Республики Казахстан / К.-Ж. Токаеву"). */
  positionFirst?: boolean;
}

export interface SignatoryEntry {
  name: string;
  title?: string;
  signature?: ImageRef;
}

export type Block =
  | { kind: 'letterhead'; lines: { abbr?: string; name: string }[]; officers: Officer[]; logo?: ImageRef }
  | { kind: 'addressees'; addressees: AddresseeBlockEntry[] }
  | { kind: 'delivery'; line: string; emails: string[]; address: string[] }
  | { kind: 'reference'; text: string }
  | { kind: 'dateline'; text: string }
  | { kind: 'subject'; label: string; text: string }
  | { kind: 'salutation'; text: string }
  /** `quote`: a quotation (Markdown `> ...`), set indented on both sides. */
  | { kind: 'paragraph'; inlines: Inline[]; heading?: boolean; quote?: boolean }
  | { kind: 'list-item'; marker: string; level: number; inlines: Inline[] }
  | { kind: 'closing'; text: string }
  | { kind: 'signatures'; signatories: SignatoryEntry[] }
  | { kind: 'cc'; label: string; entries: string[] };

export type BlockKind = Block['kind'];

export interface Footnote {
  number: number;
  url: string;
  title?: string;
}

export interface LetterDocument {
  language: string;
  /**
   * The font of Han characters (fonts/fallback-fonts.ts): Simplified or Traditional Chinese,
   * Japanese or Korean forms; absent means Simplified.
   */
  han?: 'sc' | 'tc' | 'jp' | 'kr';
  /** Repeated on continuation pages. */
  reference?: string;
  /** Labels of continuation pages, already in the letter's language: index n-1 gives "Page n of total" once total is known. */
  pageLabel: { template: string };
  /** A footer line on the first page (the sender's address). */
  footer?: string;
  blocks: Block[];
  footnotes: Footnote[];
  meta: { title: string; author: string; subject: string; keywords: string[]; creationDate: Date };
}

/** "Page {n} of {total}" filled in. */
export function pageLabel(doc: LetterDocument, n: number, total: number): string {
  return doc.pageLabel.template.replace('{n}', String(n)).replace('{total}', String(total));
}

/** Fails to compile when a block kind is added and a renderer's switch forgets it. */
export function unreachable(x: never): never {
  throw new Error(`unhandled block kind: ${JSON.stringify(x)}`);
}
