import { BoundedCache, CachesBy } from '../bounded-cache.js';
import type { FontSet, FontStyle } from '../fonts/font-set.js';
import { unreachable, type Block, type ImageRef, type Inline } from '../letter-document.js';
import { splitWords } from './split-words.js';
import { lineItems, type Item, type TextItem } from './line-items.js';
import { BODY, COLOR, LETTERHEAD, LIST_INDENT, listDepth, MARGIN, SIGNATURE, spaceBefore, TEXT_WIDTH } from './page-style.js';
import { wrapPlain, wrapWords } from './wrap-words.js';
import { hyphenatorFor, type Hyphenator } from './hyphenate.js';

/** One unit of the page flow: a line of text, or a part that must not be split (a signature row). */
export interface FlowLine {
  /** Index of its block in the document, and of its first word (or signatory) in that block. */
  block: number;
  word: number;
  height: number;
  spaceBefore: number;
  /** Keep on the same page as the next line (orphan control, closing with its signatures). */
  keepWithNext: boolean;
  /**
   * The last line of an entry of a block kept whole (an addressee of a joint letter): where such a
   * block breaks when it is taller than a page.
   */
  entryEnd?: boolean;
  /** Items with y relative to the line's top. */
  items: Item[];
  footnotes: number[];
}

const X: number = MARGIN.left;

function textLine(
  text: string,
  style: FontStyle,
  size: number,
  leading: number,
  x: number = X,
  color: string = COLOR.text,
): { items: TextItem[]; height: number } {
  return { items: [{ kind: 'text', x, y: (leading - size * 1.362) / 2, text, style, size, color }], height: leading };
}

/** Lines of plain text, wrapped to `width`, as flow lines of one block. */
function plainLines(
  block: number,
  text: string,
  style: FontStyle,
  spaceBefore: number,
  fonts: FontSet,
  options: { x?: number; width?: number; keep?: boolean } = {},
): FlowLine[] {
  const x = options.x ?? X;
  const lines = wrapPlain(text, style, options.width ?? TEXT_WIDTH - (x - X), BODY.size, fonts);
  return lines.map((t, i) => ({
    block,
    word: 0,
    height: BODY.leading,
    spaceBefore: i === 0 ? spaceBefore : 0,
    keepWithNext: options.keep ?? i < lines.length - 1,
    items: textLine(t, style, BODY.size, BODY.leading, x).items,
    footnotes: [],
  }));
}

interface ParagraphOptions {
  x: number;
  width: number;
  justify: boolean;
  bold?: boolean;
  keepLast?: boolean;
  hyphenate?: Hyphenator;
  /** What the hyphenator depends on besides the words: the letter's language and the names it keeps whole. */
  hyphenation?: { language: string; names: ReadonlySet<string> };
}

/** A paragraph's lines as laid out once, without the place in the letter (block index, space before). */
type ParagraphShape = Omit<FlowLine, 'block' | 'spaceBefore'>[];

/**
 * The same paragraphs come back letter after letter in a campaign (a case's body, to each official
 * and from each sender): their lines are kept per font set, keyed by everything they depend on (the
 * inlines, the measure and options, and for hyphenated text the language and those of the letter's
 * names that occur in the paragraph: a word is kept whole as a name only if it is one of those).
 * Cleared when full, so ever-new text cannot grow it without bound.
 */
const PARAGRAPHS = new CachesBy<FontSet, string, ParagraphShape>(() => new BoundedCache(2_000));

function paragraphKey(inlines: readonly Inline[], options: ParagraphOptions): string {
  let key = `${options.x}|${options.width}|${options.justify}|${!!options.bold}|${!!options.keepLast}|${JSON.stringify(inlines)}`;
  if (options.hyphenate && options.hyphenation) {
    // A word's letters stand together in the text runs (a footnote marker or break ends them), so a
    // name that is one of the paragraph's words occurs in this text.
    const text = inlines.map((i) => (i.kind === 'text' ? i.text : '\n')).join('');
    key += `|${options.hyphenation.language}`;
    for (const name of options.hyphenation.names) if (text.includes(name)) key += `\u0000${name}`;
  }
  return key;
}

