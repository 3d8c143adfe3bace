import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLetterDate } from '../../src/languages/dates.js';
import { LABEL_LANGUAGES, labelsFor, unsupportedLanguage } from '../../src/languages/labels.js';
import { LANGUAGES, languageOf } from '../../src/languages/languages.js';
import { ROOT } from '../helpers/run-cli.js';

describe('languages', () => {
  it('has one module for each language letters are written in, under its own code', () => {
    expect(Object.keys(LANGUAGES)).toEqual(['en', 'fr', 'es', 'de', 'ru', 'pt']);
    for (const [code, language] of Object.entries(LANGUAGES)) expect(language.code).toBe(code);
    expect(LABEL_LANGUAGES).toEqual(Object.keys(LANGUAGES));
  });

  it('has, for each language, the built-in letter template and e-mail cover note', () => {
    for (const code of Object.keys(LANGUAGES)) {
      expect(existsSync(join(ROOT, 'templates', 'appeal', `${code}.hbs`)), code).toBe(true);
      expect(existsSync(join(ROOT, 'templates', 'appeal', `email.${code}.hbs`)), code).toBe(true);
    }
  });

  it('finds a language by its base code, and none for an unknown code or an Object key', () => {
    expect(languageOf('pt-BR')?.name).toBe('Portuguese');
    expect(languageOf('fr-BE')?.code).toBe('fr');
    expect(languageOf('xx')).toBeUndefined();
    expect(languageOf('constructor')).toBeUndefined();
    expect(labelsFor('constructor').subject).toBe('Subject:');
  });

  it('writes Portuguese letters: dates, delivery line, closing and labels', () => {
    expect(formatLetterDate('2019-07-05', 'pt')).toBe('5 de julho de 2019');
    expect(formatLetterDate('2020-01-01', 'pt-BR')).toBe('1 de janeiro de 2020');
    const pt = labelsFor('pt');
    expect(pt.delivery('Embaixada do Cazaquistão em Portugal')).toBe('Por intermédio da Embaixada do Cazaquistão em Portugal:');
    expect(pt.closing('Excelentíssimo Senhor Presidente,', 1)).toBe('Respeitosamente,');
    expect(pt.delivery('Consulado-Geral do Cazaquistão no Porto')).toBe('Por intermédio do Consulado-Geral do Cazaquistão no Porto:');
    expect([pt.subject, pt.cc, pt.page, pt.and]).toEqual(['Assunto:', 'Com cópia para:', 'Página {n} de {total}', 'e']);
    expect(unsupportedLanguage('pt-PT')).toBeUndefined();
  });
});
