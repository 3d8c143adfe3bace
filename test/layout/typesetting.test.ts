import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFonts } from '../../src/fonts/font-set.js';
import { languageOf } from '../../src/languages/languages.js';
import { BODY, MARGIN, PAGE } from '../../src/layout/page-style.js';
import { loadCase } from '../../src/pipeline/load-case.js';
import { produceLetter } from '../../src/pipeline/produce-letter.js';
import { planCaseLetters } from '../../src/plan/plan-case-letters.js';
import { ROOT, sampleWorkspace, tempDir, tool } from '../helpers/run-cli.js';

/**
 * The sample letter of each language (the English and Portuguese samples, and the sample case in
 * French, Spanish, German and Russian from test/fixtures/text-layer) read back from the PDF with
 * pdftotext's word boxes: word gaps, dates, hyphenated line ends, the letterhead's columns.
 */

interface Word {
  xMin: number;
  xMax: number;
  text: string;
}
interface Line {
  words: Word[];
  /** The last line of its pdftotext block (a paragraph's last line). */
  last: boolean;
}
interface Letter {
  language: string;
  pdf: Buffer;
  lines: Line[];
}

const CASES: Record<string, string> = {
  en: 'erlan-baltabay.yaml',
  fr: 'typeset-fr.yaml',
  es: 'typeset-es.yaml',
  de: 'typeset-de.yaml',
  ru: 'typeset-ru.yaml',
  pt: 'baltabay-pt.yaml',
};

const letters = new Map<string, Letter>();
const SPACE = loadFonts().fonts.regular.width(' ') * BODY.size;
const RIGHT = PAGE.width - MARGIN.right;

function wordLines(pdfFile: string): Line[] {
  const xml = tool('pdftotext', ['-bbox-layout', pdfFile, '-']);
  const lines: Line[] = [];
  for (const [, block] of xml.matchAll(/<block[^>]*>([\s\S]*?)<\/block>/g)) {
    const inBlock = [...block!.matchAll(/<line[^>]*>([\s\S]*?)<\/line>/g)];
    inBlock.forEach(([, line], i) => {
      const words = [...line!.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)<\/word>/g)].map((m) => ({
        xMin: Number(m[1]),
        xMax: Number(m[2]),
        text: m[3]!
          .replace(/&amp;/g, '&')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&apos;/g, "'"),
      }));
      lines.push({ words, last: i === inBlock.length - 1 });
    });
  }
  return lines;
}

beforeAll(async () => {
  const ws = sampleWorkspace();
  const out = tempDir('letters-typeset-');
  cpSync(join(ROOT, 'test', 'fixtures', 'text-layer', 'cases'), join(ws, 'cases'), { recursive: true });
  for (const [language, file] of Object.entries(CASES)) {
    const spec = planCaseLetters(loadCase(join(ws, 'cases', file)))[0]!;
    expect(spec.language).toBe(language);
    const { pdf } = await produceLetter(spec);
    const pdfFile = join(out, `${language}.pdf`);
    writeFileSync(pdfFile, pdf);
    letters.set(language, { language, pdf, lines: wordLines(pdfFile) });
  }
}, 120_000);

/** Lines set full width: justified lines of the body (a right-aligned page label has normal gaps). */
const justified = (letter: Letter) => letter.lines.filter((l) => l.words.length > 1 && l.words[l.words.length - 1]!.xMax > RIGHT - 1);

describe.each(Object.keys(CASES))('the %s sample letter', (language) => {
  it('has no justified line whose word gaps pass 1.5 spaces', () => {
    const letter = letters.get(language)!;
    const lines = justified(letter);
    expect(lines.length).toBeGreaterThanOrEqual(language === 'pt' ? 5 : 15);
    const loose = lines
      .map((l) => ({ text: l.words.map((w) => w.text).join(' '), gap: Math.max(...l.words.slice(1).map((w, i) => w.xMin - l.words[i]!.xMax)) / SPACE }))
      .filter((l) => l.gap > 1.52);
    expect(loose).toEqual([]);
  });

  it('never splits a date between its day and its month', () => {
    const { lines } = letters.get(language)!;
    const months = monthNames(language);
    const problems: string[] = [];
    lines.forEach((line, i) => {
      const next = lines[i + 1]?.words[0]?.text.toLowerCase().replace(/\p{P}+$/u, '');
      const words = line.words.map((w) => w.text);
      const lastWord = words[words.length - 1] ?? '';
      const dayEnds = /^\d{1,2}(\.|er)?$/.test(lastWord) || (lastWord === 'de' && /^\d{1,2}$/.test(words[words.length - 2] ?? ''));
      if (dayEnds && next && (months.has(next) || next === 'de')) problems.push(`${words.join(' ')} / ${next}`);
      // A month name that opens a line after a day number ending the previous one is caught above; one
      // that ends a line after "de" with the day before is split the other way.
      if (/^\d{1,2}$/.test(words[words.length - 1] ?? '') && next === 'de') problems.push(`${words.join(' ')} / de`);
    });
    expect(problems).toEqual([]);
    // The letters do hold dates written in their bodies and dates the tool formats.
    const text = lines.map((l) => l.words.map((w) => w.text).join(' ')).join('\n');
    expect([...text.matchAll(/\d{1,2}\.? (de )?(\p{L}+)/gu)].filter((m) => months.has(m[2]!.toLowerCase())).length).toBeGreaterThanOrEqual(2);
  });
});