/** A paragraph's lines, justified, with orphan and widow control. */
function paragraphLines(block: number, inlines: Inline[], spaceBefore: number, fonts: FontSet, options: ParagraphOptions): FlowLine[] {
  // A hyphenated paragraph can be cached only when what its hyphenator depends on is known.
  const cacheable = !options.hyphenate || !!options.hyphenation;
  const byText = PARAGRAPHS.of(fonts);
  const key = cacheable ? paragraphKey(inlines, options) : undefined;
  let shape = key === undefined ? undefined : byText.get(key);
  if (!shape) {
    shape = paragraphShape(inlines, fonts, options);
    if (key !== undefined) byText.set(key, shape);
  }
  // Fresh lines and item lists: callers set keepWithNext and spaceBefore and add markers to a line's items.
  return shape.map((line, i) => ({
    block,
    word: line.word,
    height: line.height,
    spaceBefore: i === 0 ? spaceBefore : 0,
    keepWithNext: line.keepWithNext,
    items: [...line.items],
    footnotes: [...line.footnotes],
  }));
}

function paragraphShape(inlines: Inline[], fonts: FontSet, options: ParagraphOptions): ParagraphShape {
  const wrapped = wrapWords(splitWords(inlines), options.width, BODY.size, fonts, options.bold, {
    justify: options.justify,
    ...(options.hyphenate ? { hyphenate: options.hyphenate } : {}),
  });
  return wrapped.map((line, i) => ({
    word: line.words[0]?.index ?? 0,
    height: BODY.leading,
    // No lone first line at the foot of a page and no lone last line at the head of the next; no
    // word hyphenated across pages.
    keepWithNext: (i === 0 && wrapped.length > 1) || i === wrapped.length - 2 || (i === wrapped.length - 1 && !!options.keepLast) || !!line.hyphenated,
    items: lineItems(line, options.x, options.width, BODY.size, fonts, { justify: options.justify, color: COLOR.text }).map((it) =>
      it.kind === 'text' ? { ...it, y: it.y + (BODY.leading - BODY.size * 1.362) / 2 } : it,
    ),
    footnotes: line.words.flatMap((w) => w.pieces.flatMap((p) => (p.footnote ? [p.footnote] : []))),
  }));
}

function imageBox(image: Pick<ImageRef, 'width' | 'height'>, maxWidth: number, maxHeight: number): { width: number; height: number } {
  const scale = Math.min(maxWidth / image.width, maxHeight / image.height);
  return { width: image.width * scale, height: image.height * scale };
}

