import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import jpeg from 'jpeg-js';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { composeLetter } from '../../src/compose/compose-letter.js';
import { layoutLetter } from '../../src/layout/layout-letter.js';
import type { LetterDocument } from '../../src/letter-document.js';
import type { LetterSpec } from '../../src/plan/letter-spec.js';
import { loadCampaign } from '../../src/pipeline/load-campaign.js';
import { loadCase } from '../../src/pipeline/load-case.js';
import { planCampaign } from '../../src/pipeline/plan-campaign.js';
import { planCampaignLetter } from '../../src/pipeline/plan-campaign-letter.js';
import { planCaseLetters } from '../../src/plan/plan-case-letters.js';
import { produceLetter } from '../../src/pipeline/produce-letter.js';
import { BIN, ROOT, sampleWorkspace, tempDir } from '../helpers/run-cli.js';
import { shuffled } from '../helpers/shuffled.js';
import { twoAtATime } from '../helpers/two-at-a-time.js';

/**
 * The PDF renderer keeps font files, ToUnicode maps, glyph outlines and shaped lines per process
 * (src/render/font-streams.ts, draw-text.ts). Letters that share most of their text and differ in the
 * rest (other officials, senders, languages, PNG, JPEG and SVG signatures, Cyrillic and accented stress
 * cases) are rendered in one process in several orders, each twice, and each must have the bytes of
 * the same letter made alone by a fresh `letters` process.
 */

interface Letter {
  name: string;
  spec: LetterSpec;
  alone: Buffer;
}

const run = promisify(execFile);
const env = { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: undefined };

async function cli(cwd: string, args: string[]): Promise<void> {
  await run(process.execPath, [BIN, ...args], { cwd, env, maxBuffer: 64 << 20 });
}

/** A grey scribble as a JPEG, so one sender signs with a JPEG. */
function jpegSignature(): Buffer {
  const width = 120;
  const height = 40;
  const data = Buffer.alloc(width * height * 4, 255);
  for (let x = 0; x < width; x++) {
    const y = Math.round(20 + 12 * Math.sin(x / 9));
    for (let dy = -1; dy <= 1; dy++) data.fill(40, ((y + dy) * width + x) * 4, ((y + dy) * width + x) * 4 + 3);
  }
  return Buffer.from(jpeg.encode({ width, height, data }, 90).data);
}

let letters: Letter[] = [];

beforeAll(async () => {
  const ws = sampleWorkspace();
  const out = tempDir('letters-alone-');
  cpSync(join(ROOT, 'test', 'fixtures', 'text-layer', 'cases'), join(ws, 'cases'), { recursive: true });
  // One sender signs with an SVG (with text in it, set in the letter's fonts), one with a JPEG.
  copyFileSync(join(ROOT, 'test', 'fixtures', 'images', 'signature.svg'), join(ws, 'senders', 'signatures', 'signature.svg'));
  writeFileSync(join(ws, 'senders', 'signatures', 'signature.jpg'), jpegSignature());
  const swap = (file: string, to: string) => {
    const path = join(ws, 'senders', file);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/signature: signatures\/[\w-]+\.png/, `signature: signatures/${to}`));
  };
  swap('fse-exemple.yaml', 'signature.svg');
  swap('example-es-energia.yaml', 'signature.jpg');

  // Campaign letters: five senders in four languages, two officials.
  const campaign = (senders: string[]) =>
    [
      'id: cache-day',
      'title: A day of letters that share their bodies',
      'date: 2020-03-23',
      'cases: [erlan-baltabay]',
      'officials: [kz-president, kz-prosecutor-general]',
      'senders:',
      ...senders.map((s) => `  - ${s}`),
      '',
    ].join('\n');
  const entries = [
    '{sender: ituc, country: Belgium}',
    '{sender: fse-exemple, country: France}',
    '{sender: example-lt-energy, country: Lithuania}',
    '{sender: example-es-energia, country: Spain, reference: SEE/2020/031}',
    '{sender: example-de-energie, country: Germany, language: en}',
  ];
  writeFileSync(join(ws, 'campaigns', 'cache-day.yaml'), campaign(entries));
  const items = [...planCampaign(loadCampaign(join(ws, 'campaigns', 'cache-day.yaml')), out)];
  const campaignLetters = await twoAtATime(items, async (item): Promise<Letter> => {
    // Alone: a campaign of this one sender, case and official, in a fresh process.
    const name = `${item.senderId}/${item.caseId}/${item.officialId}`;
    const file = join(ws, 'campaigns', `alone-${item.index}.yaml`);
    const entry = entries.find((e) => e.startsWith(`{sender: ${item.senderId},`))!;
    writeFileSync(
      file,
      campaign([entry])
        .replace('cases: [erlan-baltabay]', `cases: [${item.caseId}]`)
        .replace(/officials: \[.*\]/, `officials: [${item.officialId}]`),
    );
    const folder = join(out, `alone-${item.index}`);
    await cli(ws, ['batch', file, '--jobs', '1', '--quiet', '--out', folder]);
    return { name, spec: planCampaignLetter(item).spec, alone: readFileSync(join(folder, 'cache-day', item.senderId, item.caseId, `${item.officialId}.pdf`)) };
  });

  // Case letters: the samples and the stress cases, one fresh `generate --recipient` each.
  const caseLetters = readdirSync(join(ws, 'cases'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => planCaseLetters(loadCase(join(ws, 'cases', f))).map((spec) => ({ file: join(ws, 'cases', f), spec })));
  const alone = await twoAtATime(caseLetters, async ({ file, spec }): Promise<Letter> => {
    const folder = join(out, `case-${caseLetters.findIndex((l) => l.spec === spec)}`);
    await cli(ws, ['generate', file, '--recipient', spec.id, '--out', folder, '--force']);
    const [caseId] = readdirSync(folder);
    return { name: `${caseId}/${spec.id}`, spec, alone: readFileSync(join(folder, caseId!, `${spec.id}.pdf`)) };
  });
  letters = [...campaignLetters, ...alone];
}, 600_000);

