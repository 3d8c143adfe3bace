import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of each page of a PDF, item by item in drawing order (md-to-pdf's getPdfTextContent). */
export async function pdfPages(data: Uint8Array): Promise<string[][]> {
  const pdf = await getDocument({ data: new Uint8Array(data), verbosity: 0, useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[][] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    const content = await page.getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).filter((s) => s.trim() !== ''));
  }
  await pdf.destroy();
  return pages;
}

/**
 * Whitespace-separated words of a PDF, pages in order. A word hyphenated at a line end is read as one
 * word, as pdf.js's own viewer reads it (its find normalises "\p{Ll}-\n\p{Ll}" and "\p{Lu}-\n\p{L}";
 * pdftotext joins them too).
 */
export async function pdfWords(data: Uint8Array): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(data), verbosity: 0, useSystemFonts: false, isEvalSupported: false }).promise;
  let text = '';
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    for (const it of content.items) if ('str' in it) text += it.str + (it.hasEOL ? '\n' : ' ');
    text += '\n';
  }
  await pdf.destroy();
  return text
    .replace(/(\p{Ll})-\n(?=\p{Ll})|(\p{Lu})-\n(?=\p{L})/gu, '$1$2')
    .split(/\s+/)
    .filter(Boolean);
}

/**
 * The words of a preview as the PDF prints them: footnote markers `[1]` become the superscript `1`
 * (`[1][4]` becomes "1,4"), and the preview's own furniture (signature markers, page-break lines, rules) is left out.
 */
export function previewWords(text: string): string[] {
  return (
    text
      .replace(/\u001b\[\d+m/g, '')
      .split('\n')
      .filter((line) => !/^-- page \d+ --$/.test(line) && !/^\[signature: .*\]$/.test(line) && !/^─+$/.test(line))
      .join('\n')
      // Markers side by side, `[1][4]`, are set "1,4" in the PDF.
      .replace(/\[(\d+)\](?=\[\d+\])/g, ' $1,')
      .replace(/,\[(\d+)\]/g, ',$1')
      .replace(/\[(\d+)\]/g, ' $1')
      .split(/\s+/)
      .filter(Boolean)
  );
}

/**
 * The characters of a text without any white space: words compared "ignoring whitespace". Invisible
 * format characters go too: pdf.js leaves them out of its text by design (a Persian zero-width
 * non-joiner, "می‌خواهم"), and poppler adds its own around right-to-left runs (U+202B…U+202C).
 */
export function compact(words: string[]): string {
  return words.join('').replace(/[\s\p{Cf}]+/gu, '');
}
