import { describe, expect, it } from 'vitest';
import { invisibleCharacters, quotedName } from '../../src/input/invisible-characters.js';

describe('invisibleCharacters', () => {
  it('shows a key with its format characters escaped, names them once each, and gives it without them', () => {
    expect(invisibleCharacters('ti\u200btle\u200b\ufeff')).toEqual({
      shown: 'ti\\u200btle\\u200b\\ufeff',
      note: 'it holds the invisible characters U+200B (ZERO WIDTH SPACE), U+FEFF (ZERO WIDTH NO-BREAK SPACE, a byte order mark)',
      without: 'title',
      them: 'them',
    });
    expect(invisibleCharacters('title')).toBeUndefined();
  });
});

describe('quotedName: a key or a name in a message, the one rule for them all', () => {
  it('quotes a plain one as it is', () => {
    expect(quotedName('title')).toBe('`title`');
  });

  it('writes invisible characters as escapes and names them after it', () => {
    expect(quotedName('title\u200b')).toBe('`title\\u200b` (it holds the invisible character U+200B (ZERO WIDTH SPACE))');
  });
});
