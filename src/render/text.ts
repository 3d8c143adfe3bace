import { pageLabel, unreachable, type Block, type Inline, type LetterDocument } from '../letter-document.js';
import { layoutLetter, type Layout, type PageStart } from '../layout/layout-letter.js';
import { listDepth, spaceBefore } from '../layout/page-style.js';
import { splitWords, type Word } from '../layout/split-words.js';

export interface TextOptions {
  /** Characters per line; words (URLs, e-mail addresses) longer than this are never broken. */
  width?: number;
  /** ANSI bold for bold text, for terminals. */
  color?: boolean;
  /** The PDF layout's pagination; computed when not given. */
  layout?: Layout;
}

const BOLD = '\u001b[1m';
const RESET = '\u001b[22m';

/** A word as the preview prints it: footnote markers as [n], bold in ANSI when asked. */
function wordString(word: Word, color: boolean, forceBold = false): { text: string; length: number } {
  let text = '';
  let length = 0;
  for (const p of word.pieces) {
    // Soft hyphens are break points of the PDF's lines, never drawn there (layout/line-items.ts).
    const t = p.footnote ? `[${p.footnote}]` : p.text.replace(/\u00ad/g, '');
    length += [...t].length;
    text += color && (p.bold || forceBold) && !p.footnote ? `${BOLD}${t}${RESET}` : t;
  }
  return { text, length };
}

/** Greedy wrapping by characters, with a hanging indent for continuation lines. */
function wrap(words: readonly Word[], width: number, color: boolean, indent = '', hanging = indent, bold = false): string[] {
  const lines: string[] = [];
  let line = indent;
  let length = [...indent].length;
  let fresh = true;
  for (const word of words) {
    const w = wordString(word, color, bold);
    if (!fresh && length + 1 + w.length > width) {
      lines.push(line);
      line = hanging;
      length = [...hanging].length;
      fresh = true;
    }
    line += (fresh ? '' : ' ') + w.text;
    length += (fresh ? 0 : 1) + w.length;
    fresh = false;
    if (word.breakAfter) {
      lines.push(line);
      line = hanging;
      length = [...hanging].length;
      fresh = true;
    }
  }
  if (!fresh) lines.push(line);
  return lines;
}

function plain(text: string, bold = false): Inline[] {
  return [{ kind: 'text', text, bold }];
}

/**
 * The letter as plain text: the PDF's words in the PDF's order, page breaks where the PDF breaks,
 * footnotes listed at the end of each page's text as `[n] url`.
 */
