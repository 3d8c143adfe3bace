import { describe, expect, it, vi } from 'vitest';
import { loadFonts } from '../../src/fonts/font-set.js';
import type { Block, LetterDocument } from '../../src/letter-document.js';
import { hyphenatorFor } from '../../src/layout/hyphenate.js';
import { noBreakSpaces } from '../../src/languages/no-break-spaces.js';
import { layoutLetter } from '../../src/layout/layout-letter.js';
import { BODY, TEXT_WIDTH } from '../../src/layout/page-style.js';
import { splitWords } from '../../src/layout/split-words.js';
import { wrapWords, type WrappedLine } from '../../src/layout/wrap-words.js';

const fonts = loadFonts();
const SPACE = fonts.fonts.regular.width(' ') * BODY.size;

const GERMAN =
  'Wir fordern Sie auf, Baltabays Recht auf ein faires Berufungsverfahren zu gewährleisten. Unserer klaren Ansicht nach war das ursprüngliche Urteil politisch motiviert, und die Anklagepunkte gegen ihn wurden vor Gericht nicht bewiesen. Diese Anklagen sowie die damit verbundenen Einschüchterungen und Verfolgungen wurden als Vergeltung für sein gewerkschaftliches Engagement und seine grundsätzliche Haltung zur Unterstützung anderer Führungspersonen der Konföderation unabhängiger Gewerkschaften Kasachstans eingeleitet, deren Freiheiten auf verschiedene Weise eingeschränkt wurden.';

const text = (line: WrappedLine) => line.words.map((w) => w.pieces.map((p) => p.text).join('')).join(' ');
/** A justified line's word gap, in spaces. */
const gap = (line: WrappedLine) => 1 + (TEXT_WIDTH - line.width) / (line.words.length - 1) / SPACE;

function wrap(paragraph: string, language: string, justify = true): WrappedLine[] {
  const hyphenate = hyphenatorFor(language);
  return wrapWords(splitWords([{ kind: 'text', text: paragraph }]), TEXT_WIDTH, BODY.size, fonts, false, { justify, ...(hyphenate ? { hyphenate } : {}) });
}

