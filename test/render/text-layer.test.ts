import { execFile } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LetterSpec } from '../../src/plan/letter-spec.js';
import { loadCase } from '../../src/pipeline/load-case.js';
import { planCaseLetters } from '../../src/plan/plan-case-letters.js';
import { produceLetter } from '../../src/pipeline/produce-letter.js';
import { compact, pdfWords, previewWords } from '../helpers/pdf-text.js';
import { BIN, ROOT, sampleWorkspace, tempDir, tool } from '../helpers/run-cli.js';
import { shuffled } from '../helpers/shuffled.js';
import { twoAtATime } from '../helpers/two-at-a-time.js';

/**
 * The samples and the stress cases of test/fixtures/text-layer (all five languages, Kazakh Cyrillic,
 * Lithuanian, Turkish, Czech, French ç, ligature candidates, bold and italic, and names and
 * quotations in Persian, Arabic, Hebrew, Hindi, Chinese, Japanese, Korean, Georgian, Armenian and Greek in
 * fallback fonts, right-to-left runs among them, and Hebrew and Persian phrases with words in bold or
 * italics and on a letter-spaced line, in a quotation and a list) rendered in one process
 * in several orders: every letter's text layer must be its preview, and its bytes those of the same
 * letter generated alone by a fresh `letters generate --recipient`.
 */

interface Letter {
  name: string;
  caseFile: string;
  spec: LetterSpec;
  preview: string;
  alone: Buffer;
}

/** The non-space characters of a text, sorted: what a reading order cannot change (see compact for \p{Cf}). */
function characters(text: string): string {
  return [...text.replace(/[\s\p{Cf}]+/gu, '')].sort().join('');
}

const run = promisify(execFile);
const dirs: string[] = [];
let letters: Letter[] = [];

/** Runs the built CLI without blocking, so two fresh processes can start at once. */
async function cli(args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 << 20 });
  return stdout;
}

beforeAll(async () => {
  const ws = sampleWorkspace();
  const out = tempDir('letters-alone-');
  dirs.push(ws, out);
  cpSync(join(ROOT, 'test', 'fixtures', 'text-layer', 'cases'), join(ws, 'cases'), { recursive: true });
  // The stress cases first: a fresh process meets their accented letters before any plain one.
  const samples = (f: string) => Number(['erlan', 'baltabay', 'joint'].some((p) => f.startsWith(p)));
  const files = readdirSync(join(ws, 'cases'))
    .filter((f) => f.endsWith('.yaml'))
    .sort((a, b) => samples(a) - samples(b) || a.localeCompare(b));
  const planned = files.flatMap((file) => {
    const caseFile = join(ws, 'cases', file);
    const kase = loadCase(caseFile);
    return planCaseLetters(kase).map((spec) => ({ caseFile, caseId: kase.data.id, spec }));
  });
  // The previews come from `letters preview`: laying a letter out here would shape its words
  // before any PDF of this process, and hide what the renders below do to each other.
  const previews = new Map<string, string>();
  await twoAtATime(files, async (file) => {
    const shown = JSON.parse(await cli(['preview', join(ws, 'cases', file), '--json'])) as { id: string; text: string }[];
    for (const p of shown) previews.set(`${join(ws, 'cases', file)} ${p.id}`, p.text);
  });
  letters = await twoAtATime(planned, async ({ caseFile, caseId, spec }): Promise<Letter> => {
    await cli(['generate', caseFile, '--recipient', spec.id, '--out', out, '--force']);
    return {
      name: `${caseId}/${spec.id}`,
      caseFile,
      spec,
      preview: previews.get(`${caseFile} ${spec.id}`)!,
      alone: readFileSync(join(out, caseId, `${spec.id}.pdf`)),
    };
  });
}, 600_000);

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Where a letter's text layer differs from its preview, or '' when it does not. */
async function textProblems(name: string, pdf: Buffer, preview: string): Promise<string[]> {
  const problems: string[] = [];
  const expected = compact(previewWords(preview));
  const pdfjs = compact(await pdfWords(pdf));
  if (pdfjs !== expected) problems.push(`${name}: pdf.js reads ${JSON.stringify(pdfjs)}\n  the preview is ${JSON.stringify(expected)}`);
  const file = join(dirs[1]!, 'check.pdf');
  writeFileSync(file, pdf);
  const poppler = characters(tool('pdftotext', [file, '-']));
  if (poppler !== characters(expected)) problems.push(`${name}: pdftotext's characters differ from the preview's`);
  return problems;
}

describe('the text layer and the bytes of every letter, whatever was rendered before it', () => {
  it('covers the samples and stress letters in all five languages', () => {
    const languages = new Set(letters.map((l) => l.spec.language));
    for (const language of ['en', 'fr', 'es', 'de', 'ru', 'pt']) expect(languages).toContain(language);
    expect(letters.length).toBeGreaterThanOrEqual(10);
  });

  it('gives every letter generated alone a text layer equal to its preview', async () => {
    const problems: string[] = [];
    for (const l of letters) problems.push(...(await textProblems(l.name, l.alone, l.preview)));
    expect(problems).toEqual([]);
  });

  const orders: [string, (all: Letter[]) => Letter[]][] = [
    ['forward', (all) => all],
    ['reversed', (all) => [...all].reverse()],
    ['shuffled (seed 1)', (all) => shuffled(all, 1)],
    ['shuffled (seed 7)', (all) => shuffled(all, 7)],
  ];
  it.each(orders)('renders in one process, %s, the text and the bytes of each letter alone', async (_order, order) => {
    const problems: string[] = [];
    for (const l of order(letters)) {
      const { pdf } = await produceLetter(l.spec);
      problems.push(...(await textProblems(l.name, pdf, l.preview)));
      if (!pdf.equals(l.alone)) problems.push(`${l.name}: bytes differ from the letter generated alone`);
    }
    expect(problems).toEqual([]);
  });
});