function monthNames(language: string): Set<string> {
  const { localize } = languageOf(language)!.date.locale;
  const names = new Set<string>();
  for (let m = 0; m < 12; m++) {
    for (const context of ['formatting', 'standalone'] as const) names.add(localize.month(m as 0, { width: 'wide', context }).toLowerCase());
  }
  return names;
}

describe('Russian line ends', () => {
  it('never end a line of the Russian letter with a one-letter preposition or conjunction', () => {
    const { lines } = letters.get('ru')!;
    const ends = lines.filter((l) => l.words.length > 1).map((l) => l.words.map((w) => w.text).join(' '));
    expect(ends.filter((line) => /(^| )[вксуоиаяВКСУОИАЯ]$/u.test(line))).toEqual([]);
    // The letter has such words, inside its lines.
    expect(ends.filter((line) => / [вксуоиая] /u.test(line)).length).toBeGreaterThanOrEqual(5);
  });
});

describe('hyphenation', () => {
  it('breaks words at line ends in the German and Russian letters, one hyphen per line end', () => {
    for (const language of ['de', 'ru']) {
      const ends = justified(letters.get(language)!).filter((l) => /\p{L}-$/u.test(l.words[l.words.length - 1]!.text));
      expect(ends.length, language).toBeGreaterThanOrEqual(2);
      for (const l of ends) expect(l.words[l.words.length - 1]!.text, language).not.toMatch(/--$/);
    }
  });

  it('reads a hyphenated word as one word in pdftotext', () => {
    const letter = letters.get('de')!;
    const broken = letter.lines.flatMap((l, i) => {
      const last = l.words[l.words.length - 1]!.text;
      const next = letter.lines[i + 1]?.words[0]?.text;
      return /\p{Ll}-$/u.test(last) && next && /^\p{Ll}/u.test(next) ? [last.slice(0, -1) + next.replace(/\p{P}+$/u, '')] : [];
    });
    expect(broken.length).toBeGreaterThan(0);
    const dir = tempDir('letters-typeset-text-');
    const file = join(dir, 'de.pdf');
    writeFileSync(file, letter.pdf);
    const text = tool('pdftotext', [file, '-']);
    for (const word of broken) expect(text).toContain(word);
  });
});

describe('the letterhead and the address, as the model letter', () => {
  it('sets the acronyms in a column and the names aligned after it', () => {
    const { lines } = letters.get('en')!;
    const head = lines.filter((l) => ['ITUC', 'CSI', 'IGB'].includes(l.words[0]?.text ?? '') && l.words[0]!.xMin < MARGIN.left + 1);
    expect(head.map((l) => l.words[0]!.text)).toEqual(['ITUC', 'CSI', 'CSI', 'IGB']);
    const names = new Set(head.map((l) => l.words[1]!.xMin.toFixed(2)));
    expect(names.size).toBe(1);
    expect(Number([...names][0])).toBeGreaterThan(head[0]!.words[0]!.xMax);
  });

  it('sets every position line of the addressee in bold', async () => {
    const { pdf } = letters.get('en')!;
    const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, useSystemFonts: false, isEvalSupported: false }).promise;
    const page = await doc.getPage(1);
    await page.getOperatorList();
    const content = await page.getTextContent();
    // The addressee's lines, from its name on (the letterhead's officers have a "President" too).
    const from = content.items.findIndex((it) => 'str' in it && it.str === 'Mr Kassym-Jomart Tokayev');
    expect(from).toBeGreaterThan(0);
    const fontOf = (str: string) => {
      const item = content.items.slice(from).find((it) => 'str' in it && it.str === str);
      if (!item || !('fontName' in item)) return undefined;
      return (page.commonObjs.get(item.fontName) as { name: string }).name;
    };
    expect(fontOf('President')).toMatch(/NotoSans-Bold$/);
    expect(fontOf('Republic of Kazakhstan')).toMatch(/NotoSans-Bold$/);
    expect(fontOf('Mr Kassym-Jomart Tokayev')).toMatch(/NotoSans-Regular$/);
    await doc.destroy();
  });
});
