// scripts/bundle-patches.ts has @noble/ciphers's AES (pdfkit's encryption) build its tables on first use
// rather than when it loads: bundled with the patch, it must encrypt and decrypt exactly as without it.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { aesTablesLazy } from '../../scripts/bundle-patches.js';

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
  const file = join(out, `${patched ? 'patched' : 'plain'}.cjs`);
  await build({
    stdin: { contents: "export { cbc, ecb } from '@noble/ciphers/aes';", resolveDir: root, loader: 'js' },
    outfile: file,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    plugins: patched ? [aesTablesLazy] : [],
    logLevel: 'silent',
  });
  return createRequire(import.meta.url)(file) as { cbc: Mode; ecb: Mode };
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
