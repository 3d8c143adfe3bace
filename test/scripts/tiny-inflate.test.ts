// The build bundles scripts/shims/tiny-inflate.cjs in place of the tiny-inflate package (fontkit's and
// unicode-trie's inflate): it must give what the package gives.
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { deflateRawSync, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

type Inflate = (source: Uint8Array, dest: Uint8Array) => Uint8Array;
const require = createRequire(import.meta.url);
const shim = require('../../scripts/shims/tiny-inflate.cjs') as Inflate;
const tiny = require('tiny-inflate') as Inflate;

describe('the tiny-inflate shim', () => {
  it('inflates as tiny-inflate does: raw data, data followed by a checksum (WOFF), into a shorter, exact or longer buffer', () => {
    const texts = [Buffer.from('Kazakhstan '.repeat(3000)), randomBytes(5000), Buffer.alloc(0)];
    for (const text of texts) {
      for (const compressed of [deflateRawSync(text), deflateSync(text).subarray(2)]) {
        for (const size of [text.length, Math.max(0, text.length - 7), text.length + 7]) {
          expect(Buffer.from(shim(compressed, new Uint8Array(size)))).toEqual(Buffer.from(tiny(compressed, new Uint8Array(size))));
        }
      }
    }
  });

  it('throws on data that is not DEFLATE, or cut short', () => {
    expect(() => shim(Buffer.from([0xff, 0xff, 0xff, 0xff]), new Uint8Array(10))).toThrow('Data error');
    const cut = deflateRawSync(Buffer.alloc(5000, 7));
    expect(() => shim(cut.subarray(0, cut.length - 3), new Uint8Array(5000))).toThrow('Data error');
  });
});
