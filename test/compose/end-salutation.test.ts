import { describe, expect, it } from 'vitest';
import { endSalutation } from '../../src/compose/end-salutation.js';

describe('endSalutation', () => {
  it('gives a salutation written without final punctuation the language’s own', () => {
    expect(endSalutation('Señor Presidente', ':')).toBe('Señor Presidente:');
    expect(endSalutation('Dear President ', ',')).toBe('Dear President,');
  });

  it('keeps a salutation written with its own punctuation as written', () => {
    expect(endSalutation('Señor Presidente,', ':')).toBe('Señor Presidente,');
    expect(endSalutation('Señor Presidente:', ':')).toBe('Señor Presidente:');
    expect(endSalutation('Уважаемый господин Президент!', ',')).toBe('Уважаемый господин Президент!');
    expect(endSalutation('', ',')).toBe('');
  });
});
