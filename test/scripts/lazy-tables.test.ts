// scripts/bundle-patches.ts has @noble/ciphers's AES (pdfkit's encryption), linebreak (pdfkit's line
// wrapping) and fontkit's shapers build their tables on first use rather than when they load: bundled
// with the patches, each must give exactly what it gives without them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { aesTablesLazy, fontkitShaperTriesLazy, lineBreakTableLazy } from '../../scripts/bundle-patches.js';
import { fallbackFontFile } from '../../src/fonts/fallback-fonts.js';

const root = resolve(import.meta.dirname, '..', '..');
const out = mkdtempSync(join(tmpdir(), 'letters-aes-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Cipher {
  encrypt(data: Uint8Array): Uint8Array;
  decrypt(data: Uint8Array): Uint8Array;
}
type Mode = (key: Uint8Array, iv?: Uint8Array) => Cipher;

/** The modes pdfkit imports (cbc, ecb), bundled as the build bundles them, with or without the patch. */
async function modes(patched: boolean): Promise<{ cbc: Mode; ecb: Mode }> {
  return bundled("export { cbc, ecb } from '@noble/ciphers/aes';", patched ? [aesTablesLazy] : []);
}

/** `contents` bundled as the build bundles, with these plugins, and loaded. */
async function bundled<T>(contents: string, plugins: Plugin[]): Promise<T> {
  const file = join(out, `${Math.random().toString(36).slice(2)}.cjs`);
  await build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    outfile: file,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    plugins,
    logLevel: 'silent',
  });
  return createRequire(import.meta.url)(file) as T;
}

const bytes = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed * 17) & 0xff);

describe('AES, as the build bundles it', () => {
  it('encrypts and decrypts as the package itself does, every key size', async () => {
    const [plain, patched] = [await modes(false), await modes(true)];
    for (const keyLength of [16, 24, 32]) {
      const key = bytes(keyLength, keyLength);
      const iv = bytes(16, 3);
      for (const length of [0, 1, 16, 100]) {
        const data = bytes(length, length + 1);
        const sealed = patched.cbc(key, iv).encrypt(data);
        expect(Buffer.from(sealed)).toEqual(Buffer.from(plain.cbc(key, iv).encrypt(data)));
        expect(Buffer.from(patched.cbc(key, iv).decrypt(sealed))).toEqual(Buffer.from(data));
      }
      const block = bytes(32, 9);
      expect(Buffer.from(patched.ecb(key).encrypt(block))).toEqual(Buffer.from(plain.ecb(key).encrypt(block)));
    }
  });
});

interface Breaker {
  nextBreak(): { position: number; required: boolean } | null;
}

describe('linebreak, as the build bundles it', () => {
  it('breaks every sample where the package itself does', async () => {
    const load = (plugins: Plugin[]) => bundled<{ default: new (text: string) => Breaker }>("export { default } from 'linebreak';", plugins);
    const [plain, patched] = [(await load([])).default, (await load([lineBreakTableLazy])).default];
    const breaks = (Kind: new (text: string) => Breaker, text: string) => {
      const found: [number, boolean][] = [];
      const breaker = new Kind(text);
      for (let b = breaker.nextBreak(); b; b = breaker.nextBreak()) found.push([b.position, b.required]);
      return found;
    };
    for (const text of [
      'Dear President Tokayev, we write to you (again) about Erlan Baltabay’s 7-year sentence.',
      'Қазақстан Республикасының Президенті — 16 декабря 2019 г.',
      '日本語のテキスト、改行。한국어 조합',
      'line one\nline two\r\nwith\u00a0no-break and soft\u00adhyphen',
      'https://www.ituc-csi.org/kazakhstan-erlan-baltabay?x=1&y=2',
    ])
      expect(breaks(patched, text)).toEqual(breaks(plain, text));
  });
});

interface Shaper {
  create(bytes: Uint8Array): { layout(text: string): { glyphs: { id: number }[]; positions: object[] } };
}

describe("fontkit's shapers, as the build bundles them", () => {
  it('shape Arabic, Devanagari and a script of the Universal Shaping Engine as the package itself does', async () => {
    const load = (plugins: Plugin[]) => bundled<Shaper>("export { create } from 'fontkit';", plugins);
    const [plain, patched] = [await load([]), await load([fontkitShaperTriesLazy])];
    const noto = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf');
    const shaped = (fontkit: Shaper, file: string, text: string) => {
      const run = fontkit.create(readFileSync(file)).layout(text);
      return { ids: run.glyphs.map((g) => g.id), positions: run.positions };
    };
    for (const [file, text] of [
      // Arabic's joining (the first trie), Devanagari's syllables (the Indic one), Balinese (the USE one).
      [fallbackFontFile('arabic', 'regular'), 'اتحاد النقابات العالمي'],
      [noto, 'अंतर्राष्ट्रीय श्रमिक संघ'],
      [noto, 'ᬩᬮᬶ'],
    ] as const)
      expect(shaped(patched, file, text)).toEqual(shaped(plain, file, text));
  });
});