export function renderText(doc: LetterDocument, options: TextOptions = {}): string {
  const width = options.width ?? 80;
  const color = options.color ?? false;
  const layout = options.layout ?? layoutLetter(doc);
  const out: string[] = [];
  // A paragraph over many pages is printed a page's piece at a time: split into words once, not once
  // a piece, which made an 800 KB paragraph of some 200 pages take 12 s.
  const split = new WeakMap<readonly Inline[], Word[]>();
  const wordsOf = (inlines: readonly Inline[]) => {
    let words = split.get(inlines);
    if (!words) split.set(inlines, (words = splitWords(inlines)));
    return words;
  };
  const para = (inlines: Inline[], indent = '', hanging = indent, bold = false, from = 0, to = Infinity, right = 0) =>
    wrap(wordsOf(inlines).slice(from, to), width - right, color, indent, hanging, bold);

  const endPage = (k: number) => {
    const page = layout.pages[k]!;
    if (page.footnotes.length > 0) {
      out.push('');
      for (const n of page.footnotes) {
        const f = doc.footnotes[n - 1]!;
        out.push(...para(plain(f.title ? `${f.title}, ${f.url}` : f.url), `[${n}] `, '    '));
      }
    }
    if (k === 0 && doc.footer) out.push('', ...para(plain(doc.footer)));
  };

  // Where each page starts, so blocks can be cut at the same words as in the PDF.
  const starts: PageStart[] = layout.pages.map((p) => p.start);
  let page = 0;
  const breakBefore = (block: number, word: number): boolean => {
    const next = starts[page + 1];
    return !!next && next.block === block && next.word === word;
  };
  const pageBreak = () => {
    endPage(page);
    page++;
    out.push('', `-- page ${page + 1} --`);
    const label = pageLabel(doc, page + 1, layout.pages.length);
    if (!doc.reference) {
      out.push(label);
      return;
    }
    // A long reference wraps in the room the page label leaves it, as in the PDF's header; where its
    // first word does not fit there (a narrow --width), the label goes on a line of its own below it.
    const labelLength = [...label].length;
    const [first = '', ...rest] = para(plain(doc.reference), '', '', false, 0, Infinity, labelLength + 2);
    if ([...first].length + 2 + labelLength <= width) out.push(`${first}${' '.repeat(width - [...first].length - labelLength)}${label}`, ...rest);
    else out.push(...para(plain(doc.reference)), `${' '.repeat(Math.max(0, width - labelLength))}${label}`);
  };

  doc.blocks.forEach((block, index) => {
    if (breakBefore(index, 0)) pageBreak();
    else if (spaceBefore(doc.blocks, index) > 6) out.push('');
    // Word positions inside this block where a page starts.
    const cuts = starts
      .slice(page + 1)
      .filter((s) => s.block === index && s.word > 0)
      .map((s) => s.word);
    let cut = false;
    const pieces = (render: (from: number, to: number) => void) => {
      cut = true;
      let from = 0;
      for (const cut of cuts) {
        render(from, cut);
        pageBreak();
        from = cut;
      }
      render(from, Infinity);
    };
    renderBlock(block, out, para, width, pieces);
    // A block the PDF never splits can still be cut when it is taller than a page: break after it.
    if (!cut) cuts.forEach(pageBreak);
  });
  endPage(page);
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '')}\n`;
}

const QUOTE_INDENT = '    ';

type Para = (inlines: Inline[], indent?: string, hanging?: string, bold?: boolean, from?: number, to?: number, right?: number) => string[];

function renderBlock(block: Block, out: string[], para: Para, width: number, pieces: (render: (from: number, to: number) => void) => void): void {
  switch (block.kind) {
    case 'letterhead':
      for (const l of block.lines)
        out.push(
          ...para(
            l.abbr
              ? [
                  { kind: 'text', text: l.abbr, bold: true },
                  { kind: 'text', text: ` ${l.name}` },
                ]
              : plain(l.name),
          ),
        );
      for (const o of block.officers) {
        out.push('', ...para(plain(o.name, true)));
        for (const t of o.titles) out.push(...para(plain(t), '  ', '  '));
      }
      out.push('─'.repeat(Math.min(width, 60)));
      break;
    case 'addressees':
      block.addressees.forEach((a, i) => {
        if (i > 0) out.push('');
        if (!a.positionFirst) out.push(...para(plain(a.name)));
        for (const p of a.position) out.push(...para(plain(p, true)));
        if (a.positionFirst) out.push(...para(plain(a.name)));
        for (const e of a.emails) out.push(...para(plain(e)));
      });
      break;
    case 'delivery':
      out.push(...para(plain(block.line)));
      for (const e of block.emails) out.push(...para(plain(e), '  • ', '    '));
      for (const a of block.address) out.push(...para(plain(a)));
      break;
    case 'reference':
    case 'dateline':
    case 'salutation':
    case 'closing':
      out.push(...para(plain(block.text)));
      break;
    case 'subject':
      out.push(
        ...para([
          { kind: 'text', text: `${block.label} ` },
          { kind: 'text', text: block.text, bold: true },
        ]),
      );
      break;
    case 'paragraph':
      // A quotation stands in from both margins, as in the PDF.
      if (block.quote) pieces((from, to) => out.push(...para(block.inlines, QUOTE_INDENT, QUOTE_INDENT, false, from, to, QUOTE_INDENT.length)));
      else pieces((from, to) => out.push(...para(block.inlines, '', '', !!block.heading, from, to)));
      break;
    case 'list-item': {
      const pad = '   '.repeat(listDepth(block.level) - 1);
      const marker = block.marker ? `${block.marker} ` : '';
      const hanging = pad + ' '.repeat([...marker].length || 2);
      pieces((from, to) => out.push(...para(block.inlines, from === 0 ? pad + (marker || '  ') : hanging, hanging, false, from, to)));
      break;
    }
    case 'signatures':
      pieces((from, to) => {
        block.signatories.slice(from, to).forEach((s, i) => {
          if (i > 0) out.push('');
          if (s.signature) out.push(...para(plain(`[signature: ${s.name}]`)));
          out.push(...para(plain(s.name, true)));
          if (s.title) out.push(...para(plain(s.title)));
        });
      });
      break;
    case 'cc':
      out.push(...para(plain(block.label)));
      for (const e of block.entries) out.push(...para(plain(e), '  ', '  '));
      break;
    default:
      unreachable(block);
  }
}
