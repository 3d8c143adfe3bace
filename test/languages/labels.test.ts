import { describe, expect, it } from 'vitest';
import { joinList, labelsFor } from '../../src/languages/labels.js';

describe('labels', () => {
  it('has the labels of each language', () => {
    expect(labelsFor('fr').subject).toBe('Objet :');
    expect(labelsFor('fr').cc).toBe('Copie :');
    expect(labelsFor('en').delivery('Embassy of Kazakhstan in Belgium')).toBe('Via Embassy of Kazakhstan in Belgium :');
    expect(labelsFor('de').delivery('Botschaft der Republik Kasachstan')).toBe('Über die Botschaft der Republik Kasachstan:');
    expect(labelsFor('de').page).toBe('Seite {n} von {total}');
  });

  it('builds the French closing from the salutation', () => {
    expect(labelsFor('fr').closing('Monsieur le Président,', 1)).toBe('Veuillez agréer, Monsieur le Président, l’expression de ma très haute considération.');
    expect(labelsFor('fr').closing('Madame la Ministre,', 2)).toBe('Veuillez agréer, Madame la Ministre, l’expression de notre très haute considération.');
    expect(labelsFor('en').closing('Dear President,', 1)).toBe('Yours sincerely,');
    expect(labelsFor('de').closing('Sehr geehrter Herr Präsident,', 1)).toBe('Mit freundlichen Grüßen');
    expect(labelsFor('es').closing('Señor Presidente:', 1)).toBe('Atentamente,');
    expect(labelsFor('ru').closing('Уважаемый господин Президент!', 1)).toBe('С уважением,');
  });

  it('joins lists in the language', () => {
    expect(joinList(['A'], 'en')).toBe('A');
    expect(joinList(['A', 'B'], 'fr')).toBe('A et B');
    expect(joinList(['A', 'B', 'C'], 'en')).toBe('A, B and C');
    expect(joinList(['A', 'B', 'C'], 'ru')).toBe('A, B и C');
  });
});
