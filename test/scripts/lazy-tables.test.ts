// scripts/bundle-patches.ts has @noble/ciphers's AES (pdfkit's encryption), linebreak (pdfkit's line
// wrapping) and fontkit's shapers build their tables on first use rather than when they load: bundled
// with the patches, each must give exactly what it gives without them.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { aesTablesLazy, FONTKIT_MODULE, lazyShaperTries, lineBreakTableLazy, SHAPER_TRIE } from '../../scripts/bundle-patches.js';
import { bundled } from '../helpers/bundled.js';

interface Cipher {
  encrypt(data: Uint8Array): Uint8Array;
  decrypt(data: Uint8Array): Uint8Array;
}
type Mode = (key: Uint8Array, iv?: Uint8Array) => Cipher;

/** The modes pdfkit imports (cbc, ecb), bundled as the build bundles them, with or without the patch. */
async function modes(patched: boolean): Promise<{ cbc: Mode; ecb: Mode }> {
  return bundled("export { cbc, ecb } from '@noble/ciphers/aes';", patched ? [aesTablesLazy] : []);
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

interface Trie {
  get(codePoint: number): number;
}

describe("fontkit's shaper tries, as the build bundles them", () => {
  // No embedded font has a script of the Universal Shaping Engine (fontkit shapes Balinese in Noto
  // Sans with its default shaper), so shaping cannot reach that trie: each trie is asked directly.
  it('give every character the class the package itself gives it', async () => {
    const original = readFileSync(
      createRequire(import.meta.url)
        .resolve('fontkit')
        .replace(/main\.cjs$/, 'module.mjs'),
      'utf8',
    );
    const names = [...original.matchAll(SHAPER_TRIE)].map((m) => m[1]!);
    expect(names).toHaveLength(3);
    // fontkit's module, patched or not, exporting its tries.
    const withTries = (patched: boolean): Plugin => ({
      name: 'with-tries',
      setup(b) {
        b.onLoad({ filter: FONTKIT_MODULE }, ({ path }) => ({
          contents: `${patched ? lazyShaperTries(original, path) : original}\nexport const tries = [${names.join(', ')}];\n`,
          loader: 'js',
        }));
      },
    });
    const load = async (patched: boolean) => (await bundled<{ tries: Trie[] }>("export { tries } from 'fontkit';", [withTries(patched)])).tries;
    const [plain, patched] = [await load(false), await load(true)];
    for (const [i, trie] of patched.entries()) {
      const differing: number[] = [];
      for (let cp = 0; cp <= 0x2ffff; cp++) if (trie.get(cp) !== plain[i]!.get(cp)) differing.push(cp);
      expect([names[i], differing]).toEqual([names[i], []]);
    }
    // Each trie tells some characters apart: a trie that answered 0 to all would not have passed.
    for (const trie of plain) expect(new Set(Array.from({ length: 0x3000 }, (_, cp) => trie.get(cp))).size).toBeGreaterThan(2);
  });
});