describe('letters rendered in one process after others have the bytes of the same letter alone', () => {
  it('covers officials, senders, languages and PNG, JPEG and SVG signatures', () => {
    expect(letters.length).toBeGreaterThanOrEqual(20);
    expect(new Set(letters.map((l) => l.spec.language)).size).toBeGreaterThanOrEqual(5);
    const signatures = new Set(
      letters.flatMap((l) =>
        composeLetter(l.spec).blocks.flatMap((b) => (b.kind === 'signatures' ? b.signatories.map((s) => extname(s.signature?.path ?? '')) : [])),
      ),
    );
    for (const kind of ['.png', '.jpg', '.svg']) expect(signatures).toContain(kind);
  });

  const orders: [string, (all: Letter[]) => Letter[]][] = [
    ['forward, each twice in a row', (all) => all.flatMap((l) => [l, l])],
    ['reversed', (all) => [...all].reverse()],
    ['shuffled (seed 3)', (all) => shuffled(all, 3)],
    ['shuffled (seed 11), all twice', (all) => shuffled([...all, ...all], 11)],
  ];
  it.each(orders)('%s', async (_order, order) => {
    const differing: string[] = [];
    for (const l of order(letters)) {
      const { pdf } = await produceLetter(l.spec);
      if (!pdf.equals(l.alone)) differing.push(l.name);
    }
    expect(differing).toEqual([]);
  });
});

describe('laid-out paragraphs kept per process (src/layout/block-lines.ts)', () => {
  it('are laid out anew where the letter names a word of them, which then stays whole', async () => {
    // A German letter hyphenates a noun of its body; another letter's addressee bears that noun as a
    // name, so there it must not be broken (hyphenate.ts). Same paragraph text, font set and width.
    const [spec] = planCaseLetters(loadCase(join(ROOT, 'cases', 'baltabay-de.yaml')));
    const doc = composeLetter(spec!);
    const texts = (d: LetterDocument) =>
      layoutLetter(d)
        .pages.flatMap((p) => p.items)
        .flatMap((i) => (i.kind === 'text' ? [i.text] : []));
    const head = texts(doc)
      .map((t) => /(\p{L}+)-$/u.exec(t)?.[1])
      .find((h) => h !== undefined);
    expect(head).toBeDefined();
    const body = doc.blocks.flatMap((b) => (b.kind === 'paragraph' ? b.inlines.map((i) => (i.kind === 'text' ? i.text : ' ')) : [])).join(' ');
    const word = new RegExp(`${head}\\p{L}*`, 'u').exec(body)![0];
    const named: LetterDocument = {
      ...doc,
      blocks: doc.blocks.map((b) => (b.kind === 'addressees' ? { ...b, addressees: b.addressees.map((a) => ({ ...a, name: `Herrn ${word} Tokajew` })) } : b)),
    };
    // After the first letter in this process, and alone in fresh modules with empty caches.
    const cached = texts(named);
    vi.resetModules();
    const fresh = await import('../../src/layout/layout-letter.js');
    const alone = fresh
      .layoutLetter(named)
      .pages.flatMap((p) => p.items)
      .flatMap((i) => (i.kind === 'text' ? [i.text] : []));
    expect(cached).toEqual(alone);
    expect(alone.some((t) => t.endsWith(`${head}-`))).toBe(false);
  });
});