function letterhead(block: Extract<Block, { kind: 'letterhead' }>, index: number, fonts: FontSet): FlowLine {
  const items: Item[] = [];
  let left = X;
  if (block.logo) {
    const box = imageBox(block.logo, 80, 56);
    items.push({ kind: 'image', x: X, y: 0, ...box, image: block.logo });
    left += box.width + 12;
  }
  // Officers stand in up to three columns at the right (more go in further rows beneath); the name
  // lines take the rest of the width.
  const columns = Math.min(block.officers.length, LETTERHEAD.officerColumns);
  const officersWidth = columns * LETTERHEAD.officerColumn;
  const nameWidth = TEXT_WIDTH - (left - X) - officersWidth - 8;
  let y = 0;
  // The acronyms stand in a column and the names line up after the widest, as in the model letter.
  const abbrWidth = Math.max(0, ...block.lines.map((line) => (line.abbr ? fonts.fonts.bold.width(line.abbr) * LETTERHEAD.size + 6 : 0)));
  for (const line of block.lines) {
    const wrapped = wrapPlain(line.name, 'regular', nameWidth - abbrWidth, LETTERHEAD.size, fonts);
    if (line.abbr) items.push({ kind: 'text', x: left, y, text: line.abbr, style: 'bold', size: LETTERHEAD.size, color: COLOR.accent });
    wrapped.forEach((t, i) =>
      items.push({ kind: 'text', x: left + abbrWidth, y: y + i * LETTERHEAD.leading, text: t, style: 'regular', size: LETTERHEAD.size, color: COLOR.text }),
    );
    y += Math.max(1, wrapped.length) * LETTERHEAD.leading;
  }
  let officersHeight = 0;
  let rowTop = 1;
  block.officers.forEach((officer, i) => {
    if (i > 0 && i % columns === 0) rowTop = officersHeight + 6;
    const x = MARGIN.left + TEXT_WIDTH - officersWidth + (i % columns) * LETTERHEAD.officerColumn;
    const width = LETTERHEAD.officerColumn - 6;
    let oy = rowTop;
    for (const t of wrapPlain(officer.name, 'bold', width, LETTERHEAD.officerSize + 0.5, fonts)) {
      items.push({ kind: 'text', x, y: oy, text: t, style: 'bold', size: LETTERHEAD.officerSize + 0.5, color: COLOR.text });
      oy += LETTERHEAD.officerLeading + 1;
    }
    for (const title of officer.titles) {
      for (const t of wrapPlain(title, 'regular', width, LETTERHEAD.officerSize, fonts)) {
        items.push({ kind: 'text', x, y: oy, text: t, style: 'regular', size: LETTERHEAD.officerSize, color: COLOR.muted });
        oy += LETTERHEAD.officerLeading;
      }
    }
    officersHeight = Math.max(officersHeight, oy);
  });
  const height = Math.max(y, officersHeight, block.logo ? 56 : 0) + 10;
  items.push({ kind: 'rule', x1: X, y1: height - 2, x2: X + TEXT_WIDTH, y2: height - 2, width: 0.6, color: COLOR.accent });
  return { block: index, word: 0, height, spaceBefore: 0, keepWithNext: false, items, footnotes: [] };
}

/** The columns of the signatures of `n` signatories: one to three, each its width and that of what it prints. */
function signatureColumns(n: number): { columns: number; columnWidth: number; width: number } {
  const columns = n <= 3 ? n : n === 4 ? 2 : 3;
  const columnWidth = n === 1 ? TEXT_WIDTH / 2 : TEXT_WIDTH / columns;
  return { columns, columnWidth, width: columnWidth - 12 };
}

/** The size, in points, a signature image is printed at in a letter signed by `signatories` people. */
export function signatureBox(image: Pick<ImageRef, 'width' | 'height'>, signatories: number): { width: number; height: number } {
  return imageBox(image, signatureColumns(signatories).width, SIGNATURE.imageHeight);
}

/** The closing's signatories in rows of one to three columns; each row is drawn whole. */
function signatureRows(block: Extract<Block, { kind: 'signatures' }>, index: number, spaceBefore: number, fonts: FontSet): FlowLine[] {
  const n = block.signatories.length;
  const { columns, columnWidth, width } = signatureColumns(n);
  const rows: FlowLine[] = [];
  for (let start = 0; start < n; start += columns) {
    const row = block.signatories.slice(start, start + columns);
    const imageHeight = row.some((s) => s.signature) ? SIGNATURE.imageHeight + SIGNATURE.gapAfterImage : 0;
    const items: Item[] = [];
    let height = 0;
    row.forEach((s, i) => {
      const x = X + i * columnWidth;
      if (s.signature) {
        const box = signatureBox(s.signature, n);
        items.push({ kind: 'image', x, y: SIGNATURE.imageHeight - box.height, ...box, image: s.signature });
      }
      let y = imageHeight;
      for (const t of wrapPlain(s.name, 'bold', width, BODY.size, fonts)) {
        items.push(...textLine(t, 'bold', BODY.size, BODY.leading, x).items.map((it) => ({ ...it, y: it.y + y })));
        y += BODY.leading;
      }
      for (const t of s.title ? wrapPlain(s.title, 'regular', width, BODY.size, fonts) : []) {
        items.push(...textLine(t, 'regular', BODY.size, BODY.leading, x).items.map((it) => ({ ...it, y: it.y + y })));
        y += BODY.leading;
      }
      height = Math.max(height, y);
    });
    rows.push({
      block: index,
      word: start,
      height: height + (start + columns < n ? 10 : 0),
      spaceBefore: start === 0 ? spaceBefore : 0,
      // The rows stay together (and with the closing); only a block taller than a page breaks between rows.
      keepWithNext: start + columns < n,
      items,
      footnotes: [],
    });
  }
  return rows;
}

