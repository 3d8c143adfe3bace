// Hostile signature images and paths (issue 10, item 1): each is refused by validate and generate with
// a message naming the sender file, the field and what is wrong, within a bounded time and memory, with
// no stack trace and nothing written. The CLI runs in a subprocess capped at 256 MB of heap.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers/run-cli.js';
import { makeJpeg } from './make-jpeg.js';

const BAD = join(ROOT, 'test', 'fixtures', 'bad');
const HOSTILE = join(ROOT, 'test', 'fixtures', 'hostile', 'images');
const GOOD_CASE = readFileSync(join(BAD, 'unknown-sender.yaml'), 'utf8').replace('sender: acne', 'sender: acme');
const SIGNATURE_LINE = 'signature: signatures/secretary.png';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A workspace whose sender `acme` signs with `signature` (as written in the sender file), and one case. */
function workspace(signature: string): string {
  const top = tempDir('letters-images-');
  made.push(top);
  const ws = join(top, 'ws');
  for (const sub of ['senders', 'directory']) cpSync(join(BAD, sub), join(ws, sub), { recursive: true });
  cpSync(HOSTILE, join(ws, 'senders', 'signatures'), { recursive: true });
  mkdirSync(join(ws, 'cases'));
  mkdirSync(join(ws, 'out'));
  writeFileSync(join(ws, 'cases', 'case.yaml'), GOOD_CASE);
  const sender = join(ws, 'senders', 'acme.yaml');
  writeFileSync(sender, readFileSync(sender, 'utf8').replace(SIGNATURE_LINE, `signature: ${JSON.stringify(signature)}`));
  return ws;
}