describe('justified paragraphs', () => {
  it('keep word gaps within 1.5 spaces, hyphenating where that is needed, with more than one word on the last line', () => {
    const lines = wrap(GERMAN, 'de');
    for (const line of lines.slice(0, -1)) expect(gap(line), text(line)).toBeLessThanOrEqual(1.5);
    for (const line of lines.slice(0, -1)) expect(gap(line), text(line)).toBeGreaterThanOrEqual(2 / 3);
    expect(lines.some((l) => l.hyphenated && /\p{L}-$/u.test(text(l)))).toBe(true);
    expect(lines[lines.length - 1]!.words.length).toBeGreaterThan(1);
    // The words, joined again, are the paragraph's.
    expect(lines.map(text).join(' ').replace(/-\s/g, '')).toBe(GERMAN.replace(/\s+/g, ' '));
  });

  it('lay out a paragraph again for a hyphenator that keeps other words whole, whichever came first', () => {
    const words = splitWords([{ kind: 'text', text: GERMAN }]);
    const lay = (names: string[]) =>
      wrapWords(words, TEXT_WIDTH, BODY.size, fonts, false, { justify: true, hyphenate: hyphenatorFor('de', new Set(names))! }).map(text);
    const free = lay([]);
    const broken = free
      .find((line) => /\p{L}-$/u.test(line))!
      .split(' ')
      .pop()!
      .replace(/-$/, '');
    const whole = GERMAN.split(/\s+/)
      .find((w) => w.startsWith(broken))!
      .replace(/[.,]$/, '');
    const keeping = lay([whole]);
    expect(keeping.some((line) => line.endsWith(`${broken}-`))).toBe(false);
    // The same words with a letter that keeps none of them: the first layout again, not the cached one.
    expect(lay(['Baltabay'])).toEqual(free);
    expect(lay([whole])).toEqual(keeping);
  });

  it('break a word at the soft hyphens its writer put in, drawing a hyphen there, and nowhere else in it', () => {
    // Text pasted from a word processor or a web page carries soft hyphens (U+00AD): where a line breaks
    // at one, a hyphen is drawn in its place; elsewhere it stays invisible.
    const word = 'Gewerk\u00adschafts\u00adbund\u00advorsitzenden\u00adversammlung';
    const paragraph = `Die ${word} und die ${word} und die ${word} und die ${word} und die ${word} und die ${word}.`;
    const lines = wrap(paragraph, 'de');
    // Without them, the paragraph was set ragged: a line of one or two of these words, gaps of 20 spaces.
    for (const line of lines.slice(0, -1)) expect(gap(line), text(line)).toBeLessThanOrEqual(2);
    const ends = lines.filter((l) => l.hyphenated).map((l) => text(l).split(' ').pop()!);
    expect(ends.length).toBeGreaterThan(0);
    for (const end of ends) expect(end).toMatch(/(^|\u00ad)(Gewerk|schafts|bund|vorsitzenden)-$/);
    // The words, joined again at the drawn hyphens, are the paragraph's without the soft hyphens there.
    expect(
      lines
        .map(text)
        .join(' ')
        .replace(/-\s/g, '')
        .replace(/\u00ad/g, ''),
    ).toBe(paragraph.replace(/\u00ad/g, ''));
    // A name with soft hyphens breaks at them too: its writer said where.
    const named = wrap(`To ${'Tokayev\u00adovich\u00adBaltabayuly '.repeat(12)}now.`, 'en');
    expect(named.some((l) => l.hyphenated && /(Tokayev|ovich)-$/u.test(text(l)))).toBe(true);
  });

  it('never break inside a number written with spaces, nor before its %, once the no-break spaces are in', () => {
    const base = 'les salaires de 1 200 travailleurs ont été réduits de 30 % et le syndicat compte 12 500 membres, soit 4 % de plus ; ';
    for (let n = 0; n < 12; n++) {
      const lines = wrap(noBreakSpaces(`Le syndicat ${'très '.repeat(n)}${base.repeat(3)}`, 'fr'), 'fr').map(text);
      expect(lines.filter((l, i) => /\d$/.test(l) && /^(%|\d{3})/.test(lines[i + 1] ?? ''))).toEqual([]);
    }
  });

  it('do not hyphenate a paragraph whose lines fit without it', () => {
    const lines = wrap('We call on you to ensure the right to a fair appeal.', 'en');
    expect(lines.some((l) => l.hyphenated)).toBe(false);
  });

  it('end no page with a hyphenated line', () => {
    const blocks: Block[] = Array.from({ length: 14 }, () => ({ kind: 'paragraph', inlines: [{ kind: 'text', text: GERMAN }] }));
    const doc: LetterDocument = {
      language: 'de',
      pageLabel: { template: 'Seite {n} von {total}' },
      blocks,
      footnotes: [],
      meta: { title: 't', author: 'a', subject: 's', keywords: [], creationDate: new Date(0) },
    };
    const { pages } = layoutLetter(doc, fonts);
    expect(pages.length).toBeGreaterThan(2);
    let hyphens = 0;
    pages.forEach((page) => {
      const body = page.items.filter((i) => i.kind === 'text' && i.size === BODY.size);
      hyphens += body.filter((i) => i.kind === 'text' && /\p{L}-$/u.test(i.text)).length;
      const lastY = Math.max(...body.map((i) => (i.kind === 'text' ? i.y : 0)));
      for (const item of body) if (item.kind === 'text' && item.y === lastY) expect(item.text).not.toMatch(/\p{L}-$/u);
    });
    expect(hyphens).toBeGreaterThan(5);
  });
});

describe('the lines kept for a paragraph', () => {
  it('are those of the letter’s own Han font: a Korean letter is laid out as alone after a Chinese one', async () => {
    // U+302E (a Hangul tone mark in the Han fallback range) is 0 wide in the SC, TC and JP fonts and
    // 1.25 em in KR: the same paragraph breaks elsewhere in a Korean letter.
    const sentence =
      'The committee received the petition 訓民正音〮 and the statement 。〮 from the union on the matter of the detention of the trade unionists, which it will examine at its next session in full detail';
    const { composeLetter } = await import('../../src/compose/compose-letter.js');
    const { loadCase } = await import('../../src/pipeline/load-case.js');
    const { planCaseLetters } = await import('../../src/plan/plan-case-letters.js');
    const { ROOT } = await import('../helpers/run-cli.js');
    const { join } = await import('node:path');
    const letter = (han: 'sc' | 'kr'): LetterDocument => {
      const doc = composeLetter(planCaseLetters(loadCase(join(ROOT, 'cases', 'erlan-baltabay.yaml')))[0]!);
      const blocks: Block[] = [...doc.blocks];
      blocks.splice(
        blocks.findIndex((b) => b.kind === 'paragraph'),
        0,
        { kind: 'paragraph', inlines: [{ kind: 'text', text: `${sentence} ${sentence}` }] } as Block,
      );
      return { ...doc, han, blocks };
    };
    const lines = (layout: ReturnType<typeof layoutLetter>) =>
      layout.pages.flatMap((p) => p.items).flatMap((i) => (i.kind === 'text' ? [[i.text, i.wordSpacing]] : []));
    vi.resetModules();
    const fresh = await import('../../src/layout/layout-letter.js');
    const alone = lines(fresh.layoutLetter(letter('kr')));
    layoutLetter(letter('sc'));
    expect(lines(layoutLetter(letter('kr')))).toEqual(alone);
  });
});
