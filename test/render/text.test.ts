import { describe, expect, it } from 'vitest';
import type { LetterDocument } from '../../src/letter-document.js';
import { layoutLetter } from '../../src/layout/layout-letter.js';
import { renderText } from '../../src/render/text.js';

const doc: LetterDocument = {
  language: 'en',
  pageLabel: { template: 'Page {n} of {total}' },
  blocks: [
    { kind: 'salutation', text: 'Dear Minister,' },
    {
      kind: 'paragraph',
      inlines: [
        { kind: 'text', text: 'We ask you to ' },
        { kind: 'text', text: 'release', bold: true },
        { kind: 'text', text: ' him now' },
        { kind: 'footnote', number: 1 },
        { kind: 'text', text: '.' },
      ],
    },
    { kind: 'list-item', marker: '1.', level: 1, inlines: [{ kind: 'text', text: 'a demand that is long enough to wrap onto a second line of the preview' }] },
    { kind: 'closing', text: 'Yours sincerely,' },
    {
      kind: 'signatures',
      signatories: [{ name: 'A. Person', title: 'Chair', signature: { path: '/x.png', width: 10, height: 5, data: Buffer.alloc(0) } }, { name: 'B. Person' }],
    },
    { kind: 'cc', label: 'Copy:', entries: ['ILO'] },
  ],
  footnotes: [{ number: 1, url: 'https://example.org/a/very/long/address/that/must/never/be/broken/across/lines' }],
  meta: { title: 't', author: 'a', subject: 's', keywords: [], creationDate: new Date(0) },
};

describe('renderText', () => {
  it('prints every block, markers as [n] and the footnotes after the page', () => {
    expect(renderText(doc, { width: 40 })).toBe(
      [
        'Dear Minister,',
        '',
        'We ask you to release him now[1].',
        '1. a demand that is long enough to wrap',
        '   onto a second line of the preview',
        '',
        'Yours sincerely,',
        '',
        '[signature: A. Person]',
        'A. Person',
        'Chair',
        '',
        'B. Person',
        '',
        'Copy:',
        '  ILO',
        '',
        '[1] https://example.org/a/very/long/address/that/must/never/be/broken/across/lines',
        '',
      ].join('\n'),
    );
  });

  it('leaves soft hyphens out, as the PDF draws none', () => {
    const soft: LetterDocument = { ...doc, blocks: [{ kind: 'paragraph', inlines: [{ kind: 'text', text: 'Gewerk\u00adschafts\u00adbund' }] }], footnotes: [] };
    expect(renderText(soft, { width: 60 })).toContain('Gewerkschaftsbund');
  });

  it('marks bold with ANSI codes only when colour is on', () => {
    expect(renderText(doc, { color: true })).toContain('\u001b[1mrelease\u001b[22m');
    expect(renderText(doc)).not.toContain('\u001b');
  });
});

describe('renderText on a letter with a block taller than a page', () => {
  it('breaks the preview wherever the PDF does and lists every page footnote', () => {
    const addressees = Array.from({ length: 24 }, (_, i) => ({
      name: `Addressee ${i + 1}`,
      position: ['Minister', 'Ministry of Labour', 'Republic'],
      emails: [`a${i}@example.org`],
    }));
    const tall: LetterDocument = {
      ...doc,
      blocks: [{ kind: 'addressees', addressees }, ...doc.blocks],
    };
    const layout = layoutLetter(tall);
    expect(layout.pages.length).toBeGreaterThanOrEqual(3);
    // The first page is not left holding nothing but white space.
    expect(layout.pages[0]!.items.filter((i) => i.kind === 'text').length).toBeGreaterThan(10);
    const text = renderText(tall, { layout });
    for (let n = 2; n <= layout.pages.length; n++) expect(text).toContain(`-- page ${n} --\nPage ${n} of ${layout.pages.length}`);
    expect(text).toContain('[1] https://example.org/a/very/long/address');
  });
});

describe('renderText of a continuation page header', () => {
  // A reference of many words was printed on one line beside the page label, past any --width.
  it('wraps a long reference in the room the page label leaves it, as the PDF does', () => {
    const reference = 'Federation of Energy Workers / Human Rights Department / file 2020-031 / urgent appeal';
    const addressees = Array.from({ length: 24 }, (_, i) => ({ name: `Addressee ${i + 1}`, position: ['Minister', 'Ministry', 'Republic'], emails: [] }));
    const tall: LetterDocument = { ...doc, reference, blocks: [{ kind: 'addressees', addressees }, ...doc.blocks] };
    const layout = layoutLetter(tall);
    const text = renderText(tall, { layout, width: 40 });
    const header = text.split('-- page 2 --\n')[1]!.split('\n').slice(0, 4);
    expect(header).toEqual([
      `Federation of Energy         Page 2 of ${layout.pages.length}`,
      'Workers / Human Rights',
      'Department / file 2020-031',
      '/ urgent appeal',
    ]);
    for (const line of text.split('\n')) if (!line.includes('https://')) expect([...line].length, line).toBeLessThanOrEqual(40);
  });

  it('keeps a short reference and the label on one line', () => {
    const addressees = Array.from({ length: 24 }, (_, i) => ({ name: `Addressee ${i + 1}`, position: ['Minister', 'Ministry', 'Republic'], emails: [] }));
    const tall: LetterDocument = { ...doc, reference: 'PERC/AL/pw', blocks: [{ kind: 'addressees', addressees }, ...doc.blocks] };
    const layout = layoutLetter(tall);
    expect(renderText(tall, { layout, width: 40 })).toContain(`-- page 2 --\nPERC/AL/pw${' '.repeat(40 - 10 - 11)}Page 2 of ${layout.pages.length}\n`);
  });
});

// Each page's piece of a paragraph split the whole paragraph into words again: a body of one
// paragraph of 800 KB (a file holds 1 MB) over some 200 pages took 12 s to preview, against 1.5 s to
// make its PDF.
describe('a paragraph over many pages', () => {
  it('is split into words once, not once a page', () => {
    const text = Array.from({ length: 20_000 }, () => 'International Trade Union Confederation').join(' ');
    const long: LetterDocument = { ...doc, blocks: [{ kind: 'paragraph', inlines: [{ kind: 'text', text }] }], footnotes: [] };
    const layout = layoutLetter(long);
    expect(layout.pages.length).toBeGreaterThan(100);
    const start = performance.now();
    const out = renderText(long, { layout });
    const ms = performance.now() - start;
    expect(out.split('Confederation').length).toBe(20_001);
    // Linear, this takes a few hundred milliseconds; split once a page, over ten seconds.
    expect(ms).toBeLessThan(4_000);
  });
});
