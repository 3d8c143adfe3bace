import { BoundedCache } from '../bounded-cache.js';
import MarkdownIt, { type StateInline, type Token } from 'markdown-it';
import type { Block, Inline, TextRun } from '../letter-document.js';
import { CITATION } from './number-footnotes.js';

/** A citation as number-footnotes.ts reads it in the body, starting right where the inline parser is. */
const CITATION_HERE = new RegExp(CITATION.source, 'y');

/**
 * `[^source-id]` cites a source. It is parsed as its own token, before links, so an escaped `\[^x]`
 * coming from case data stays literal text.
 */
function citationRule(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src.charCodeAt(start) !== 0x5b /* [ */ || src.charCodeAt(start + 1) !== 0x5e /* ^ */) return false;
  // Read in place, not from a copy of the rest of the paragraph taken at each `[^`.
  CITATION_HERE.lastIndex = start;
  const m = CITATION_HERE.exec(src);
  if (!m) return false;
  if (!silent) {
    const token = state.push('citation', '', 0);
    // An id filled in by a template arrives Markdown-escaped (`src\-a`): the id is what the escapes stand for.
    token.meta = { id: m[1]!.replace(/\\(.)/g, '$1') };
  }
  state.pos += m[0].length;
  return true;
}

/**
 * An HTML comment (`<!-- check the date -->`, a writer's note) is left out, as Markdown renderers hide
 * it: HTML is not read (`html: false`), so it was printed in the letter. In code, escaped (`\<!--`, as
 * case data arrives) or never closed within its paragraph, it stays text.
 */
function commentRule(state: StateInline, _silent: boolean): boolean {
  const start = state.pos;
  if (!state.src.startsWith('<!--', start)) return false;
  const end = state.src.indexOf('-->', start + 2);
  if (end === -1) return false;
  let pos = end + 3;
  // "To <!-- note --> act" reads "To act": one space, not two.
  if (state.pending === '' || state.pending.endsWith(' ')) while (state.src[pos] === ' ' || state.src[pos] === '\t') pos++;
  state.pos = pos;
  return true;
}

const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false });
md.inline.ruler.before('link', 'citation', citationRule);
md.inline.ruler.before('autolink', 'comment', commentRule);
md.disable(['image']);
// A letter's links are web and mail addresses, as its sources are. markdown-it lets relative ones
// through (`[x](../senders/a.png)` became a link to a path on whoever opens the PDF, and an image
// `![x](...)`, which letters do not take, a "!" and such a link): any other stays as written, visible
// in the preview.
const validateLink = md.validateLink.bind(md);
md.validateLink = (url) => /^(https?:\/\/|mailto:)/i.test(url.trim()) && validateLink(url);

/**
 * Block quotes (`>`) and lists inside one another, at most: markdown-it stops reading at 100 levels and
 * drops the rest of the text without a word, and no letter needs a tenth of this.
 */
export const MAX_MARKDOWN_DEPTH = 20;

/** A body whose quotes or lists nest deeper than MAX_MARKDOWN_DEPTH, at `line` of its Markdown (from 1). */
export class MarkdownDepthError extends Error {
  override readonly name = 'MarkdownDepthError';
  constructor(readonly line: number) {
    super(`block quotes (\`>\`) and lists are nested more than ${MAX_MARKDOWN_DEPTH} levels deep here`);
  }
}

/** Turns a citation id into its footnote number (numbered in order of first use across the letter). */
export type Cite = (id: string) => number;

/** A footnote marker as parsed, before the letter numbers it: the id of the source it cites. */
interface Citation {
  kind: 'citation';
  id: string;
}

type ParsedInline = Exclude<Inline, { kind: 'footnote' }> | Citation;
type ParsedBlock =
  | { kind: 'paragraph'; inlines: readonly ParsedInline[]; heading?: boolean; quote?: boolean }
  | { kind: 'list-item'; marker: string; level: number; inlines: readonly ParsedInline[] };

/**
 * Parsed bodies by their Markdown: a campaign day has one body text per case, sender and language for
 * hundreds of letters. Kept as blocks whose citations are still ids (numbered per letter, in the
 * order they are met), not as markdown-it's tokens, which took some 10 KB a body in every thread.
 * The runs are frozen, shared by every letter made from the text; the cache starts over at 1,000.
 */
const PARSED = new BoundedCache<string, readonly ParsedBlock[]>(1_000);

/**
 * Parses the Markdown of a body part into letter blocks: paragraphs, headings (bold) and list items;
 * throws a MarkdownDepthError for quotes or lists nested deeper than MAX_MARKDOWN_DEPTH.
 */
export function markdownToBlocks(markdown: string, cite: Cite): Block[] {
  const parsed = PARSED.getOrMake(markdown, () => frozen(parseBlocks(md.parse(markdown, {}))));
  return parsed.map((block) => ({
    ...block,
    inlines: block.inlines.map((run) => (run.kind === 'citation' ? { kind: 'footnote', number: cite(run.id) } : run)),
  }));
}