function run(ws: string, args: string[]) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=256', BIN, ...args], {
    cwd: ws,
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** validate and generate each refuse the signature with `mention`. */
function expectRefused(ws: string, mention: RegExp): string {
  const before = readdirSync(join(ws, '..'), { recursive: true }).sort();
  let message = '';
  for (const args of [
    ['validate', 'cases/case.yaml'],
    ['generate', 'cases/case.yaml', '--out', 'out'],
  ]) {
    const r = run(ws, args);
    expect(r.signal, `${args[0]} was killed: ${r.stderr}`).toBeNull();
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(1);
    expect(r.stderr).toMatch(/senders\/acme\.yaml:9:16: error: signatories\[0\]\.signature: signature image `/);
    expect(r.stderr).toMatch(mention);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toMatch(/internal error|heap out of memory|\bError:|This is a bug/);
    message = r.stderr;
  }
  expect(readdirSync(join(ws, '..'), { recursive: true }).sort()).toEqual(before);
  expect(readdirSync(join(ws, 'out'))).toEqual([]);
  return message;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A small PNG whose header declares `width`×`height` RGB pixels: decoding it would take gigabytes. */
function pngDeclaring(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1024 * 1024))), chunk('IEND', Buffer.alloc(0))]);
}

/** A JPEG header (start of frame) declaring `width`×`height` pixels. */
function jpegDeclaring(width: number, height: number): Buffer {
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, 0, 0, 0, 0, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), sof, Buffer.from([0xff, 0xd9])]);
}

const svg = (inner: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100">\n${inner}\n</svg>\n`;

describe('SVG signatures are drawn from their own content only', () => {
  it('draws an Inkscape signature with metadata, gradients and <use> of its own parts', () => {
    const ws = workspace('signatures/inkscape.svg');
    const r = run(ws, ['generate', 'cases/case.yaml', '--out', 'out']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(ws, 'out'), { recursive: true })).toContain(join('test-case', 'tokayev.pdf'));
  });

  it.each([
    ['image-file.svg', /line 3, column 3: `<image>` draws another file \(`\/etc\/hostname`\) into the signature/],
    ['image-dev-stdin.svg', /line 2, column 3: `<image>` draws another file \(`\/dev\/stdin`\)/],
    ['image-dev-zero.svg', /line 1, column \d+: `<image>` draws another file \(`file:\/\/\/dev\/zero`\)/],
    ['use-other-file.svg', /line 2, column 3: `<use>` has href="other\.svg#sig", which points outside the file/],
    ['url-http.svg', /`<rect>` has style with url\(http:\/\/tracker\.example\/p\.svg#paint\), which points outside the file/],
    ['style-import.svg', /`<style>` has @import, which loads another file/],
    ['doctype-entity.svg', /line 2, column \d+: the file has a `<!DOCTYPE …>`/],
    ['script.svg', /`<script>` is a script[\s\S]*`<foreignObject>` embeds/],
  ])('refuses %s', (file, mention) => {
    expectRefused(workspace(`signatures/${file}`), mention);
  });

  it('refuses <use> nested ten deep, which would draw ten billion shapes', () => {
    const ws = workspace('signatures/bomb.svg');
    let defs = '<path id="l0" d="M0 0 L1 1"/>';
    for (let i = 1; i <= 10; i++)
      defs += `<g id="l${i}">${Array(10)
        .fill(`<use href="#l${i - 1}"/>`)
        .join('')}</g>`;
    writeFileSync(join(ws, 'senders', 'signatures', 'bomb.svg'), svg(`<defs>${defs}</defs><use href="#l10"/>`));
    expectRefused(ws, /draws more than 50,000 elements once its `<use>` and `url\(#…\)` references are followed/);
  });

  it('refuses a 20 MB SVG, 20,000 elements, and elements nested 5000 deep', () => {
    let ws = workspace('signatures/big.svg');
    writeFileSync(join(ws, 'senders', 'signatures', 'big.svg'), svg(`<path d="M0 0 L1 1"/>\n`.repeat(900_000)));
    expectRefused(ws, /the file is 1[89]\.\d MB, more than the 1 MB allowed for an SVG image/);
    ws = workspace('signatures/many.svg');
    writeFileSync(join(ws, 'senders', 'signatures', 'many.svg'), svg('<g/>'.repeat(20_000)));
    expectRefused(ws, /has more than 10,000 elements/);
    ws = workspace('signatures/deep.svg');
    writeFileSync(join(ws, 'senders', 'signatures', 'deep.svg'), svg(`${'<g>'.repeat(5000)}${'</g>'.repeat(5000)}`));
    expectRefused(ws, /nests elements more than 64 deep/);
  });

  it('refuses a broken SVG and one whose top element is not <svg>', () => {
    let ws = workspace('signatures/cut.svg');
    writeFileSync(join(ws, 'senders', 'signatures', 'cut.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="3" height="1"><path d="M0 0"/>');
    expectRefused(ws, /the SVG file is not well-formed XML \(unclosed tag: svg\): export it again/);
    ws = workspace('signatures/text.svg');
    writeFileSync(join(ws, 'senders', 'signatures', 'text.svg'), `<!-- ${'x'.repeat(5000)} -->\nnot XML at all`);
    expectRefused(ws, /line 2, column \d+: the SVG file is not well-formed XML/);
    ws = workspace('signatures/html.svg');
    writeFileSync(join(ws, 'senders', 'signatures', 'html.svg'), '<svg width="3" height="1"><path d="M0 0"/><p></svg>');
    expectRefused(ws, /line 1, column \d+: the SVG file is not well-formed XML/);
  });
});

describe('raster signatures are checked from their headers before they are decoded', () => {
  it('signs with a JPEG, and validate checks a sender file with its images', () => {
    const ws = workspace('signatures/real.jpg');
    const pixels = Buffer.alloc(300 * 100 * 4, 0xff);
    for (let x = 20; x < 280; x++) pixels.fill(0, (50 * 300 + x) * 4, (50 * 300 + x) * 4 + 3);
    writeFileSync(join(ws, 'senders', 'signatures', 'real.jpg'), jpeg.encode({ width: 300, height: 100, data: pixels }, 90).data);
    const r = run(ws, ['generate', 'cases/case.yaml', '--out', 'out']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(ws, 'out'), { recursive: true })).toContain(join('test-case', 'tokayev.pdf'));
    writeFileSync(join(ws, 'senders', 'signatures', 'real.jpg'), jpegDeclaring(20_000, 300));
    const sender = run(ws, ['validate', 'senders/acme.yaml']);
    expect(sender.code).toBe(1);
    expect(sender.stderr).toMatch(
      /senders\/acme\.yaml:9:16: error: signatories\[0\]\.signature: signature image `signatures\/real\.jpg`: the image is 20000×300 pixels/,
    );
  });

  it('refuses a small PNG declaring 20000×20000 pixels', () => {
    const ws = workspace('signatures/huge.png');
    writeFileSync(join(ws, 'senders', 'signatures', 'huge.png'), pngDeclaring(20_000, 20_000));
    expectRefused(ws, /the image is 20000×20000 pixels, more than the 4000×4000 allowed: scale it down/);
  });

  it('refuses a JPEG declaring 20000×20000 pixels', () => {
    const ws = workspace('signatures/huge.jpg');
    writeFileSync(join(ws, 'senders', 'signatures', 'huge.jpg'), jpegDeclaring(20_000, 20_000));
    expectRefused(ws, /the image is 20000×20000 pixels, more than the 4000×4000 allowed/);
  });

  it('refuses a 6 MB PNG', () => {
    const ws = workspace('signatures/big.png');
    writeFileSync(join(ws, 'senders', 'signatures', 'big.png'), Buffer.concat([pngDeclaring(100, 100), Buffer.alloc(6 * 1024 * 1024)]));
    expectRefused(ws, /the file is 6 MB, more than the 5 MB allowed for a PNG or JPEG image/);
  });

  it('refuses a JPEG with a fill byte before its frame header, which pdfkit misread (an internal error in every letter)', () => {
    const ws = workspace('signatures/filled.jpg');
    const good = Buffer.from(jpeg.encode({ width: 30, height: 10, data: Buffer.alloc(30 * 10 * 4, 200) }, 90).data);
    const sof = good.indexOf(Buffer.from([0xff, 0xc0]));
    writeFileSync(join(ws, 'senders', 'signatures', 'filled.jpg'), Buffer.concat([good.subarray(0, sof), Buffer.from([0xff]), good.subarray(sof)]));
    expectRefused(ws, /the image cannot be used: its segments are laid out in a way the PDF writer cannot follow: save it again \(looked for [^)]*\)\.$/m);
  });

  it('refuses a 5 MB progressive JPEG of 300,000 scans, which jpeg-js decoded for hours', () => {
    const ws = workspace('signatures/scans.jpg');
    const scan = { components: [0], start: 1, end: 63, high: 0, low: 0 };
    const two = makeJpeg({
      width: 2000,
      height: 2000,
      components: [{ id: 1, h: 1, v: 1 }],
      progressive: true,
      scans: [{ ...scan, end: 0, start: 0 }, scan],
      coefficient: () => 0,
    });
    const acScan = two.subarray(two.lastIndexOf(Buffer.from([0xff, 0xda])), two.length - 2);
    const count = Math.floor((5 * 1024 * 1024 - two.length) / acScan.length);
    writeFileSync(join(ws, 'senders', 'signatures', 'scans.jpg'), Buffer.concat([two.subarray(0, -2), ...Array<Buffer>(count).fill(acScan), two.subarray(-2)]));
    expectRefused(ws, /it has more than 100 scans \(a progressive JPEG has about 10\): save it again as a baseline JPEG/);
  });

  it('refuses a JPEG named .png, a PNG named .svg, a cut-short JPEG and an empty file', () => {
    let ws = workspace('signatures/photo.png');
    writeFileSync(join(ws, 'senders', 'signatures', 'photo.png'), jpegDeclaring(300, 100));
    expectRefused(ws, /named as a PNG image but holds a JPEG image: rename it to end in \.jpg/);
    ws = workspace('signatures/secretary.svg');
    cpSync(join(ws, 'senders', 'signatures', 'secretary.png'), join(ws, 'senders', 'signatures', 'secretary.svg'));
    expectRefused(ws, /named as an SVG image but holds a PNG image/);
    ws = workspace('signatures/cut.jpg');
    writeFileSync(join(ws, 'senders', 'signatures', 'cut.jpg'), jpegDeclaring(300, 100).subarray(0, 12));
    expectRefused(ws, /the image is damaged or cut short/);
    ws = workspace('signatures/empty.png');
    writeFileSync(join(ws, 'senders', 'signatures', 'empty.png'), '');
    expectRefused(ws, /the file is empty/);
  });
});

describe('a signature path is a regular file inside the workspace', () => {
  const fix = /keep signature images inside the workspace \(e\.g\. in senders\/signatures\/\)/;

  it('refuses absolute paths and ../ out of the workspace', () => {
    expectRefused(workspace('/etc/hostname'), new RegExp(`\`/etc/hostname\`: the path is absolute.*${fix.source}`));
    expectRefused(workspace('/dev/zero'), /`\/dev\/zero`: the path is absolute/);
    expectRefused(workspace('../../../../../../../etc/hostname'), /the path leads outside the workspace/);
    expectRefused(workspace('../../secretary.png'), /the path leads outside the workspace/);
  });

  it('allows ../ that stays inside, and refuses links that leave', () => {
    const ws = workspace('../senders/signatures/secretary.png');
    expect(run(ws, ['validate', 'cases/case.yaml']).code).toBe(0);
    const out = workspace('signatures/link.png');
    symlinkSync('/etc/hostname', join(out, 'senders', 'signatures', 'link.png'));
    expectRefused(out, /`signatures\/link\.png`: the path is a link to \/etc\/hostname, outside the workspace/);
    const zero = workspace('signatures/zero.png');
    symlinkSync('/dev/zero', join(zero, 'senders', 'signatures', 'zero.png'));
    expectRefused(zero, /the path is a link to \/dev\/zero, outside the workspace/);
  });

  it('refuses a FIFO and a folder without hanging', () => {
    const ws = workspace('signatures/pipe.png');
    const made = spawnSync('mkfifo', [join(ws, 'senders', 'signatures', 'pipe.png')]);
    if (made.status !== 0) {
      console.log(`skipped the FIFO case: mkfifo is not available (${made.error?.message ?? made.stderr})`);
    } else {
      expectRefused(ws, /it is a named pipe \(FIFO\), not an image file/);
    }
    const dir = workspace('signatures');
    expectRefused(dir, /it is a folder, not an image file/);
  });
});

describe('batch', () => {
  it('fails only the letters of a sender with a hostile signature, with the message in the manifest', () => {
    const top = tempDir('letters-images-batch-');
    made.push(top);
    cpSync(join(ROOT, 'test', 'fixtures', 'batch'), top, { recursive: true });
    cpSync(join(HOSTILE, 'image-dev-zero.svg'), join(top, 'senders', 'signatures', 'zero.svg'));
    const sender = join(top, 'senders', 'broken-signature.yaml');
    writeFileSync(sender, readFileSync(sender, 'utf8').replace('signatures/truncated.png', 'signatures/zero.svg'));
    const campaign = join(top, 'campaigns', 'test-day.yaml');
    writeFileSync(campaign, readFileSync(campaign, 'utf8').replace(/^ {2}- \{sender: (speaks-german|in-portugal).*\n/gm, ''));
    const r = run(top, ['batch', 'campaigns/test-day.yaml', '--out', 'out', '--jobs', '2']);
    expect(r.signal, r.stderr).toBeNull();
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(
      /senders\/broken-signature\.yaml:7:16: error: signatories\[0\]\.signature: signature image `signatures\/zero\.svg`: line 1, column \d+: `<image>` draws another file/,
    );
    expect(r.stderr).not.toMatch(/^\s+at |internal error/m);
    const manifest = JSON.parse(readFileSync(join(top, 'out', 'test-day', 'manifest.json'), 'utf8')) as unknown;
    const rows = (Array.isArray(manifest) ? manifest : (manifest as { letters: unknown[] }).letters) as { sender: string; status: string }[];
    expect(rows.filter((row) => row.sender === 'broken-signature').map((row) => row.status)).toEqual(['failed', 'failed']);
    expect(rows.filter((row) => row.sender !== 'broken-signature').every((row) => row.status !== 'failed')).toBe(true);
    expect(readdirSync(join(top, 'out', 'test-day'))).not.toContain('broken-signature');
  });
});
