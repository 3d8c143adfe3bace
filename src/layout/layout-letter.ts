import { UserError } from '../errors.js';
import { loadFonts, type FontSet } from '../fonts/font-set.js';
import { fontsForHan } from '../fonts/letter-fonts.js';
import { pageLabel, type Block, type Footnote, type LetterDocument } from '../letter-document.js';
import { blockLines, type FlowLine } from './block-lines.js';
import type { Item } from './line-items.js';
import { BODY, COLOR, CONTENT_BOTTOM, FOOTER, FOOTNOTE, HEADER, MARGIN, TEXT_WIDTH } from './page-style.js';
import { wrapPlain } from './wrap-words.js';

/** Where a page starts: block `block`, at its word (or signatory) `word`. */
export interface PageStart {
  block: number;
  word: number;
}

export interface LaidOutPage {
  items: Item[];
  /**
   * The items that begin a new piece of the page's drawn content (render/content-pieces.ts), in
   * order: where the page moves into or out of the blocks that name the letter's recipient (the
   * addressee, the embassy that delivers it, the greeting). A campaign day sends one sender's letter
   * to official after official: with those blocks in pieces of their own, the next official's letter
   * shares every other piece's compressed bytes with the letter before, and compresses some 1 KB of
   * its own rather than the 4 KB around them.
   */
  cuts: number[];
  /** Footnotes printed at the foot of this page, by number. */
  footnotes: number[];
  start: PageStart;
}

/** The pagination that both renderers follow: the PDF draws its items, the preview breaks where it does. */
export interface Layout {
  pages: LaidOutPage[];
}

/** A block that differs from official to official (LaidOutPage.cuts). */
const namesRecipient = (block: Block | undefined): boolean => block?.kind === 'addressees' || block?.kind === 'delivery' || block?.kind === 'salutation';

interface FootnoteBox {
  url: string;
  lines: string[];
  height: number;
}

function footnoteBoxes(footnotes: Footnote[], fonts: FontSet): Map<number, FootnoteBox> {
  const indent = 12;
  const boxes = new Map<number, FootnoteBox>();
  for (const f of footnotes) {
    const text = f.title ? `${f.title}, ${f.url}` : f.url;
    const lines = wrapPlain(text, 'regular', TEXT_WIDTH - indent, FOOTNOTE.size, fonts);
    boxes.set(f.number, { url: f.url, lines, height: lines.length * FOOTNOTE.leading });
  }
  return boxes;
}

/**
 * Lays the letter out on A4 pages: flows the lines, keeps what must stay together, and puts each
 * footnote at the foot of the page that cites it, moving lines to the next page when it would not fit.
 */