function parseBlocks(tokens: Token[]): ParsedBlock[] {
  const blocks: ParsedBlock[] = [];
  const lists: { ordered: boolean; next: number }[] = [];
  let pendingMarker: string | undefined;
  let heading = false;
  let quote = 0;
  // A table's rows, read into one paragraph (case 'table_open'); undefined outside a table.
  let table: ParsedInline[] | undefined;
  let row: ParsedInline[] = [];
  let headerRow = false;
  /** A paragraph of runs, or a list item's when a list is open. */
  function pushInlines(inlines: ParsedInline[]): void {
    if (pendingMarker !== undefined) {
      blocks.push({ kind: 'list-item', marker: pendingMarker, level: lists.length, inlines });
      pendingMarker = undefined;
    } else if (lists.length > 0) {
      // A second paragraph inside one list item continues it without a marker.
      blocks.push({ kind: 'list-item', marker: '', level: lists.length, inlines });
    } else {
      blocks.push({
        kind: 'paragraph',
        inlines: heading ? inlines.map(bolden) : inlines,
        ...(heading ? { heading: true } : {}),
        ...(quote > 0 ? { quote: true } : {}),
      });
    }
  }
  for (const token of tokens) {
    // Checked as each quote or list opens, so before markdown-it's own limit drops anything.
    if (token.nesting === 1 && quote + lists.length > MAX_MARKDOWN_DEPTH) throw new MarkdownDepthError((token.map?.[0] ?? 0) + 1);
    switch (token.type) {
      case 'blockquote_open':
        quote++;
        break;
      case 'blockquote_close':
        quote--;
        break;
      case 'bullet_list_open':
        lists.push({ ordered: false, next: 0 });
        break;
      case 'ordered_list_open':
        lists.push({ ordered: true, next: Number(token.attrGet('start') ?? 1) });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        break;
      case 'list_item_open': {
        const list = lists[lists.length - 1]!;
        pendingMarker = list.ordered ? `${list.next++}.` : lists.length % 2 === 1 ? '•' : '–';
        break;
      }
      case 'heading_open':
        heading = true;
        break;
      case 'heading_close':
        heading = false;
        break;
      // A letter has no table layout: a table is set as one paragraph, a line per row, its cells joined
      // by a dash as the default bodies list "Name – role", its header row in bold. Each cell was a
      // paragraph of its own, and a table of three rows nine one-word paragraphs.
      case 'table_open':
        table = [];
        break;
      case 'thead_open':
        headerRow = true;
        break;
      case 'thead_close':
        headerRow = false;
        break;
      case 'tr_open':
        row = [];
        break;
      case 'tr_close':
        if (row.length > 0) table?.push(...(table.length > 0 ? [{ kind: 'break' } as const] : []), ...row);
        break;
      case 'table_close': {
        const inlines = table ?? [];
        table = undefined;
        if (inlines.length > 0) pushInlines(inlines);
        break;
      }
      case 'inline': {
        const inlines = inlineRuns(token.children ?? []);
        if (inlines.length === 0) break;
        if (table !== undefined) {
          const cell = row.length > 0 ? [{ kind: 'text', text: ' – ' } as const, ...inlines] : inlines;
          row.push(...(headerRow ? cell.map(bolden) : cell));
          break;
        }
        pushInlines(inlines);
        break;
      }
      case 'fence':
      case 'code_block': {
        const lines = token.content.replace(/\n$/, '').split('\n');
        const inlines: ParsedInline[] = lines.flatMap((line, i): ParsedInline[] =>
          i === 0 ? [{ kind: 'text', text: line }] : [{ kind: 'break' }, { kind: 'text', text: line }],
        );
        blocks.push({ kind: 'paragraph', inlines });
        break;
      }
      default:
        break;
    }
  }
  return blocks;
}

/** Runs shared by every letter made from one text: frozen, so none can change another's. */
function frozen(blocks: ParsedBlock[]): readonly ParsedBlock[] {
  for (const block of blocks) {
    for (const run of block.inlines) Object.freeze(run);
    Object.freeze(block.inlines);
  }
  return blocks;
}

function bolden(run: ParsedInline): ParsedInline {
  return run.kind === 'text' ? { ...run, bold: true } : run;
}

function inlineRuns(children: Token[]): ParsedInline[] {
  const out: ParsedInline[] = [];
  let bold = 0;
  let italic = 0;
  let href: string | undefined;
  const text = (t: string) => {
    if (t === '') return;
    const run: TextRun = { kind: 'text', text: t };
    if (bold > 0) run.bold = true;
    if (italic > 0) run.italic = true;
    if (href) run.href = href;
    out.push(run);
  };
  for (const child of children) {
    switch (child.type) {
      case 'text':
      case 'code_inline':
        text(child.content);
        break;
      case 'softbreak':
        text(' ');
        break;
      case 'hardbreak':
        out.push({ kind: 'break' });
        break;
      case 'strong_open':
        bold++;
        break;
      case 'strong_close':
        bold--;
        break;
      case 'em_open':
        italic++;
        break;
      case 'em_close':
        italic--;
        break;
      case 'link_open':
        href = String(child.attrGet('href') ?? '') || undefined;
        break;
      case 'link_close':
        href = undefined;
        break;
      case 'citation':
        out.push({ kind: 'citation', id: (child.meta as { id: string }).id });
        break;
      default:
        text(child.content);
        break;
    }
  }
  return out;
}
