import { describe, expect, it } from 'vitest';
import { textLength } from '../../src/input/text-length.js';

describe('textLength', () => {
  it('counts code points: a pair of surrogates once, a lone half once, as JSON Schema maxLength does', () => {
    expect(textLength('')).toBe(0);
    expect(textLength('PERC/AL/pw')).toBe(10);
    expect(textLength('😀'.repeat(101))).toBe(101);
    expect(textLength('a\u{20000}b')).toBe(3);
    expect(textLength('\uD800x\uDC00')).toBe(3);
    expect(textLength('\uDC00\uD800')).toBe(2);
    expect(textLength('x\uD800')).toBe(2);
  });
});
