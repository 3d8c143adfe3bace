import { describe, expect, it } from 'vitest';
import { loadFonts } from '../../src/fonts/font-set.js';
import type { Block, Inline, LetterDocument } from '../../src/letter-document.js';
import { checkPartsFit, layoutLetter } from '../../src/layout/layout-letter.js';
import { BODY, CONTENT_BOTTOM, FOOTER, LIST_INDENT, MARGIN, MARKER, MAX_LIST_LEVEL, PAGE } from '../../src/layout/page-style.js';
import { renderText } from '../../src/render/text.js';

const fonts = loadFonts();

function letter(blocks: Block[], footnotes = 0): LetterDocument {
  return {
    language: 'en',
    reference: 'REF/1',
    pageLabel: { template: 'Page {n} of {total}' },
    blocks,
    footnotes: Array.from({ length: footnotes }, (_, i) => ({ number: i + 1, url: `https://example.org/source/${i + 1}/${'x'.repeat(i * 7)}` })),
    meta: { title: 't', author: 'a', subject: 's', keywords: [], creationDate: new Date(0) },
  };
}

const words = (n: number, seed: number) =>
  Array.from({ length: n }, (_, i) => ['trade', 'union', 'rights', 'freedom', 'association', 'Kazakhstan', 'prison', 'appeal'][(i * 7 + seed) % 8]).join(' ');

function paragraph(n: number, seed: number, cite?: number): Block {
  const inlines: Inline[] = [{ kind: 'text', text: words(n, seed) }];
  if (cite) inlines.push({ kind: 'footnote', number: cite }, { kind: 'text', text: ` ${words(n / 2, seed + 1)}.` });
  return { kind: 'paragraph', inlines };
}

/** The footnote markers in a page's text (superscripts of body size). */
function citedOn(page: { items: { kind: string; text?: string; size?: number; y?: number }[] }): number[] {
  return page.items.filter((i) => i.kind === 'text' && i.size === BODY.size * MARKER.scale && /^\d+$/.test(i.text!)).map((i) => Number(i.text));
}

