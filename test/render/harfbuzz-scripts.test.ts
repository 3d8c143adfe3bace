import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harfBuzzLoaded } from '../../src/fonts/harfbuzz.js';
import { loadCase } from '../../src/pipeline/load-case.js';
import { produceLetter } from '../../src/pipeline/produce-letter.js';
import { planCaseLetters } from '../../src/plan/plan-case-letters.js';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ROOT, runCli, sampleWorkspace, tempDir, tool } from '../helpers/run-cli.js';

/**
 * A letter with names in Khmer, Thai, Bengali, Myanmar and Tamil (test/fixtures/text-layer/cases/
 * scripts-asia.yaml): shaped by HarfBuzz, drawn from fallback fonts only it embeds, and read back from
 * the PDF as typed, word for word, by pdftotext and pdf.js.
 */

const WORDS = [
  'ឈឹម ស៊ីថា',
  'រ៉ុង ឈុន',
  'ព្រះរាជាណាចក្រកម្ពុជា',
  'សហជីព',
  'ธนาธร จึงรุ่งเรืองกิจ',
  'สมยศ พฤกษาเกษมสุข',
  'ประเทศไทย',
  'কল্পনা আক্তার',
  'আমিনুল ইসলাম',
  'বাংলাদেশ শ্রমিক',
  'ဝင်းမြင့်',
  'အောင်ဆန်းစုကြည်',
  'မြန်မာ',
  'தொழிலாளர்',
  'இலங்கை தொழிற்சங்கம்',
];

const dirs: string[] = [];
let ws = '';
let loadedAfterSample = true;
let pdf = '';

beforeAll(async () => {
  ws = sampleWorkspace();
  dirs.push(ws, tempDir('letters-harfbuzz-'));
  cpSync(join(ROOT, 'test', 'fixtures', 'text-layer', 'cases', 'scripts-asia.yaml'), join(ws, 'cases', 'scripts-asia.yaml'));
  for (const name of ['erlan-baltabay', 'scripts-asia']) {
    const [spec] = planCaseLetters(loadCase(join(ws, 'cases', `${name}.yaml`)));
    const file = join(dirs[1]!, `${name}.pdf`);
    writeFileSync(file, (await produceLetter(spec!)).pdf);
    if (name === 'erlan-baltabay') loadedAfterSample = harfBuzzLoaded();
    else pdf = file;
  }
}, 120_000);

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('scripts shaped by HarfBuzz', () => {
  it('loads HarfBuzz only for a letter that has one of its scripts', () => {
    expect(loadedAfterSample).toBe(false);
    expect(harfBuzzLoaded()).toBe(true);
  });

  it('embeds each script’s Noto Sans as a subset', () => {
    const rows = tool('pdffonts', [pdf]).split('\n').slice(2).filter(Boolean);
    const names = rows.map((row) => row.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ''));
    // The body's names in the regular weight, the name in bold in the bold one.
    for (const font of [
      'NotoSansKhmer-Regular',
      'NotoSansKhmer-Bold',
      'NotoSansThai-Regular',
      'NotoSansBengali-Regular',
      'NotoSansMyanmar-Regular',
      'NotoSansTamil-Regular',
    ]) {
      expect(names).toContain(font);
    }
    expect(rows.every((row) => /\syes\s+yes\s+yes\s/.test(row))).toBe(true);
  });

  it('reads every name back as typed with pdftotext: no syllable reordered, no space inside a word', () => {
    const poppler = tool('pdftotext', [pdf, '-']).replace(/\s+/g, ' ');
    for (const words of WORDS) expect(poppler, words).toContain(words);
  });

  it('reads every name back with its spaces where typed with pdf.js, none inside a word, none lost, no glyph code for a mark', async () => {
    // pdf.js takes a glyph whose text has a nonspacing mark (\p{Mn}) anywhere for a zero-width mark:
    // it moved on by nothing for រ៉ុ or শ্র and read the gap their width left as a space ("រ៉ុ ងឈុ ន").
    const doc = await getDocument({ data: new Uint8Array(readFileSync(pdf)), verbosity: 0, useSystemFonts: false, isEvalSupported: false }).promise;
    const content = await (await doc.getPage(1)).getTextContent();
    await doc.destroy();
    const text = content.items
      .map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : ''))
      .join('')
      .replace(/\s+/g, ' ');
    // A mark that stands for no character is drawn as a shape: as text, pdf.js read its glyph code.
    expect(text).not.toMatch(/[\u0000-\u001f]/);
    for (const words of WORDS) expect(text, words).toMatch(new RegExp(`(?<![\\p{L}\\p{M}])${words}(?![\\p{L}\\p{M}])`, 'u'));
  });

  it('draws a mark that stands for no character from one form per glyph, however often it is met', async () => {
    // น้ำ: HarfBuzz decomposes ำ into a ring and a vowel, which stand for no character of their own.
    const file = join(ws, 'cases', 'floods.yaml');
    const floods = Array.from({ length: 200 }, () => 'น้ำท่วม').join(' ');
    writeFileSync(
      file,
      readFileSync(join(ws, 'cases', 'scripts-asia.yaml'), 'utf8')
        .replace('id: scripts-asia', 'id: floods')
        .replace('Others held', `${floods}. Others held`),
    );
    const [spec] = planCaseLetters(loadCase(file));
    const out = join(dirs[1]!, 'floods.pdf');
    writeFileSync(out, (await produceLetter(spec!)).pdf);
    const forms = (file: string) =>
      Object.values(
        (
          JSON.parse(tool('qpdf', ['--json', '--json-stream-data=none', file])) as {
            qpdf: [unknown, Record<string, { stream?: { dict: Record<string, string> } }>];
          }
        ).qpdf[1],
      ).filter((o) => o.stream?.dict['/Subtype'] === '/Form').length;
    // The same letter without the 200 words has its own marks' forms; the words add a form or two, not 400.
    expect(forms(out) - forms(pdf)).toBeGreaterThan(0);
    expect(forms(out) - forms(pdf)).toBeLessThanOrEqual(3);
    expect(tool('pdftotext', [out, '-']).replace(/\s+/g, ' ')).toContain(floods);
  });

  it('passes validate and preview, which lay the letter out too', () => {
    expect(runCli(['validate', join(ws, 'cases', 'scripts-asia.yaml')]).code).toBe(0);
    const preview = runCli(['preview', join(ws, 'cases', 'scripts-asia.yaml')]);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain('ឈឹម ស៊ីថា');
  });
});