export function layoutLetter(doc: LetterDocument, shared: FontSet = loadFonts()): Layout {
  const fonts = fontsForHan(shared, doc.han ?? 'sc');
  const lines = blockLines(doc.blocks, fonts, doc.language);
  const boxes = footnoteBoxes(doc.footnotes, fonts);
  const notesHeight = (numbers: number[]) => (numbers.length === 0 ? 0 : FOOTNOTE.separatorGap + numbers.reduce((h, n) => h + (boxes.get(n)?.height ?? 0), 0));

  const rooms = pageRooms(doc, fonts);
  const headerHeight = rooms.header;
  tooTall(doc, lines, lines[0], rooms);

  const pages: LaidOutPage[] = [];
  let page: LaidOutPage = { items: [], footnotes: [], start: { block: 0, word: 0 }, cuts: [] };
  let y = MARGIN.top;
  let empty = true;
  /** The block of the line placed last on this page. */
  let lastBlock: number | undefined;
  const newPage = (start: FlowLine) => {
    footnotesFit();
    pages.push(page);
    page = { items: [], footnotes: [], start: { block: start.block, word: start.word }, cuts: [] };
    lastBlock = undefined;
    y = MARGIN.top + headerHeight;
    empty = true;
  };
  const needed = (group: FlowLine[], notes: number[], top: boolean) => {
    let h = 0;
    group.forEach((l, i) => (h += (i === 0 && top ? 0 : l.spaceBefore) + l.height));
    return h + notesHeight([...new Set([...notes, ...group.flatMap((l) => l.footnotes)])]);
  };
  // The first page ends higher when the sender's address at its foot takes more than the bottom margin.
  const bottom = () => (pages.length === 0 ? rooms.firstBottom : CONTENT_BOTTOM);
  const fits = (group: FlowLine[], notes: number[]) => y + needed(group, notes, empty) <= bottom();
  // A line is placed on a fresh page even when it and its footnotes do not fit there; footnotes taller
  // than the room left were drawn from above the page's top, out of sight.
  const footnotesFit = () => {
    const height = notesHeight(page.footnotes);
    if (y + height <= bottom() + 0.01) return;
    throw footnotesTooTall(page.footnotes, height, bottom() - (pages.length === 0 ? MARGIN.top : MARGIN.top + headerHeight));
  };
  /** Whether a group fits on a fresh continuation page at all; one that does not is split where it stands. */
  const fitsAnyPage = (group: FlowLine[]) => MARGIN.top + headerHeight + needed(group, [], true) <= CONTENT_BOTTOM;
  const place = (line: FlowLine) => {
    if (lastBlock !== undefined && namesRecipient(doc.blocks[lastBlock]) !== namesRecipient(doc.blocks[line.block])) {
      page.cuts.push(page.items.length);
    }
    lastBlock = line.block;
    if (!empty) y += line.spaceBefore;
    for (const item of line.items) page.items.push(shift(item, y));
    for (const n of line.footnotes) if (!page.footnotes.includes(n)) page.footnotes.push(n);
    y += line.height;
    empty = false;
  };

  let i = 0;
  while (i < lines.length) {
    // A group is a run of lines that must share a page.
    let j = i;
    while (j < lines.length - 1 && lines[j]!.keepWithNext) j++;
    const group = lines.slice(i, j + 1);
    if (!fits(group, page.footnotes) && !empty && fitsAnyPage(group)) newPage(group[0]!);
    if (fits(group, page.footnotes)) {
      group.forEach(place);
    } else {
      // Taller than a page: each entry whole where it can be (an addressee of a joint letter), else
      // line by line, breaking wherever it must.
      for (const entry of entries(group)) {
        if (!fits(entry, page.footnotes) && !empty && fitsAnyPage(entry)) newPage(entry[0]!);
        if (fits(entry, page.footnotes)) {
          entry.forEach(place);
          continue;
        }
        entry.forEach((line, k) => {
          // Still keep pairs together where they fit: a closing with its first row of signatures.
          const pair = line.keepWithNext && entry[k + 1] ? [line, entry[k + 1]!] : [line];
          if (!fits(pair, page.footnotes) && !empty) newPage(line);
          place(line);
        });
      }
    }
    i = j + 1;
  }
  footnotesFit();
  pages.push(page);

  pages.forEach((p, k) => {
    p.footnotes.sort((a, b) => a - b);
    drawFootnotes(p, boxes, notesHeight(p.footnotes), k === 0 ? rooms.firstBottom : CONTENT_BOTTOM);
    if (k === 0) {
      // A long address wraps; its lines sit in the bottom margin, the last one at FOOTER.y.
      const lines = rooms.footer;
      lines.forEach((text, i) => {
        const y = FOOTER.y - (lines.length - 1 - i) * FOOTER.leading;
        p.items.push({ kind: 'text', x: MARGIN.left, y, text, style: 'regular', size: FOOTER.size, color: COLOR.muted });
      });
    }
    if (k > 0) {
      const label = pageLabel(doc, k + 1, pages.length);
      const width = fonts.fonts.regular.width(label) * HEADER.size;
      // Drawn in reading order: the reference, then the page label.
      const header: Item[] = [];
      // A long reference wraps in the space the page label leaves it.
      const refLines = doc.reference ? wrapPlain(doc.reference, 'regular', TEXT_WIDTH - rooms.labelRoom, HEADER.size, fonts) : [];
      refLines.forEach((text, i) =>
        header.push({ kind: 'text', x: MARGIN.left, y: MARGIN.top + i * HEADER.leading, text, style: 'regular', size: HEADER.size, color: COLOR.muted }),
      );
      header.push({ kind: 'text', x: MARGIN.left + TEXT_WIDTH - width, y: MARGIN.top, text: label, style: 'regular', size: HEADER.size, color: COLOR.muted });
      p.items.unshift(...header);
      // The cuts were counted in the items placed before the header went in front of them.
      p.cuts = p.cuts.map((cut) => cut + header.length);
    }
    // Soft hyphens are break points of the body's lines (hyphenate.ts), never drawn: the preview prints none.
    for (const [n, item] of p.items.entries())
      if (item.kind === 'text' && item.text.includes('\u00ad')) p.items[n] = { ...item, text: item.text.replace(/\u00ad/g, '') };
  });
  return { pages };
}

