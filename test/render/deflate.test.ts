import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { deflateExactly } from '../../src/render/deflate.js';

describe('deflateExactly', () => {
  it('gives zlib deflate output in a buffer that holds nothing else', () => {
    for (const text of ['a ToUnicode map'.repeat(30), 'x', 'page content '.repeat(5000)]) {
      const out = deflateExactly(Buffer.from(text, 'latin1'), { level: 5 });
      expect(inflateSync(out).toString('latin1')).toBe(text);
      expect(out.buffer.byteLength).toBe(out.length);
      expect(out.byteOffset).toBe(0);
    }
  });
});
