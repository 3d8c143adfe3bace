import { describe, expect, it } from 'vitest';
import { joinList, labelsFor } from '../../src/languages/labels.js';

describe('labels', () => {
  it('has the labels of each language', () => {
    expect(labelsFor('fr').subject).toBe('Objet :');
    expect(labelsFor('fr').cc).toBe('Copie à :');
    expect(labelsFor('en').delivery('Embassy of Kazakhstan in Belgium')).toBe('Via Embassy of Kazakhstan in Belgium :');
    expect(labelsFor('de').delivery('Botschaft der Republik Kasachstan')).toBe('Über die Botschaft der Republik Kasachstan:');
    expect(labelsFor('de').page).toBe('Seite {n} von {total}');
  });

  it('builds the French closing from the salutation', () => {
    // The organisation speaks ("nous"), unless one person speaks alone.
    expect(labelsFor('fr').closing('Monsieur le Président,', 1)).toBe(
      'Veuillez agréer, Monsieur le Président, l’expression de notre très haute considération.',
    );
    expect(labelsFor('fr').closing('Monsieur le Président,', 1, 'singular')).toBe(
      'Veuillez agréer, Monsieur le Président, l’expression de ma très haute considération.',
    );
    expect(labelsFor('fr').closing('Madame la Ministre,', 2, 'singular')).toBe(
      'Veuillez agréer, Madame la Ministre, l’expression de notre très haute considération.',
    );
    expect(labelsFor('fr').closing('Madame, Monsieur,', 2)).toBe('Veuillez agréer, Madame, Monsieur, l’expression de notre très haute considération.');
    expect(labelsFor('en').closing('Dear Sir or Madam,', 1)).toBe('Yours faithfully,');
    expect(labelsFor('en').closing('Dear President,', 1)).toBe('Yours sincerely,');
    expect(labelsFor('de').closing('Sehr geehrter Herr Präsident,', 1)).toBe('Mit freundlichen Grüßen');
    expect(labelsFor('es').closing('Señor Presidente:', 1)).toBe('Atentamente,');
    expect(labelsFor('ru').closing('Уважаемый господин Президент!', 1)).toBe('С уважением,');
  });

  it('has each language’s quotation marks and salutation punctuation', () => {
    expect(labelsFor('en').quote('Decent Work')).toBe('“Decent Work”');
    expect(labelsFor('fr').quote('Travail décent')).toBe('«\u00a0Travail décent\u00a0»');
    expect(labelsFor('es').quote('Trabajo Decente')).toBe('«Trabajo Decente»');
    expect(labelsFor('pt').quote('Trabalho Digno')).toBe('“Trabalho Digno”');
    expect(['en', 'fr', 'es', 'pt'].map((l) => labelsFor(l).salutationEnd)).toEqual([',', ',', ':', ',']);
  });

  it('joins lists in the language', () => {
    expect(joinList(['A'], 'en')).toBe('A');
    expect(joinList(['A', 'B'], 'fr')).toBe('A et B');
    expect(joinList(['A', 'B', 'C'], 'en')).toBe('A, B and C');
    expect(joinList(['A', 'B', 'C'], 'ru')).toBe('A, B и C');
  });
});