/** The words that name people in the letter (addressees, signatories, the subject line's): never hyphenated. */
function namesOf(blocks: readonly Block[]): Set<string> {
  const names = new Set<string>();
  const add = (text: string) => text.split(/[\s\u00a0\u202f]+/).forEach((w) => names.add(w.replace(/^\p{P}+|\p{P}+$/gu, '')));
  for (const block of blocks) {
    if (block.kind === 'addressees') block.addressees.forEach((a) => add(a.name));
    if (block.kind === 'signatures') block.signatories.forEach((s) => add(s.name));
    if (block.kind === 'subject') add(block.text);
  }
  return names;
}

/**
 * A paragraph or list item ending in a colon or a comma ("We urge you to:", "Wir fordern Sie daher
 * auf,", "1. Killings:" before a nested list) introduces what follows: its last line stays with it.
 */
function introduces(inlines: readonly Inline[]): boolean {
  for (let i = inlines.length - 1; i >= 0; i--) {
    const run = inlines[i]!;
    if (run.kind === 'text') return /[:,][\s\u00a0\u202f]*$/.test(run.text);
    if (run.kind === 'break') return false;
  }
  return false;
}

/** Whether the block after list item `index` is an item of the same list or of one it is nested in. */
function siblingFollows(blocks: readonly Block[], index: number): boolean {
  const block = blocks[index]!;
  const next = blocks[index + 1];
  return block.kind === 'list-item' && next?.kind === 'list-item' && next.level <= block.level;
}

