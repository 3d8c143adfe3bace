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

  // A quotation holding a union's name in quotes printed « … « agitateur » », “the union “Decent Work””:
  // German and Russian took their inner marks, the other languages the outer ones again.
  it('set a quotation inside a quotation in the language’s inner marks', () => {
    expect(labelsFor('en').quote('the union “Decent Work”')).toBe('“the union ‘Decent Work’”');
    expect(labelsFor('fr').quote('vous êtes un « agitateur »')).toBe('«\u00a0vous êtes un “agitateur”\u00a0»');
    expect(labelsFor('fr').quote('le syndicat “Travail décent”')).toBe('«\u00a0le syndicat “Travail décent”\u00a0»');
    expect(labelsFor('es').quote('el sindicato «Trabajo Decente»')).toBe('«el sindicato “Trabajo Decente”»');
    expect(labelsFor('es').quote('el sindicato “Trabajo Decente”')).toBe('«el sindicato “Trabajo Decente”»');
    expect(labelsFor('pt').quote('o sindicato “Trabalho Digno”')).toBe('“o sindicato ‘Trabalho Digno’”');
    expect(labelsFor('pt').quote('o sindicato «Trabalho Digno»')).toBe('“o sindicato ‘Trabalho Digno’”');
    // Apostrophes stay as written.
    expect(labelsFor('en').quote('the workers’ union')).toBe('“the workers’ union”');
  });

  it('joins lists in the language', () => {
    expect(joinList(['A'], 'en')).toBe('A');
    expect(joinList(['A', 'B'], 'fr')).toBe('A et B');
    expect(joinList(['A', 'B', 'C'], 'en')).toBe('A, B and C');
    expect(joinList(['A', 'B', 'C'], 'ru')).toBe('A, B и C');
  });
});
