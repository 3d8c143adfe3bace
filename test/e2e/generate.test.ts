import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfPages } from '../helpers/pdf-text.js';
import { ROOT, runCli, sampleWorkspace, tempDir, tool } from '../helpers/run-cli.js';

/** Every sentence of the model letter (the ITUC letter of 16 December 2019), as converted from its PDF (a copy of the seed). */
const MODEL = readFileSync(join(ROOT, 'test', 'fixtures', 'model-letter.txt'), 'utf8');
const MODEL_BODY = MODEL.slice(MODEL.indexOf('On behalf of'), MODEL.indexOf('Yours sincerely,'))
  .replace(/^¹ <.*>$|^² <.*>$/gm, '')
  .replace(/[¹²]/g, '')
  .replace(/\s+/g, ' ')
  .replace('These criminal proceedings, as well as', 'These criminal proceedings, as well as');
const SENTENCES = MODEL_BODY.split(/(?<=[.”])\s+(?=[A-Z])/)
  .map((s) => s.trim())
  .filter((s) => s.length > 3);

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('letters generate on the sample case', () => {
  let out: string;
  let pdf: string;
  let pages: string[];

  beforeAll(async () => {
    out = tempDir();
    const run = runCli(['generate', 'cases/erlan-baltabay.yaml', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    pdf = join(out, 'erlan-baltabay', 'tokayev.pdf');
    expect(run.stdout.trim()).toBe(pdf);
    pages = tool('pdftotext', ['-layout', pdf, '-'])
      .split('\f')
      .filter((p) => p.trim());
  });

  it('holds every sentence of the model letter', () => {
    // The body's running text: footnote markers, the foot of page 1 and the page-2 header taken out.
    const text = squash(tool('pdftotext', [pdf, '-']))
      .replace(/ \d( \d)* (https:\/\/\S+ )+Boulevard.*?Page 2 of 2 /, ' ')
      .replace(/([a-z])\d(?=[.,\s])/g, '$1');
    expect(SENTENCES.length).toBeGreaterThanOrEqual(13);
    for (const sentence of SENTENCES) expect(text).toContain(sentence);
  });

  it('has every part of the model letter, in order', () => {
    const text = squash(tool('pdftotext', [pdf, '-']));
    const parts = [
      'ITUC International Trade Union Confederation',
      'CSI Confédération syndicale internationale',
      'CSI Confederación Sindical Internacional',
      'IGB Internationaler Gewerkschaftsbund',
      'Mr Kassym-Jomart Tokayev',
      'President',
      'Republic of Kazakhstan',
      'Via Embassy of Kazakhstan in Belgium :',
      'brussels@mfa.kz',
      'PERC/AL/pw',
      'Brussels, 16 December 2019',
      'Dear President,',
      'On behalf of the International Trade Union Confederation',
      'Yours sincerely,',
      'Sharan Burrow',
      'General Secretary',
    ];
    let at = 0;
    for (const part of parts) {
      const found = text.indexOf(part, at);
      expect(found, `"${part}" after position ${at}`).toBeGreaterThanOrEqual(0);
      at = found + part.length;
    }
    for (const officer of ['Ayuba Wabba', 'Président', 'Präsident', 'Presidente', 'Secrétaire générale', 'Generalsekretärin', 'Secretaria General']) {
      expect(text).toContain(officer);
    }
  });

  it('prints both footnotes at the foot of page 1, where they are cited', () => {
    expect(pages.length).toBe(2);
    const page1 = pages[0]!;
    expect(page1).toMatch(/^\s*1\s+https:\/\/www\.ituc-csi\.org\/Kazakhstan-repression-deepens-2019\s*$/m);
    expect(page1).toMatch(/^\s*2\s+https:\/\/www\.ituc-csi\.org\/kazakhstan-union-leader-erlan\s*$/m);
    expect(page1.indexOf('charges1')).toBeLessThan(page1.indexOf('https://www.ituc-csi.org/Kazakhstan'));
    expect(pages[1]).not.toContain('https://');
  });

  it('numbers the continuation page and repeats the reference', () => {
    expect(pages[1]).toMatch(/PERC\/AL\/pw\s+Page 2 of 2/);
    expect(pages[0]).not.toContain('Page 1');
  });

  it('keeps the closing, signature, name and title together', () => {
    const last = pages[pages.length - 1]!;
    for (const part of ['Yours sincerely,', 'Sharan Burrow', 'General Secretary']) expect(last).toContain(part);
    expect(tool('pdfimages', ['-list', pdf])).toMatch(/^\s+2\s+\d+\s+image\s+360\s+120\s+gray/m);
  });

  it('embeds every font it uses and passes qpdf --check', () => {
    const fonts = tool('pdffonts', [pdf]).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    for (const line of fonts) expect(line).toMatch(/NotoSans-\w+\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(tool('qpdf', ['--check', pdf])).toContain('No syntax or stream encoding errors found');
  });

  it('is A4 with the case title and sender in its metadata', () => {
    const info = tool('pdfinfo', [pdf]);
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(info).toMatch(/Title:\s+Persecution of Erlan Baltabay/);
    expect(info).toMatch(/Author:\s+International Trade Union Confederation/);
    expect(info).toMatch(/CreationDate:.*2019/);
  });

  it('draws the footnote markers as superscripts next to their words', async () => {
    const items = (await pdfPages(readFileSync(pdf)))[0]!;
    const marker = items.indexOf('charges');
    expect(marker).toBeGreaterThan(0);
    expect(items[marker + 1]).toBe('1');
  });
});

describe('deterministic output', () => {
  it('gives byte-identical PDFs across runs and time zones', () => {
    const hashes = new Set<string>();
    for (const TZ of ['UTC', 'Pacific/Kiritimati', 'America/Adak', 'Asia/Kathmandu']) {
      const out = tempDir();
      const run = runCli(['generate', 'cases/erlan-baltabay.yaml', '--out', out], { env: { TZ, SOURCE_DATE_EPOCH: undefined } });
      expect(run.code).toBe(0);
      const pdf = join(out, 'erlan-baltabay', 'tokayev.pdf');
      hashes.add(sha(pdf));
      expect(tool('pdftotext', [pdf, '-'])).toContain('Brussels, 16 December 2019');
      expect(tool('pdfinfo', ['-isodates', pdf])).toMatch(/CreationDate:\s+2019-12-16T12:00:00Z/);
    }
    expect(hashes.size).toBe(1);
  });

  it('takes its CreationDate from SOURCE_DATE_EPOCH when set', () => {
    const out = tempDir();
    expect(runCli(['generate', 'cases/erlan-baltabay.yaml', '--out', out], { env: { SOURCE_DATE_EPOCH: '1577836800' } }).code).toBe(0);
    expect(tool('pdfinfo', ['-isodates', join(out, 'erlan-baltabay', 'tokayev.pdf')])).toMatch(/CreationDate:\s+2020-01-01T00:00:00Z/);
  });
});

describe('writing files', () => {
  it('does not overwrite an existing letter without --force, and does with it', () => {
    const out = tempDir();
    expect(runCli(['generate', 'cases/erlan-baltabay.yaml', '--out', out]).code).toBe(0);
    const pdf = join(out, 'erlan-baltabay', 'tokayev.pdf');
    writeFileSync(pdf, 'precious');
    const again = runCli(['generate', 'cases/erlan-baltabay.yaml', '--out', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists already and differs from this letter: pass --force to overwrite it');
    expect(again.stdout).toBe('');
    expect(readFileSync(pdf, 'utf8')).toBe('precious');
    const forced = runCli(['generate', 'cases/erlan-baltabay.yaml', '--out', out, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readdirSync(join(out, 'erlan-baltabay'))).toEqual(['tokayev.pdf']);
  });

  it('writes under out/<case-id>/ of the workspace by default and only the asked recipients', () => {
    const ws = sampleWorkspace();
    const run = runCli(['generate', join(ws, 'cases', 'joint-appeal.yaml'), '--recipient', 'president-and-prosecutor'], { cwd: ws });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('out/joint-appeal/president-and-prosecutor.pdf\n');
    expect(statSync(join(ws, 'out', 'joint-appeal', 'president-and-prosecutor.pdf')).size).toBeGreaterThan(1000);
    const unknown = runCli(['generate', join(ws, 'cases', 'joint-appeal.yaml'), '--recipient', 'nobody'], { cwd: ws });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no recipient `nobody`');
  });

  it('prints JSON results with --json', () => {
    const out = tempDir();
    const run = runCli(['generate', 'cases/erlan-baltabay.yaml', '--out', out, '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.case).toBe('erlan-baltabay');
    expect(result.letters[0]).toMatchObject({ id: 'tokayev', status: 'written', pages: 2 });
    expect(result.letters[0].sha256).toBe(sha(result.letters[0].path));
  });

  it('answers wrong usage with exit code 2 and help with 0', () => {
    expect(runCli(['generate']).code).toBe(2);
    expect(runCli(['frobnicate']).code).toBe(2);
    const help = runCli(['generate', '--help']);
    expect(help.code).toBe(0);
    for (const option of ['--recipient', '--out', '--force', '--json']) expect(help.stdout).toContain(option);
    expect(help.stdout).toContain('letters generate cases/erlan-baltabay.yaml');
  });
});

describe('images', () => {
  it('draws SVG signatures and flattens transparent PNG logos, embedding no font but its own', () => {
    const ws = sampleWorkspace();
    cpSync(join(ROOT, 'test', 'fixtures', 'images'), join(ws, 'senders', 'signatures'), { recursive: true });
    const sender = join(ws, 'senders', 'ituc.yaml');
    writeFileSync(
      sender,
      readFileSync(sender, 'utf8')
        .replace('signature: signatures/sharan-burrow.png', 'signature: signatures/signature.svg')
        .replace('letterhead:', 'logo: signatures/logo-rgba.png\nletterhead:'),
    );
    const run = runCli(['generate', join(ws, 'cases', 'erlan-baltabay.yaml')], { cwd: ws });
    expect(run.stderr).toBe('');
    const pdf = join(ws, 'out', 'erlan-baltabay', 'tokayev.pdf');
    for (const line of tool('pdffonts', [pdf]).split('\n').slice(2).filter(Boolean)) expect(line).toMatch(/^\w+\+NotoSans-/);
    expect(tool('pdftotext', [pdf, '-'])).toContain('signé');
    const images = tool('pdfimages', ['-list', pdf]);
    expect(images).toMatch(/^\s+1\s+0\s+image\s+120\s+60\s+rgb\s/m);
    expect(images).not.toContain('smask');
    expect(tool('qpdf', ['--check', pdf])).toContain('No syntax or stream encoding errors found');
  });

  it('draws an SVG logo in the letterhead, as docs/formats.md says a logo may be', () => {
    const ws = sampleWorkspace();
    cpSync(join(ROOT, 'test', 'fixtures', 'images'), join(ws, 'senders', 'signatures'), { recursive: true });
    const sender = join(ws, 'senders', 'ituc.yaml');
    writeFileSync(sender, readFileSync(sender, 'utf8').replace('letterhead:', 'logo: signatures/signature.svg\nletterhead:'));
    const run = runCli(['generate', join(ws, 'cases', 'erlan-baltabay.yaml')], { cwd: ws });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const pdf = join(ws, 'out', 'erlan-baltabay', 'tokayev.pdf');
    const first = tool('pdftotext', ['-f', '1', '-l', '1', pdf, '-']);
    // The SVG's own text, drawn above the letterhead's first line.
    expect(first.indexOf('signé')).toBeGreaterThanOrEqual(0);
    expect(first.indexOf('signé')).toBeLessThan(first.indexOf('International Trade Union Confederation'));
  });
});

describe('bad letters', () => {
  it('reports a character no embedded font has, naming file, field and code point, and writes nothing', () => {
    const ws = sampleWorkspace();
    const file = join(ws, 'cases', 'erlan-baltabay.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('salutation: Dear President,', 'salutation: Dear President 🙂,'));
    const out = tempDir();
    const run = runCli(['generate', file, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cases\/erlan-baltabay\.yaml:\d+:\d+: error: recipients\[0\]\.salutation: character `🙂` \(U\+1F642\) is in no embedded font/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(out)).toEqual([]);
  });

  it('fails only the letter whose language lacks a text, and writes the others', () => {
    const ws = sampleWorkspace();
    const file = join(ws, 'cases', 'baltabay-fr.yaml');
    const text = readFileSync(file, 'utf8').replace(
      'recipients:\n  - official: kz-president\n    via: kz-in-france\n',
      'recipients:\n  - official: kz-president\n    via: kz-in-france\n  - id: no-french\n    name: Jane Doe\n    position: [{en: Ambassador}]\n    salutation: Madame,\n',
    );
    writeFileSync(file, text);
    const out = tempDir();
    const run = runCli(['generate', file, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /baltabay-fr\.yaml:\d+:\d+: error: recipients\[1\]\.position\[0\]: no French \(`fr`\) text: the letter is in `fr`, but `position` has only texts in en\. Give it per language, e\.g\. `position: \{en: \[\.\.\.\], fr: \[\.\.\.\]\}`/,
    );
    expect(run.stdout).toBe(`${join(out, 'baltabay-fr', 'kz-president.pdf')}\n`);
    expect(existsSync(join(out, 'baltabay-fr', 'no-french.pdf'))).toBe(false);
  });

  it('leaves no temp file behind', () => {
    const out = tempDir();
    mkdirSync(join(out, 'erlan-baltabay'));
    runCli(['generate', 'cases/erlan-baltabay.yaml', '--out', out]);
    expect(readdirSync(join(out, 'erlan-baltabay')).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});
