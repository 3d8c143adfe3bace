import { describe, expect, it } from 'vitest';
import { jsonErrorAt } from '../../src/batch/json-error-at.js';

describe('jsonErrorAt', () => {
  it('finds no mistake in JSON, whatever its shape', () => {
    for (const text of ['[]', ' [\n  {"a": [1, -2.5e3, true, null, "x\\"\\u00e9"]},\n  {}\n]\n', '"x"', '{"a":{"b":[[]]}}']) {
      expect(JSON.parse(text)).toBeDefined();
      expect(jsonErrorAt(text)).toBeUndefined();
    }
  });

  it('places the first mistake at its line and column, where node names no position', () => {
    expect(jsonErrorAt('[\n  {"a":1},\n  \u001b[31m\n]')).toEqual({ line: 3, column: 3, found: '\u001b' });
    expect(jsonErrorAt('[\n  {"a":1}\n  {"b":2}\n]')).toEqual({ line: 3, column: 3, found: '{' });
    expect(jsonErrorAt('[{"a" 1}]')).toEqual({ line: 1, column: 7, found: '1' });
    expect(jsonErrorAt('[{"a":1,}]')).toEqual({ line: 1, column: 9, found: '}' });
    expect(jsonErrorAt('[1,]')).toEqual({ line: 1, column: 4, found: ']' });
    expect(jsonErrorAt('[1] x')).toEqual({ line: 1, column: 5, found: 'x' });
    expect(jsonErrorAt('{"a":tru}')).toEqual({ line: 1, column: 6, found: 't' });
    expect(jsonErrorAt('[}')).toEqual({ line: 1, column: 2, found: '}' });
  });

  it('places a text cut short at its end', () => {
    expect(jsonErrorAt('[\n  {"a":1},\n  {"b":')).toEqual({ line: 3, column: 8, found: '' });
    expect(jsonErrorAt('[\n  {"a":"unterminated')).toEqual({ line: 2, column: 21, found: '' });
    expect(jsonErrorAt('["a\nb"]')).toEqual({ line: 1, column: 4, found: '\n' });
    expect(jsonErrorAt('["a\\xb"]')).toEqual({ line: 1, column: 4, found: '\\' });
    expect(jsonErrorAt('')).toEqual({ line: 1, column: 1, found: '' });
  });

  // Read without recursion: JSON.parse takes 100,000 levels, and so must this.
  it('reads nesting of any depth', () => {
    expect(jsonErrorAt(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBeUndefined();
    expect(jsonErrorAt(`${'['.repeat(100_000)}${']'.repeat(99_999)}`)).toEqual({ line: 1, column: 200_000, found: '' });
  });
});
