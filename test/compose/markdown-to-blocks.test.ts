import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/compose/handlebars-env.js';
import { markdownToBlocks } from '../../src/compose/markdown-to-blocks.js';

function numbering() {
  const ids: string[] = [];
  return { ids, cite: (id: string) => (ids.includes(id) ? ids.indexOf(id) + 1 : ids.push(id)) };
}

describe('markdownToBlocks', () => {
  it('turns paragraphs, emphasis, links and citations into runs, numbering citations by first use', () => {
    const { ids, cite } = numbering();
    const blocks = markdownToBlocks('First **bold** and *italic*[^b].\n\nSee [the report](https://example.org/r)[^a], again[^b].', cite);
    expect(ids).toEqual(['b', 'a']);
    expect(blocks).toEqual([
      {
        kind: 'paragraph',
        inlines: [
          { kind: 'text', text: 'First ' },
          { kind: 'text', text: 'bold', bold: true },
          { kind: 'text', text: ' and ' },
          { kind: 'text', text: 'italic', italic: true },
          { kind: 'footnote', number: 1 },
          { kind: 'text', text: '.' },
        ],
      },
      {
        kind: 'paragraph',
        inlines: [
          { kind: 'text', text: 'See ' },
          { kind: 'text', text: 'the report', href: 'https://example.org/r' },
          { kind: 'footnote', number: 2 },
          { kind: 'text', text: ', again' },
          { kind: 'footnote', number: 1 },
          { kind: 'text', text: '.' },
        ],
      },
    ]);
  });

  it('makes list items with markers and levels', () => {
    const blocks = markdownToBlocks('- one\n- two\n  - nested\n\n3. three\n4. four', numbering().cite);
    expect(blocks.map((b) => (b.kind === 'list-item' ? [b.marker, b.level] : b.kind))).toEqual([
      ['•', 1],
      ['•', 1],
      ['–', 2],
      ['3.', 1],
      ['4.', 1],
    ]);
  });

  it('keeps escaped data literal: no markup, no citation, no list', () => {
    const data = '**not bold** [^x] 1. <b>x</b> _y_ [link](javascript:alert(1))';
    const { ids, cite } = numbering();
    const blocks = markdownToBlocks(escapeMarkdown(data), cite);
    expect(ids).toEqual([]);
    expect(blocks).toEqual([{ kind: 'paragraph', inlines: [{ kind: 'text', text: data }] }]);
  });
});
