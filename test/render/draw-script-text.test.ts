import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedFallbacks } from '../../src/fonts/fallback-fonts.js';
import { loadCase } from '../../src/pipeline/load-case.js';
import { produceLetter } from '../../src/pipeline/produce-letter.js';
import { planCaseLetters } from '../../src/plan/plan-case-letters.js';
import { compact, pdfWords, previewWords } from '../helpers/pdf-text.js';
import { renderCase } from '../helpers/render-case.js';
import { ROOT, runCli, sampleWorkspace, tempDir, tool } from '../helpers/run-cli.js';

/**
 * Letters with a Persian and a Chinese name (test/fixtures/text-layer/cases/scripts-*.yaml): drawn
 * from fallback fonts that only they embed, right-to-left runs right to left, and read back from
 * the PDF as typed.
 */

const dirs: string[] = [];
let ws = '';
/** Fallback fonts parsed by the process after the sample letter alone. */
let afterSample: string[] = [];
const pdfs = new Map<string, string>();

async function render(caseFile: string, name: string): Promise<string> {
  const [spec] = planCaseLetters(loadCase(caseFile));
  const file = join(dirs[1]!, `${name}.pdf`);
  writeFileSync(file, (await produceLetter(spec!)).pdf);
  pdfs.set(name, file);
  return file;
}

beforeAll(async () => {
  ws = sampleWorkspace();
  dirs.push(ws, tempDir('letters-scripts-'));
  for (const name of ['scripts-fa', 'scripts-zh'])
    cpSync(join(ROOT, 'test', 'fixtures', 'text-layer', 'cases', `${name}.yaml`), join(ws, 'cases', `${name}.yaml`));
  // The sample first: this test file's process has parsed no font of another script before it.
  await render(join(ws, 'cases', 'erlan-baltabay.yaml'), 'sample');
  afterSample = loadedFallbacks();
  await render(join(ws, 'cases', 'scripts-fa.yaml'), 'fa');
  await render(join(ws, 'cases', 'scripts-zh.yaml'), 'zh');
}, 120_000);

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** pdffonts' rows: font name, and whether it is embedded and subset. */
function fonts(name: string): { font: string; embeddedSubset: boolean }[] {
  return tool('pdffonts', [pdfs.get(name)!])
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((row) => ({ font: row.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ''), embeddedSubset: /\syes\s+yes\s+yes\s/.test(row) }));
}

/** pdftotext's text without the bidi controls it puts around right-to-left runs. */
function popplerText(name: string): string {
  return tool('pdftotext', [pdfs.get(name)!, '-']).replace(/[\u202a-\u202e]/g, '');
}