describe('layoutLetter', () => {
  it('puts every footnote at the foot of the page that cites it, over many pages', () => {
    const blocks: Block[] = [];
    for (let i = 0; i < 30; i++) blocks.push(paragraph(60 + (i % 5) * 15, i, i + 1));
    const layout = layoutLetter(letter(blocks, 30), fonts);
    expect(layout.pages.length).toBeGreaterThan(3);
    const seen: number[] = [];
    for (const page of layout.pages) {
      expect(page.footnotes.sort((a, b) => a - b)).toEqual(citedOn(page).sort((a, b) => a - b));
      seen.push(...page.footnotes);
    }
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  // Each level stood in LIST_INDENT further, with no end: from the 25th the text had no width left and
  // was set a letter a line, past the right margin and off the page.
  it('keeps a list nested 40 deep on the page, its words whole: items below the eighth level stand at its indent', () => {
    const text = (i: number) => `item ${i} of a list nested deep`;
    const blocks: Block[] = Array.from({ length: 40 }, (_, i) => ({
      kind: 'list-item',
      marker: '•',
      level: i + 1,
      inlines: [{ kind: 'text', text: text(i + 1) }],
    }));
    const items = layoutLetter(letter(blocks), fonts).pages.flatMap((p) => p.items.filter((i) => i.kind === 'text'));
    for (const item of items)
      expect(item.x + fonts.fonts[item.style].width(item.text) * item.size, item.text).toBeLessThanOrEqual(PAGE.width - MARGIN.right + 0.5);
    const x = (i: number) => items.find((item) => item.text === text(i))?.x;
    expect(x(2)! - x(1)!).toBe(LIST_INDENT);
    expect(x(8)).toBe(MARGIN.left + LIST_INDENT * MAX_LIST_LEVEL);
    for (let i = 9; i <= 40; i++) expect(x(i), text(i)).toBe(x(8));
    // The preview stands them in alike, so a narrow preview is not pushed past its width either.
    const lines = renderText(letter(blocks), { width: 40 }).split('\n');
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(40);
  });

  it('never lets text run into the footnotes or off the page', () => {
    const blocks: Block[] = [];
    for (let i = 0; i < 12; i++) blocks.push(paragraph(120, i, i + 1));
    blocks.push({ kind: 'paragraph', inlines: [{ kind: 'text', text: `See https://example.org/${'very-long-path-segment/'.repeat(12)}end for more.` }] });
    const layout = layoutLetter(letter(blocks, 12), fonts);
    for (const page of layout.pages) {
      const footTop = Math.min(...page.items.filter((i) => i.kind === 'rule').map((i) => (i.kind === 'rule' ? i.y1 : Infinity)), CONTENT_BOTTOM);
      for (const item of page.items) {
        if (item.kind !== 'text') continue;
        const right = item.x + fonts.fonts[item.style].width(item.text) * item.size + (item.wordSpacing ?? 0) * (item.text.split(' ').length - 1);
        expect(right, item.text).toBeLessThanOrEqual(PAGE.width - MARGIN.right + 0.5);
        if (item.size >= 10 && item.y > MARGIN.top + 20) expect(item.y, item.text).toBeLessThan(footTop);
      }
    }
  });

  it('keeps the closing with the signatures and each signatory whole', () => {
    const signatories = Array.from({ length: 12 }, (_, i) => ({ name: `Member ${i + 1}`, title: 'Member of Parliament' }));
    for (let filler = 20; filler < 60; filler += 3) {
      const blocks: Block[] = [paragraph(filler * 10, 1), { kind: 'closing', text: 'Yours sincerely,' }, { kind: 'signatures', signatories }];
      const layout = layoutLetter(letter(blocks), fonts);
      const pageOf = (text: string) => layout.pages.findIndex((p) => p.items.some((i) => i.kind === 'text' && i.text === text));
      // Four rows fit on a page, so the closing and all twelve signatories stand on one.
      for (let i = 1; i <= 12; i++) expect(pageOf(`Member ${i}`)).toBe(pageOf('Yours sincerely,'));
      const titles = layout.pages.map((p) => p.items.filter((i) => i.kind === 'text' && i.text === 'Member of Parliament').length);
      expect(titles.reduce((a, b) => a + b, 0)).toBe(12);
      // Rows of three: a page holds whole rows.
      for (const count of titles) expect(count % 3).toBe(0);
    }
  });

  it('numbers continuation pages and repeats the reference, but not on page 1', () => {
    const layout = layoutLetter(letter([paragraph(1500, 3)]), fonts);
    expect(layout.pages.length).toBeGreaterThanOrEqual(2);
    const texts = (k: number) => layout.pages[k]!.items.flatMap((i) => (i.kind === 'text' ? [i.text] : []));
    expect(texts(0).some((t) => t.startsWith('Page '))).toBe(false);
    expect(texts(1)).toContain(`Page 2 of ${layout.pages.length}`);
    expect(texts(1)).toContain('REF/1');
  });

  it('never leaves a single line of a paragraph alone at the foot or the head of a page', () => {
    for (let n = 300; n < 700; n += 37) {
      const blocks = [paragraph(n, 2), paragraph(90, 5)];
      const layout = layoutLetter(letter(blocks), fonts);
      for (const page of layout.pages) {
        const lines = new Map<number, number>();
        for (const item of page.items) if (item.kind === 'text' && item.size > 10 && item.y > MARGIN.top + 10) lines.set(Math.round(item.y), 1);
        expect(lines.size === 0 || lines.size >= 2).toBe(true);
      }
    }
  });
});

describe('layoutLetter with oversized furniture', () => {
  it('keeps many officers, a long address and a long reference inside the margins', () => {
    const officers = Array.from({ length: 6 }, (_, i) => ({ name: `Officer Number ${i + 1}`, titles: ['President', 'Président', 'Presidente', 'Präsident'] }));
    const doc: LetterDocument = {
      ...letter([paragraph(1400, 4)]),
      reference: `REF/${'VERY-LONG-REFERENCE-SEGMENT/'.repeat(6)}END`,
      footer:
        'International Federation of Public Service Employees, Rue de la Loi 1, 1000 Brussels, Belgium; tel. +32 2 000 00 00; fax +32 2 000 00 01; info@example.org; https://www.example.org/en/',
    };
    doc.blocks.unshift({ kind: 'letterhead', lines: [{ abbr: 'IFPSE', name: 'Internationale Föderation der Angestellten im öffentlichen Dienst' }], officers });
    const layout = layoutLetter(doc, fonts);
    expect(layout.pages.length).toBeGreaterThanOrEqual(2);
    for (const page of layout.pages) {
      for (const item of page.items) {
        if (item.kind !== 'text') continue;
        const right = item.x + fonts.fonts[item.style].width(item.text) * item.size + (item.wordSpacing ?? 0) * (item.text.split(' ').length - 1);
        expect(item.x, item.text).toBeGreaterThanOrEqual(MARGIN.left - 0.5);
        expect(right, item.text).toBeLessThanOrEqual(PAGE.width - MARGIN.right + 0.5);
        expect(item.y, item.text).toBeLessThan(PAGE.height - 20);
      }
    }
    // No word of the letterhead's name is cut: it wraps between words.
    const nameLines = layout.pages[0]!.items.filter((i) => i.kind === 'text' && i.size === 10.5 && i.y < 130).map((i) => (i.kind === 'text' ? i.text : ''));
    for (const word of ['Internationale', 'Föderation', 'Angestellten', 'öffentlichen']) expect(nameLines.join(' ')).toContain(word);
    // The header's wrapped reference stays above the text of the page.
    const page2 = layout.pages[1]!.items.filter((i) => i.kind === 'text');
    const refBottom = Math.max(
      ...page2.filter((i) => (i.kind === 'text' && i.text.startsWith('REF')) || (i.kind === 'text' && i.text.includes('SEGMENT'))).map((i) => i.y + 10),
    );
    const bodyTop = Math.min(...page2.filter((i) => i.kind === 'text' && i.size === 10.5).map((i) => i.y));
    expect(refBottom).toBeLessThanOrEqual(bodyTop);
  });
});

describe('layoutLetter of a joint letter to more addressees than a page holds', () => {
  // Thirty addressees: the block is taller than a page and must break, but it broke line by line, so
  // an addressee's name stood at the foot of one page and its position and address on the next.
  it('breaks between addressees, never inside one', () => {
    const addressees = Array.from({ length: 30 }, (_, i) => ({
      name: `Mr Addressee Number ${i}`,
      position: [`Minister of Something ${i}`, 'Government of Kazakhstan'],
      emails: [`a${i}@example.org`],
    }));
    const layout = layoutLetter(letter([{ kind: 'addressees', addressees }, paragraph(80, 1)]), fonts);
    expect(layout.pages.length).toBeGreaterThan(1);
    const pageOf = (text: string) => layout.pages.findIndex((p) => p.items.some((i) => i.kind === 'text' && i.text === text));
    const split = addressees.filter((a, i) => new Set([a.name, ...a.position.slice(0, 1), `a${i}@example.org`].map(pageOf)).size > 1).map((a) => a.name);
    expect(split).toEqual([]);
    // Each page but the last is filled as far as whole addressees go: no page holds fewer than nine.
    for (const page of layout.pages.slice(0, -1)) expect(page.items.filter((i) => i.kind === 'text' && /^Mr Addressee/.test(i.text)).length).toBeGreaterThan(8);
  });
});

describe('layoutLetter of a part taller than a page', () => {
  // A part that cannot break (the letterhead, a row of signatories) was drawn past the foot of the
  // page: 38 of 60 letterhead lines, or 500 of a 700-word title's words, were silently lost.
  it('refuses a letterhead taller than the first page, saying what to shorten', () => {
    const lines = Array.from({ length: 60 }, (_, i) => ({ abbr: `AB${i}`, name: `Letterhead line number ${i} of a very long union name indeed` }));
    expect(() => layoutLetter(letter([{ kind: 'letterhead', lines, officers: [] }, paragraph(20, 1)]), fonts)).toThrow(
      /^the letterhead is \d+ points tall, more than the first page holds \(\d+\): give the sender fewer `letterhead` lines or `officers`, or shorter titles\.$/,
    );
    // validate's check, without the whole layout, finds the same.
    expect(() => checkPartsFit(letter([{ kind: 'letterhead', lines, officers: [] }, paragraph(20, 1)]), fonts)).toThrow(/^the letterhead is \d+ points tall/);
    expect(() => checkPartsFit(letter([{ kind: 'letterhead', lines: lines.slice(0, 3), officers: [] }, paragraph(20, 1)]), fonts)).not.toThrow();
  });

  it('refuses a row of signatories taller than a page, naming them', () => {
    const title = Array.from({ length: 700 }, () => 'Secretary').join(' ');
    const doc = letter([paragraph(20, 1), { kind: 'closing', text: 'Yours sincerely,' }, { kind: 'signatures', signatories: [{ name: 'Someone', title }] }]);
    expect(() => layoutLetter(doc, fonts)).toThrow(
      /^the signature of Someone is \d+ points tall, more than a page holds \(\d+\): shorten the title in the sender file\.$/,
    );
    expect(() => checkPartsFit(doc, fonts)).toThrow(/^the signature of Someone is \d+ points tall, more than a page holds/);
  });
});

describe("layoutLetter with a long sender's address at the foot of the first page", () => {
  const address = (n: number) => Array.from({ length: n }, (_, i) => `Boulevard du Roi Albert II number ${i}`).join(', ');
  // The address is drawn upwards from the foot of the page: past three lines it climbed over the
  // body text and the footnotes, which still ran down to the bottom margin.
  it('ends the first page above an address of more than three lines, footnotes included', () => {
    const blocks = Array.from({ length: 12 }, (_, i) => paragraph(60, i, i < 2 ? i + 1 : undefined));
    for (const n of [1, 17]) {
      const layout = layoutLetter({ ...letter(blocks, 2), footer: address(n) }, fonts);
      const first = layout.pages[0]!.items.filter((i) => i.kind === 'text');
      const footer = first.filter((i) => i.size === FOOTER.size);
      const rest = first.filter((i) => !footer.includes(i));
      expect(footer.length).toBe(n === 1 ? 1 : 5);
      expect(footer.map((i) => i.text).join(' ')).toBe(address(n));
      const top = Math.min(...footer.map((i) => i.y));
      // Every other line's foot (its top plus its size) stays above the address's first line.
      expect(Math.max(...rest.map((i) => i.y + i.size))).toBeLessThan(top);
      expect(layout.pages[0]!.footnotes).toEqual([1, 2]);
    }
  });

  it('refuses an address of more than six lines, saying how long a line is', () => {
    expect(() => layoutLetter({ ...letter([paragraph(20, 1)]), footer: address(30) }, fonts)).toThrow(
      /^the sender's address takes \d+ lines at the foot of the first page, more than 6: shorten it to the postal address \(a line there holds some \d+ characters\)\.$/,
    );
  });
});

describe('layoutLetter of footnotes taller than the room under their line', () => {
  const title = (n: number) => Array.from({ length: n }, (_, i) => `Report ${i} on repression`).join(' ');
  const cite = (inlines: Inline[]): Block => ({ kind: 'paragraph', inlines });
  // A footnote is drawn upwards from the foot of its marker's page: one taller than the page was
  // drawn from above its top, out of sight, and the letter written without a word of warning.
  it('refuses one footnote taller than a page, by number, in layout and in the check validate runs', () => {
    const doc = { ...letter([paragraph(40, 1, 1), paragraph(40, 2)], 1), footnotes: [{ number: 1, url: 'https://example.org/a', title: title(900) }] };
    const message =
      /^footnote 1 is \d+ points tall: with the line that cites it, more than a page holds \(\d+\)\. Shorten the source's title, or cite fewer sources in one sentence\.$/;
    expect(() => layoutLetter(doc, fonts)).toThrow(message);
    expect(() => checkPartsFit(doc, fonts)).toThrow(message);
    try {
      layoutLetter(doc, fonts);
    } catch (err) {
      expect(err).toMatchObject({ part: 'footnotes', entries: [1] });
    }
  });

  it('refuses footnotes that fit one by one but not together under the line citing them all', () => {
    const notes = [1, 2, 3].map((number) => ({ number, url: `https://example.org/${number}`, title: title(110) }));
    const doc = {
      ...letter([
        cite([
          { kind: 'text', text: 'Three sources' },
          ...notes.map((n): Inline => ({ kind: 'footnote', number: n.number })),
          { kind: 'text', text: ' say so.' },
        ]),
      ]),
      footnotes: notes,
    };
    expect(() => checkPartsFit(doc, fonts)).not.toThrow();
    expect(() => layoutLetter(doc, fonts)).toThrow(/^footnotes 1, 2, 3 are \d+ points tall: with the line that cites them, more than a page holds/);
  });
});

// "We urge you to:" stood alone at the foot of a page, the demands it introduces on the next.
describe('a paragraph that introduces what follows with a colon', () => {
  const lead = (text: string): Block => ({ kind: 'paragraph', inlines: [{ kind: 'text', text }] });
  /** The page of each block's first line. */
  function pageOf(blocks: Block[]): number[] {
    const layout = layoutLetter(letter(blocks), fonts);
    const begun = (b: number) => layout.pages.map((p) => p.start.block < b || (p.start.block === b && p.start.word === 0));
    return blocks.map((_, b) => begun(b).lastIndexOf(true));
  }
  /** Page 1 filled but for a few lines (a last filler of `size` words), then the lead-in and a paragraph of some lines. */
  function ending(leadIn: string, size: number): Block[] {
    const blocks: Block[] = [];
    for (let i = 0; i < 40; i++) blocks.push(paragraph(20, i));
    const fill = pageOf(blocks).lastIndexOf(0);
    return [...blocks.slice(0, fill), paragraph(size, 5), lead(leadIn), paragraph(40, 3)];
  }

  it.each([['We urge you to:'], ['Nous vous demandons de :'], ['Wir fordern Sie daher auf,']])('keeps %j with the text it introduces', (text) => {
    const apart: number[] = [];
    for (let size = 4; size <= 80; size += 4) {
      const blocks = ending(text, size);
      const pages = pageOf(blocks);
      if (pages[blocks.length - 2] !== pages[blocks.length - 1]) apart.push(size);
    }
    expect(apart).toEqual([]);
  });
});

// A list whose items end in commas ("- to release X,") is an enumeration, not a chain of lead-ins: kept
// together item by item, the whole list moved to the next page and left most of a page empty.
describe('a list whose items end in commas', () => {
  const item = (i: number): Block => ({
    kind: 'list-item',
    marker: '•',
    level: 1,
    inlines: [{ kind: 'text', text: `to release trade unionist number ${i} without delay,` }],
  });
  it('breaks across pages between its items, the lead-in with the first', () => {
    const blocks: Block[] = [];
    for (let i = 0; i < 40; i++) blocks.push(paragraph(20, i));
    const layout = (list: Block[]) => layoutLetter(letter(list), fonts);
    const firstPage = (list: Block[], b: number) =>
      layout(list)
        .pages.map((p) => p.start.block < b || (p.start.block === b && p.start.word === 0))
        .lastIndexOf(true);
    const fill = blocks.findIndex((_, b) => firstPage(blocks, b) === 1) - 3;
    const list = [
      ...blocks.slice(0, fill),
      { kind: 'paragraph', inlines: [{ kind: 'text', text: 'We urge you:' }] } as Block,
      ...Array.from({ length: 30 }, (_, i) => item(i + 1)),
    ];
    expect(firstPage(list, fill)).toBe(0);
    expect(firstPage(list, fill + 1)).toBe(0);
    expect(firstPage(list, list.length - 1)).toBe(1);
  });
});

describe('a quotation', () => {
  // A quoted paragraph is indented by LIST_INDENT on both sides, in the PDF and in the preview.
  const text = words(120, 2);
  const set = (quote: boolean) => {
    const doc = letter([{ kind: 'paragraph', inlines: [{ kind: 'text', text }], ...(quote ? { quote: true } : {}) }]);
    const layout = layoutLetter(doc, fonts);
    const items = layout.pages[0]!.items.filter((i) => i.kind === 'text');
    return { left: Math.min(...items.map((i) => i.x)), lines: new Set(items.map((i) => i.y)).size, preview: renderText(doc, { layout, width: 80 }) };
  };

  it('is set indented on both sides, and the preview indents it too', () => {
    const plain = set(false);
    const quoted = set(true);
    expect(quoted.left).toBeCloseTo(plain.left + LIST_INDENT, 3);
    // Narrower by two indents: more lines.
    expect(quoted.lines).toBeGreaterThan(plain.lines);
    const body = (preview: string) => preview.split('\n').filter((l) => /trade|union|rights|freedom/.test(l));
    expect(body(plain.preview).every((l) => !l.startsWith(' '))).toBe(true);
    expect(body(quoted.preview).every((l) => l.startsWith('    ') && l.length <= 76)).toBe(true);
  });

  it('draws no soft hyphen anywhere, as the preview prints none: salutation, footnote, copies, reference, closing', () => {
    const shy = 'Gewerk\u00adschafts\u00adbund';
    const doc: LetterDocument = {
      ...letter([
        { kind: 'salutation', text: `Dear ${shy},` },
        {
          kind: 'paragraph',
          inlines: [
            { kind: 'text', text: `${words(600, 1)} ${shy}` },
            { kind: 'footnote', number: 1 },
          ],
        },
        { kind: 'closing', text: `Yours ${shy},` },
        { kind: 'cc', label: 'cc:', entries: [shy] },
      ]),
      reference: `REF/${shy}`,
      footnotes: [{ number: 1, url: 'https://example.org/a', title: `${shy} report` }],
    };
    const { pages } = layoutLetter(doc, fonts);
    expect(pages.length).toBeGreaterThan(1);
    const texts = pages.flatMap((p) => p.items.flatMap((i) => (i.kind === 'text' ? [i.text] : [])));
    expect(texts.filter((t) => t.includes('Gewerkschaftsbund')).length).toBeGreaterThanOrEqual(5);
    expect(texts.filter((t) => t.includes('\u00ad'))).toEqual([]);
    expect(renderText(doc)).not.toContain('\u00ad');
  });
});

describe('layoutLetter cuts', () => {
  // A continuation page's header (reference, page label) is put before its items once the page is laid
  // out: the cuts, counted before that, pointed header-length items too early, into the block before
  // the greeting, which then shared its piece with the recipient's and not with the next letter's.
  it('start their pieces at the recipient blocks on a continuation page too, below its header', () => {
    const greeting = 'Dear Minister Aliyev,';
    const blocks: Block[] = [];
    for (let i = 0; i < 8; i++) blocks.push(paragraph(90, i));
    blocks.push({ kind: 'salutation', text: greeting }, paragraph(40, 9));
    const layout = layoutLetter(letter(blocks), fonts);
    const at = layout.pages.findIndex((p) => p.items.some((i) => i.kind === 'text' && i.text === greeting));
    expect(at).toBeGreaterThan(0);
    const page = layout.pages[at]!;
    const first = page.items.findIndex((i) => i.kind === 'text' && i.text === greeting);
    expect(page.cuts).toEqual([first, first + 1]);
  });
});
