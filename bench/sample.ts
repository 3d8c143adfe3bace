// The sample letter every contender prints, and the checks that its PDFs are whole.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { composeLetter } from '../src/compose/compose-letter.js';
import type { LetterSpec } from '../src/plan/letter-spec.js';
import { loadCase } from '../src/pipeline/load-case.js';
import { planCaseLetters } from '../src/plan/plan-case-letters.js';
import type { Block, Inline, LetterDocument } from '../src/letter-document.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CASE_FILE = resolve(ROOT, 'cases/erlan-baltabay.yaml');

const require = createRequire(import.meta.url);

/** The Noto Sans TTF files our font set embeds, by style. */
export const FONT_FILES = {
  regular: require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'),
  italic: require.resolve('@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf'),
  boldItalic: require.resolve('@expo-google-fonts/noto-sans/700Bold_Italic/NotoSans_700Bold_Italic.ttf'),
} as const;

export interface Sample {
  spec: LetterSpec;
  /** The words all contenders print: composed once by our pipeline. */
  doc: LetterDocument;
}

/** Reads the sample case and composes its one letter (not timed: every contender starts from these words). */
export function loadSample(): Sample {
  const kase = loadCase(CASE_FILE);
  const [spec] = planCaseLetters(kase);
  if (!spec) throw new Error(`${CASE_FILE} has no letter`);
  return { spec, doc: composeLetter(spec) };
}

/** The text of a run of inlines, footnote markers left out. */
export function inlineText(inlines: Inline[]): string {
  return inlines.map((i) => (i.kind === 'text' ? i.text : i.kind === 'break' ? '\n' : '')).join('');
}

/** Every string of words the letter prints, in reading order (for the word check). */
export function letterStrings(doc: LetterDocument): string[] {
  const out: string[] = [];
  const block = (b: Block) => {
    switch (b.kind) {
      case 'letterhead':
        for (const l of b.lines) out.push(l.abbr ? `${l.abbr} ${l.name}` : l.name);
        for (const o of b.officers) out.push(o.name, ...o.titles);
        break;
      case 'addressees':
        for (const a of b.addressees) out.push(a.name, ...a.position, ...a.emails);
        break;
      case 'delivery':
        out.push(b.line, ...b.emails, ...b.address);
        break;
      case 'reference':
      case 'dateline':
      case 'salutation':
      case 'closing':
        out.push(b.text);
        break;
      case 'subject':
        out.push(`${b.label} ${b.text}`);
        break;
      case 'paragraph':
      case 'list-item':
        out.push(inlineText(b.inlines));
        break;
      case 'signatures':
        for (const s of b.signatories) out.push(s.name, ...(s.title ? [s.title] : []));
        break;
      case 'cc':
        out.push(b.label, ...b.entries);
        break;
    }
  };
  doc.blocks.forEach(block);
  for (const f of doc.footnotes) out.push(f.title ? `${f.title}, ${f.url}` : f.url);
  return out;
}

/** Words for comparing with text read back from a PDF: letters and digits only, case and quotes folded. */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[’'`]/g, '')
      // A footnote marker set right after a word ("charges¹" read back as "charges1") is not part of it.
      .replace(/(\p{L})(\p{N})/gu, '$1 $2')
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 0)
  );
}

export interface PdfCheck {
  pages: number;
  /** Words of the letter found in the PDF's text, as a multiset. */
  wordsFound: number;
  wordsTotal: number;
  missing: string[];
  /** The footnote URLs are on page 1. */
  footnotesOnPage1: boolean;
}

/** Reads a PDF back with pdfjs: pages, and whether all the letter's words are in it. */
export async function checkPdf(pdf: Buffer, doc: LetterDocument): Promise<PdfCheck> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 });
  const file = await task.promise;
  const pageTexts: string[] = [];
  for (let p = 1; p <= file.numPages; p++) {
    const page = await file.getPage(p);
    const content = await page.getTextContent();
    pageTexts.push(content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : ' ') : '')).join(''));
  }
  await task.destroy();
  // Count words as a multiset; words split over a line by a hyphen count when both halves are there.
  const have = new Map<string, number>();
  // A word hyphenated at a line end is read whole, as pdf.js's viewer and pdftotext join it.
  for (const w of words(pageTexts.join(' ').replace(/(\p{L})-\n(\p{L})/gu, '$1$2'))) have.set(w, (have.get(w) ?? 0) + 1);
  const want = letterStrings(doc).flatMap(words);
  const missing: string[] = [];
  for (const w of want) {
    const n = have.get(w) ?? 0;
    if (n > 0) have.set(w, n - 1);
    else missing.push(w);
  }
  const page1 = (pageTexts[0] ?? '').replace(/\s+/g, '');
  return {
    pages: file.numPages,
    wordsFound: want.length - missing.length,
    wordsTotal: want.length,
    missing,
    footnotesOnPage1: doc.footnotes.every((f) => page1.includes(f.url)),
  };
}

/** Median and percentiles of a list of milliseconds. */
export function stats(ms: number[]): { median: number; p95: number; min: number; mean: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
  return { median: at(0.5), p95: at(0.95), min: s[0] ?? NaN, mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length) };
}