describe('names in other scripts', () => {
  it('parses and embeds no fallback font for a letter without those scripts', () => {
    expect(afterSample).toEqual([]);
    expect(fonts('sample').map((f) => f.font)).toEqual(['NotoSans-Bold', 'NotoSans-Regular']);
  });

  it('reads a Persian and a Chinese name back from the PDF as typed, with pdf.js and with pdftotext', async () => {
    const fa = (await pdfWords(readFileSync(pdfs.get('fa')!))).join(' ');
    const zh = (await pdfWords(readFileSync(pdfs.get('zh')!))).join(' ');
    expect(fa).toContain('رضا شهابی');
    expect(fa).toContain('سندیکای کارگران شرکت واحد');
    expect(fa).toContain('عبدالله الخطيب');
    expect(fa).toContain('שלום עליכם');
    expect(zh).toContain('李卓人');
    expect(zh).toContain('香港職工會聯盟');
    expect(popplerText('fa')).toContain('رضا شهابی');
    expect(popplerText('fa')).toContain('نمی‌خواهیم سکوت کنیم');
    expect(popplerText('zh')).toContain('(李卓人)');
  });

  it('draws a right-to-left name right to left: its first word at the right', () => {
    const words = [...tool('pdftotext', ['-bbox', pdfs.get('fa')!, '-']).matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((m) => ({
      x: Number(m[1]),
      y: Number(m[2]),
      // pdftotext -bbox gives each word's glyphs in drawing order, left to right.
      drawn: m[3]!,
    }));
    const reza = words.find((w) => w.drawn.includes([...'رضا'].reverse().join('')));
    const shahabi = words.find((w) => w.drawn.includes([...'شهابی'].reverse().join('')) && Math.abs(w.y - (reza?.y ?? -99)) < 3);
    expect(reza).toBeDefined();
    expect(shahabi).toBeDefined();
    expect(reza!.x).toBeGreaterThan(shahabi!.x);
  });

  it('embeds each fallback font as a subset, only in the letters that draw with it', () => {
    const fa = fonts('fa');
    const zh = fonts('zh');
    expect(fa.every((f) => f.embeddedSubset) && zh.every((f) => f.embeddedSubset)).toBe(true);
    expect(fa.map((f) => f.font)).toEqual(
      expect.arrayContaining(['NotoNaskhArabic', 'NotoNaskhArabic-Bold', 'NotoSansHebrew', 'NotoSansGeorgian-Regular', 'NotoSansArmenian-Regular']),
    );
    expect(fa.some((f) => /CJK|Hans|Hant|JP|KR/.test(f.font))).toBe(false);
    // letter.han: traditional; the kana and hangul names in the Japanese and Korean fonts.
    expect(zh.map((f) => f.font)).toEqual(expect.arrayContaining(['NotoSansHant-Regular', 'NotoSansJP-Regular', 'NotoSansKR-Regular']));
    expect(zh.some((f) => /Hans|Naskh|Hebrew/.test(f.font))).toBe(false);
  });

  it('sets Han characters in the forms of the case’s country when letter.han is not given', async () => {
    const file = join(ws, 'cases', 'scripts-zh.yaml');
    const yaml = readFileSync(file, 'utf8').replace(/\n {2}han: traditional\n/, '\n');
    writeFileSync(file, yaml.replace('country: China', 'country: Hong Kong'));
    await render(file, 'zh-hk');
    writeFileSync(file, yaml);
    await render(file, 'zh-cn');
    expect(fonts('zh-hk').map((f) => f.font)).toContain('NotoSansHant-Regular');
    expect(fonts('zh-cn').map((f) => f.font)).toContain('NotoSansHans-Regular');
    expect(fonts('zh-cn').map((f) => f.font)).not.toContain('NotoSansHant-Regular');
  });

  it('validates these scripts, and still refuses an emoji at its line and column', () => {
    expect(runCli(['validate', join(ws, 'cases', 'scripts-fa.yaml')]).code).toBe(0);
    const file = join(ws, 'cases', 'scripts-fa.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('native_name: رضا شهابی', 'native_name: رضا 😀 شهابی'));
    const run = runCli(['validate', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/scripts-fa\.yaml:6:22: error: people\[0\]\.native_name: character `😀` \(U\+1F600\) is in no embedded font/);
  });
});

describe('a right-to-left run split into several drawn pieces', () => {
  // French joins « » and ; : ! ? to their words with no-break spaces, and a no-break piece is drawn
  // apart from its line's other words (line-items.ts): the words of a Persian quotation in « » were
  // put in the wrong order, reversed only within each piece.
  const quote = 'ما فقط حقوق کارگران را مطالبه کردیم';
  const union = 'سندیکای کارگران شرکت واحد اتوبوسرانی تهران و حومه';
  const caseYaml = `id: fa-in-french
title: Emprisonnement de Reza Shahabi
country: Iran
people:
  - name: Reza Shahabi
    native_name: رضا شهابی
    role: trésorier du syndicat des travailleurs de la compagnie d’autobus de Téhéran (${union})
body: |
  Nous vous écrivons au sujet de {{person.name}}, {{person.role}} ; son syndicat a déclaré : « ${quote} » (« Nous n’avons fait que réclamer les droits des travailleurs »). Pourquoi lui refuser ce droit ?
letter:
  sender: fse-exemple
  date: 2023-06-01
recipients:
  - official: kz-president
`;

  it('reads back as typed, its first word drawn at the right', async () => {
    const file = join(ws, 'cases', 'fa-in-french.yaml');
    writeFileSync(file, caseYaml);
    await render(file, 'fa-fr');
    const text = (await pdfWords(readFileSync(pdfs.get('fa-fr')!))).join(' ');
    expect(text).toContain(quote);
    expect(text).toContain(union);
    const words = [...tool('pdftotext', ['-bbox', pdfs.get('fa-fr')!, '-']).matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map(
      (m) => ({
        x: Number(m[1]),
        y: Number(m[2]),
        drawn: m[3]!,
      }),
    );
    const at = (word: string) => words.find((w) => w.drawn.includes([...word].reverse().join('')));
    for (const [first, last] of [
      ['مطالبه', 'فقط'],
      ['کردیم', 'مطالبه'],
      ['حومه', 'سندیکای'],
    ] as const) {
      const [a, b] = [at(first), at(last)];
      expect(a && b && Math.abs(a.y - b.y) < 3).toBe(true);
      // The later typed word stands left of the earlier one.
      expect(a!.x).toBeLessThan(b!.x);
    }
  });
});

describe('a right-to-left phrase in several styles, or on a letter-spaced line', () => {
  // Each run of one style, and each word of a letter-spaced line, was set in typed order: a Hebrew
  // phrase with a word in bold, or on a line only letter spacing fills (one with a long Korean name),
  // showed its words in the wrong order, and pdf.js and pdftotext read them so.
  const body = [
    'Hebrew: **ההסתדרות הכללית** של העובדים and more.',
    '',
    'His union wrote: «ما خواهان *آزادی فوری* رضا» and more.',
    '',
    '*Hebrew: ההסתדרות הכללית של העובדים and “שלום”.* and ***Korean: 전국민주노동조합총연맹 위원장 양경수.***',
    '',
    'Persian: می‌خواهیم، کارگران‌ها، نمی‌توانند. Korean: 전국민주노동조합총연맹 위원장 양경수. The letter goes on with some words in English.',
    '',
    'We write about דוד לוי[^report] and others.',
  ].join('\n');
  const yaml = `id: rtl-styles
title: Unionists
country: Israel
people:
  - name: David Levi
    pronoun: he
    role: a union leader
sources:
  report:
    url: https://example.org/report
body: |
${body.replace(/^/gm, '  ')}
letter:
  sender: ituc
  date: 2023-06-01
recipients:
  - id: minister
    honorific: Mr
    name: Test Minister
    position: [Minister of Labour]
    salutation: Dear Minister,
`;

  it('reads back as the preview, with pdf.js and pdftotext, and is drawn right to left', async () => {
    const [letter] = await renderCase(yaml);
    expect(compact(letter!.pdf.split(' '))).toBe(compact(previewWords(letter!.preview)));
    const caseFile = join(ws, 'cases', 'rtl-styles.yaml');
    writeFileSync(caseFile, yaml);
    const file = await render(caseFile, 'rtl-styles');
    // pdftotext puts bidi controls and spaces of its own around right-to-left runs.
    const text = compact([tool('pdftotext', [file, '-'])]);
    expect(text.split(compact(['Hebrew: ההסתדרות הכללית של העובדים and'])).length - 1).toBe(2);
    expect(text).toContain(compact(['Hebrew: ההסתדרות הכללית של העובדים and more.']));
    expect(text).toContain(compact(['ما خواهان آزادی فوری رضا']));
    const words = [...tool('pdftotext', ['-bbox', file, '-']).matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((m) => ({
      x: Number(m[1]),
      y: Number(m[2]),
      drawn: m[3]!,
    }));
    const drawn = (word: string) => words.filter((w) => w.drawn.includes([...word].reverse().join('')));
    // On each line with the phrase (in bold, on a letter-spaced line), its first word stands at the right.
    const first = drawn('ההסתדרות');
    expect(first.length).toBe(2);
    for (const a of first) {
      const b = drawn('העובדים').find((w) => Math.abs(w.y - a.y) < 3)!;
      expect(a.x).toBeGreaterThan(b.x);
    }
  });
});
