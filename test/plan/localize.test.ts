// Language codes are case-insensitive (BCP 47): `fr-be` and `fr-BE` are one language. A title written
// `{fr-be: ...}` was "no French (`fr-BE`) text" in a letter in `fr-BE`, told to add `fr-BE` beside it.
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/input/read-yaml.js';
import { localize, localizeLines } from '../../src/plan/localize.js';

function origin(text: string, language = 'en') {
  const read = parseYaml('f.yaml', text);
  if (!read.ok) throw new Error('unreadable');
  return { source: read.source, language };
}

describe('a text by language', () => {
  it('is found whatever the case of its region, in a map', () => {
    const o = origin('title: {fr-be: Affaire, en: Case}\n');
    expect(localize({ origin: o, path: ['title'], value: { 'fr-be': 'Affaire', en: 'Case' } }, 'fr-BE')).toBe('Affaire');
    expect(localizeLines({ origin: o, path: ['title'], value: { 'FR-be': ['Affaire'] } }, 'fr-BE')).toEqual(['Affaire']);
  });

  it('prefers the one written as the letter’s language', () => {
    const o = origin('title: x\n');
    expect(localize({ origin: o, path: ['title'], value: { 'fr-be': 'a', 'fr-BE': 'b' } }, 'fr-BE')).toBe('b');
  });

  it('is a plain text of a file in `fr-be`, for a letter in `fr-BE`', () => {
    const o = origin('title: Affaire\n', 'fr-be');
    expect(localize({ origin: o, path: ['title'], value: 'Affaire' }, 'fr-BE')).toBe('Affaire');
  });
});