/**
 * A part of the letter that no page can hold. It says which part, and which entries of it (the
 * signatories of a signatures block by their place in it, or footnotes by number), so the pipeline
 * can point at the field of the file that holds them.
 */
export class TooTallError extends UserError {
  constructor(
    message: string,
    readonly part: Block['kind'] | 'footer' | 'footnotes',
    readonly entries: number[] = [],
  ) {
    super(message);
  }
}

interface PageRooms {
  /** The height the first page holds, and any other page below its header. */
  first: number;
  other: number;
  /** The continuation pages' header height, and the width their page label takes from the reference. */
  header: number;
  labelRoom: number;
  /** The sender's address wrapped at the foot of the first page, and where that page's text must end above it. */
  footer: string[];
  firstBottom: number;
}

/** Lines of the address at the foot of the first page that fit in the bottom margin; a longer one takes room from the text. */
const FOOTER_MARGIN_LINES = 3;
/** An address beyond this is refused: the first page would be more address than letter. */
export const FOOTER_MAX_LINES = 6;

/** The height a part of the letter may take: the first page below the top margin, the others below their header too. */
function pageRooms(doc: LetterDocument, fonts: FontSet): PageRooms {
  // Continuation pages start below their header, which grows when a long reference wraps.
  const labelRoom = fonts.fonts.regular.width(pageLabel(doc, 99, 99)) * HEADER.size + 12;
  const refLineCount = doc.reference ? wrapPlain(doc.reference, 'regular', TEXT_WIDTH - labelRoom, HEADER.size, fonts).length : 0;
  const headerHeight = Math.max(HEADER.height, refLineCount * HEADER.leading + 8);
  const footer = doc.footer ? wrapPlain(doc.footer, 'regular', TEXT_WIDTH, FOOTER.size, fonts) : [];
  if (footer.length > FOOTER_MAX_LINES) {
    throw new TooTallError(
      `the sender's address takes ${footer.length} lines at the foot of the first page, more than ${FOOTER_MAX_LINES}: shorten it to the postal address (a line there holds some ${Math.round(TEXT_WIDTH / (FOOTER.size * 0.5) / 10) * 10} characters).`,
      'footer',
    );
  }
  // Drawn upwards from FOOTER.y: past the margin's lines, the first page's text stops a line's gap above the address.
  const extra = Math.max(0, footer.length - FOOTER_MARGIN_LINES) * FOOTER.leading;
  const firstBottom = CONTENT_BOTTOM - extra;
  return { first: firstBottom - MARGIN.top, other: CONTENT_BOTTOM - MARGIN.top - headerHeight, header: headerHeight, labelRoom, footer, firstBottom };
}

/**
 * What `validate` checks without laying the whole letter out: that the parts that cannot break (the
 * letterhead, the address, each row of signatures, each footnote) fit on a page. Throws TooTallError
 * as layoutLetter would.
 */
export function checkPartsFit(doc: LetterDocument, shared: FontSet = loadFonts()): void {
  const fonts = fontsForHan(shared, doc.han ?? 'sc');
  const kept: number[] = [];
  doc.blocks.forEach((b, i) => (b.kind === 'letterhead' || b.kind === 'signatures' ? kept.push(i) : undefined));
  // Lines numbered by the letter's own blocks again, so the first line is known and messages name the right block.
  const lines = blockLines(
    kept.map((i) => doc.blocks[i]!),
    fonts,
    doc.language,
  ).map((line) => ({ ...line, block: kept[line.block]! }));
  // The letterhead, when there is one, is the letter's first block and its line the letter's first.
  const rooms = pageRooms(doc, fonts);
  tooTall(doc, lines, kept[0] === 0 ? lines[0] : undefined, rooms);
  // Each footnote on its own, below one line of text that cites it; several cited in one line can
  // still overflow, which only the whole layout finds.
  for (const [n, box] of footnoteBoxes(doc.footnotes, fonts)) {
    const height = FOOTNOTE.separatorGap + box.height;
    if (BODY.leading + height > rooms.other) throw footnotesTooTall([n], height, rooms.other);
  }
}