/** Every block's flow lines, in order. Each block kind is laid out here; the switch is exhaustive. */
export function blockLines(blocks: readonly Block[], fonts: FontSet, language = 'en'): FlowLine[] {
  const names = namesOf(blocks);
  const hyphenate = hyphenatorFor(language, names);
  const hyphenation = { language, names };
  const out: FlowLine[] = [];
  blocks.forEach((block, index) => {
    const before = spaceBefore(blocks, index);
    switch (block.kind) {
      case 'letterhead':
        out.push(letterhead(block, index, fonts));
        break;
      case 'addressees': {
        const lines: FlowLine[] = [];
        block.addressees.forEach((a, i) => {
          const gap = i === 0 ? before : 10;
          const start = lines.length;
          // Every position line in bold, as the model letter sets them.
          if (!a.positionFirst) lines.push(...plainLines(index, a.name, 'regular', gap, fonts, { keep: true }));
          for (const p of a.position) lines.push(...plainLines(index, p, 'bold', 0, fonts, { keep: true }));
          if (a.positionFirst) lines.push(...plainLines(index, a.name, 'regular', 0, fonts, { keep: true }));
          // The gap before the entry goes to its first line, whichever comes first.
          if (lines[start]) lines[start].spaceBefore = gap;
          for (const e of a.emails) lines.push(...plainLines(index, e, 'regular', 0, fonts, { keep: true }));
          if (lines.length > start) lines[lines.length - 1]!.entryEnd = true;
        });
        // The addressee block stands whole.
        lines[lines.length - 1]!.keepWithNext = false;
        out.push(...lines);
        break;
      }
      case 'delivery': {
        const lines = plainLines(index, block.line, 'regular', before, fonts, { keep: true });
        for (const e of block.emails) {
          lines.push(...plainLines(index, e, 'regular', 0, fonts, { x: X + LIST_INDENT, keep: true }));
          lines[lines.length - 1]!.items.unshift(textLine('•', 'regular', BODY.size, BODY.leading, X + 4).items[0]!);
        }
        for (const a of block.address) lines.push(...plainLines(index, a, 'regular', 0, fonts, { keep: true }));
        lines[lines.length - 1]!.keepWithNext = false;
        out.push(...lines);
        break;
      }
      case 'reference':
      case 'dateline':
        out.push(...plainLines(index, block.text, 'regular', before, fonts));
        break;
      case 'subject':
        out.push(
          ...paragraphLines(
            index,
            [
              { kind: 'text', text: `${block.label} ` },
              { kind: 'text', text: block.text, bold: true },
            ],
            before,
            fonts,
            { x: X, width: TEXT_WIDTH, justify: false, keepLast: true },
          ),
        );
        break;
      case 'salutation':
        // A salutation never ends a page.
        out.push(...plainLines(index, block.text, 'regular', before, fonts, { keep: true }));
        break;
      case 'paragraph':
        out.push(
          ...paragraphLines(index, block.inlines, before, fonts, {
            // A quotation stands in from both margins.
            x: block.quote ? X + LIST_INDENT : X,
            width: block.quote ? TEXT_WIDTH - 2 * LIST_INDENT : TEXT_WIDTH,
            justify: !block.heading,
            bold: block.heading,
            keepLast: block.heading || introduces(block.inlines),
            ...(hyphenate ? { hyphenate, hyphenation } : {}),
          }),
        );
        break;
      case 'list-item': {
        const x = X + LIST_INDENT * listDepth(block.level);
        const lines = paragraphLines(index, block.inlines, before, fonts, {
          x,
          width: TEXT_WIDTH - LIST_INDENT * listDepth(block.level),
          justify: true,
          // An item followed by another of its list ("- to release X,") is one of an enumeration, not a
          // lead-in: kept with the next, a long list of such items would move whole to the next page.
          keepLast: introduces(block.inlines) && !siblingFollows(blocks, index),
          ...(hyphenate ? { hyphenate, hyphenation } : {}),
        });
        if (block.marker && lines[0]) lines[0].items.unshift(...textLine(block.marker, 'regular', BODY.size, BODY.leading, x - LIST_INDENT + 4).items);
        out.push(...lines);
        break;
      }
      case 'closing':
        // The closing stays with the signatures that follow it, and takes the last line of the text
        // before it along, so no page holds a closing alone.
        if (out.length > 0 && ['paragraph', 'list-item'].includes(blocks[out[out.length - 1]!.block]!.kind)) out[out.length - 1]!.keepWithNext = true;
        out.push(...plainLines(index, block.text, 'regular', before, fonts, { keep: true }));
        break;
      case 'signatures':
        out.push(...signatureRows(block, index, before, fonts));
        break;
      case 'cc': {
        const lines = plainLines(index, block.label, 'regular', before, fonts, { keep: true });
        block.entries.forEach((e, i) => lines.push(...plainLines(index, e, 'regular', 0, fonts, { x: X + LIST_INDENT, keep: i < block.entries.length - 1 })));
        out.push(...lines);
        break;
      }
      default:
        unreachable(block);
    }
    // Lines of blocks that are not made of words are numbered by line, so a page that starts inside
    // such a block (one taller than a page) is still a distinct place for the preview to break.
    if (!['paragraph', 'list-item', 'subject', 'signatures'].includes(block.kind)) {
      out.filter((l) => l.block === index).forEach((l, k) => (l.word = k));
    }
  });
  return out;
}