function footnotesTooTall(footnotes: number[], height: number, room: number): TooTallError {
  const numbers = [...footnotes].sort((a, b) => a - b);
  return new TooTallError(
    `${numbers.length > 1 ? `footnotes ${numbers.join(', ')} are` : `footnote ${numbers[0]} is`} ${Math.ceil(height)} points tall: with the line that cites ${numbers.length > 1 ? 'them' : 'it'}, more than a page holds (${Math.floor(room)}). Shorten the source's title, or cite fewer sources in one sentence.`,
    'footnotes',
    numbers,
  );
}

/**
 * Refuses a line that no page can hold (a letterhead of sixty lines, a signatory's title of a thousand
 * words): it cannot break, and drawn past the foot of the page, the rest of it was silently lost.
 * Only the letter's first line has the whole first page; any other may have to start a continuation page.
 */
function tooTall(doc: LetterDocument, lines: FlowLine[], firstLine: FlowLine | undefined, rooms: { first: number; other: number }): void {
  lines.forEach((line, k) => {
    const first = line === firstLine;
    const room = first ? rooms.first : rooms.other;
    if (line.height <= room) return;
    const block = doc.blocks[line.block]!;
    const size = `${Math.ceil(line.height)} points tall, more than ${first ? 'the first page' : 'a page'} holds (${Math.floor(room)})`;
    if (block.kind === 'letterhead') {
      throw new TooTallError(`the letterhead is ${size}: give the sender fewer \`letterhead\` lines or \`officers\`, or shorter titles.`, 'letterhead');
    }
    if (block.kind === 'signatures') {
      const next = lines.slice(k + 1).find((l) => l.block === line.block);
      const end = next ? next.word : block.signatories.length;
      const names = block.signatories.slice(line.word, end).map((s) => s.name);
      throw new TooTallError(
        `the signature${names.length > 1 ? 's' : ''} of ${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} ${size}: shorten the title${names.length > 1 ? 's' : ''} in the sender file.`,
        'signatures',
        names.map((_, i) => line.word + i),
      );
    }
    throw new TooTallError(`a part of the letter (${block.kind}) is ${size}: shorten it.`, block.kind);
  });
}

/** A group cut after each line that ends an entry (FlowLine.entryEnd); the whole group when none does. */
function entries(group: FlowLine[]): FlowLine[][] {
  const out: FlowLine[][] = [[]];
  group.forEach((line, k) => {
    out[out.length - 1]!.push(line);
    if (line.entryEnd && k < group.length - 1) out.push([]);
  });
  return out;
}

function shift(item: Item, dy: number): Item {
  if (item.kind === 'rule') return { ...item, y1: item.y1 + dy, y2: item.y2 + dy };
  return { ...item, y: item.y + dy };
}

function drawFootnotes(page: LaidOutPage, boxes: Map<number, FootnoteBox>, height: number, bottom: number): void {
  if (page.footnotes.length === 0) return;
  let y = bottom - height;
  page.items.push({ kind: 'rule', x1: MARGIN.left, y1: y + 3, x2: MARGIN.left + 120, y2: y + 3, width: 0.5, color: COLOR.rule });
  y += FOOTNOTE.separatorGap;
  for (const n of page.footnotes) {
    const box = boxes.get(n)!;
    page.items.push({ kind: 'text', x: MARGIN.left, y: y - 1.5, text: String(n), style: 'regular', size: FOOTNOTE.size * 0.8, color: COLOR.text });
    box.lines.forEach((line, k) => {
      page.items.push({
        kind: 'text',
        x: MARGIN.left + 12,
        y: y + k * FOOTNOTE.leading,
        text: line,
        style: 'regular',
        size: FOOTNOTE.size,
        color: COLOR.text,
        href: box.url,
      });
    });
    y += box.height;
  }
}
