import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadCase } from '../../src/pipeline/load-case.js';
import { planCaseLetters } from '../../src/plan/plan-case-letters.js';
import { produceLetter } from '../../src/pipeline/produce-letter.js';
import { FORMATS } from '../../src/render/formats.js';
import { compact, pdfWords, previewWords } from '../helpers/pdf-text.js';
import { sampleWorkspace } from '../helpers/run-cli.js';

/**
 * Each language's formulas as its letters print them (docs/languages.md), read back from the rendered
 * letters: the preview, and the PDF's text layer.
 */

interface Rendered {
  /** The preview, white space folded: a phrase broken across lines still reads whole. */
  text: string;
  /** The preview as printed, no-break spaces and line breaks kept. */
  raw: string;
  /** The PDF's words, white space removed. */
  pdf: string;
}

let ws: string;

beforeAll(() => {
  ws = sampleWorkspace();
  // Two signatories writing in French, to see the closing agree with them.
  writeFileSync(
    join(ws, 'senders', 'fse-deux.yaml'),
    stringify({
      id: 'fse-deux',
      name: 'Fédération syndicale de l’énergie (exemple)',
      signatories: [
        { id: 'sg', name: 'Claire Exemple', title: 'Secrétaire générale', signature: 'signatures/example-fr.png' },
        { id: 'pr', name: 'Paul Exemple', title: 'Président', signature: 'signatures/example-cochair-1.png' },
      ],
      city: 'Lyon',
      language: 'fr',
    }),
  );
});

const SENDERS: Record<string, string> = { en: 'ituc', fr: 'fse-exemple', es: 'example-es-energia', pt: 'example-br-energia' };
const EMBASSIES: Record<string, string> = { en: 'kz-in-belgium', fr: 'kz-in-france', es: 'kz-in-spain' };

let count = 0;

/** Writes a case in the sample workspace and renders each of its letters, by recipient id. */
async function render(language: string, fields: Record<string, unknown>): Promise<Record<string, Rendered>> {
  const id = `formulas-${language}-${++count}`;
  const file = join(ws, 'cases', `${id}.yaml`);
  const kase = {
    id,
    title: 'Test',
    country: 'Kazakhstan',
    people: [{ name: 'Amin Eleusinov', pronoun: 'he' }],
    letter: { sender: SENDERS[language], date: '2020-03-01', language },
    recipients: [{ official: 'kz-president', via: EMBASSIES[language] ?? { name: 'Embaixada do Cazaquistão no Brasil', emails: ['x@example.org'] } }],
    ...fields,
  };
  writeFileSync(file, stringify(kase));
  const out: Record<string, Rendered> = {};
  for (const spec of planCaseLetters(loadCase(file))) {
    const produced = await produceLetter(spec);
    const raw = (await FORMATS.text.render(produced.doc, produced.layout)).toString('utf8');
    out[spec.id] = { raw, text: previewWords(raw).join(' '), pdf: compact(await pdfWords(produced.pdf)) };
  }
  return out;
}

/** The phrase is in the preview and in the PDF's text layer. */
function expectPrinted(letter: Rendered | undefined, phrase: string): void {
  expect(letter, 'no such letter').toBeDefined();
  expect(letter!.text).toContain(phrase);
  expect(letter!.pdf).toContain(phrase.replace(/\s+/g, ''));
}

function expectNotPrinted(letter: Rendered | undefined, phrase: string): void {
  expect(letter!.text).not.toContain(phrase);
}

const inline = (id: string, salutation: string, via?: unknown) => ({
  id,
  honorific: 'X',
  name: 'Y Z',
  position: ['P'],
  salutation,
  via: via ?? { name: 'Channel', emails: ['x@example.org'] },
});

describe('French letters', () => {
  it('print the delivery line, the head of state, the elision and the closing of the default body', async () => {
    const { 'kz-president': l } = await render('fr', { demands: ['libérer Amin Eleusinov', 'mettre fin aux poursuites'] });
    expectPrinted(l, 'Son Excellence Monsieur Kassym-Jomart Tokaïev');
    expectPrinted(l, 'Par l’intermédiaire de l’Ambassade du Kazakhstan en France :');
    expectNotPrinted(l, 'Via');
    expectPrinted(l, 'Paris, le 1er mars 2020');
    expectPrinted(l, 'Monsieur le Président, Au nom de');
    expectPrinted(l, 'au sujet de la situation d’Amin Eleusinov.');
    expectPrinted(l, 'Nous vous demandons de : • libérer Amin Eleusinov ; • mettre fin aux poursuites.');
    // The default body speaks as "nous": so does the closing, for one signatory too.
    expectPrinted(l, 'Veuillez agréer, Monsieur le Président, l’expression de notre très haute considération.');
  });

  it('say "ma" only when one person speaks, and "notre" for several signatories', async () => {
    const body = 'Je vous écris au sujet {{elide "de" person.name}} et {{elide "de" "Kassym"}}.';
    const one = await render('fr', { body });
    expectPrinted(one['kz-president'], 'Je vous écris au sujet d’Amin Eleusinov et de Kassym.');
    expectPrinted(one['kz-president'], 'l’expression de ma très haute considération.');
    const two = await render('fr', { body, letter: { sender: 'fse-deux', signatories: ['sg', 'pr'], date: '2020-03-02', language: 'fr' } });
    expectPrinted(two['kz-president'], 'l’expression de notre très haute considération.');
    expectPrinted(two['kz-president'], 'Lyon, le 2 mars 2020');
  });

  it('end a salutation written without punctuation with a comma, keep one written with it, and repeat it in the closing', async () => {
    const letters = await render('fr', {
      body: 'Le syndicat {{quote "Travail décent"}}.',
      recipients: [
        inline('sans', 'Madame la Ministre', { name: 'Mission permanente du Kazakhstan à Genève', emails: ['x@example.org'] }),
        inline('avec', 'Madame, Monsieur,', { name: 'Consulat général du Kazakhstan à Lyon', emails: ['x@example.org'] }),
        inline('haut', 'Monsieur le Haut-Commissaire', { name: 'Haut-Commissariat du Kazakhstan', emails: ['x@example.org'] }),
      ],
    });
    expectPrinted(letters.sans, 'Madame la Ministre, Le syndicat');
    expectPrinted(letters.sans, 'Veuillez agréer, Madame la Ministre, l’expression');
    expectPrinted(letters.sans, 'Par l’intermédiaire de la Mission permanente du Kazakhstan à Genève :');
    expectPrinted(letters.avec, 'Madame, Monsieur, Le syndicat');
    expectPrinted(letters.avec, 'Veuillez agréer, Madame, Monsieur, l’expression');
    expectPrinted(letters.avec, 'Par l’intermédiaire du Consulat général du Kazakhstan à Lyon :');
    expectPrinted(letters.haut, 'Par l’intermédiaire du Haut-Commissariat du Kazakhstan :');
    // Guillemets with no-break spaces inside, so they never stand alone at a line's end.
    expect(letters.sans!.raw).toContain('Le syndicat «\u00a0Travail décent\u00a0».');
    expectPrinted(letters.sans, '« Travail décent »');
  });

  it('list several people one per line, names and roles in the nominative', async () => {
    const { 'kz-president': l } = await render('fr', {
      people: [
        { name: 'Erlan Baltabay', pronoun: 'he', role: 'ancien président du syndicat' },
        { name: 'Larissa Kharkova', pronoun: 'she', role: 'présidente de la confédération' },
        { name: 'Amin Eleoussinov', pronoun: 'they' },
      ],
      timeline: [{ date: '2019-07-17', event: 'condamnation d’Erlan Baltabay' }],
    });
    expectPrinted(
      l,
      'situation des personnes suivantes : • Erlan Baltabay – ancien président du syndicat • Larissa Kharkova – présidente de la confédération • Amin Eleoussinov Les faits sont les suivants : • 17 juillet 2019 : condamnation d’Erlan Baltabay',
    );
    expectNotPrinted(l, 'Nous vous demandons');
  });
});

describe('Spanish letters', () => {
  it('print "Excmo. Sr.", the salutation with a colon and demands a Spanish letter writes', async () => {
    const { 'kz-president': l } = await render('es', { demands: ['liberar a Amin Eleusinov', 'poner fin a la persecución'] });
    expectPrinted(l, 'Excmo. Sr. Kassym-Jomart Tokáyev');
    expectPrinted(l, 'Por conducto de la Embajada de Kazajistán en España:');
    expectPrinted(l, 'Madrid, 1 de marzo de 2020');
    expectPrinted(l, 'Señor Presidente: En nombre de');
    expectPrinted(l, 'por la situación de Amin Eleusinov.');
    expectPrinted(l, 'Le instamos a: • liberar a Amin Eleusinov; • poner fin a la persecución.');
    expectNotPrinted(l, 'Le pedimos que:');
    expectPrinted(l, 'Atentamente,');
  });

  // A role ending in an abbreviation ("… Cerrejón Ltda.") ended the sentence "Ltda..".
  it('end the sentence of one person whose role ends in an abbreviation with its full stop alone', async () => {
    const people = [{ name: 'Igor Díaz', pronoun: 'he', role: 'presidente de Sintracarbón, sindicato de Carbones del Cerrejón Ltda.' }];
    const { 'kz-president': l } = await render('es', { people });
    expectPrinted(l, 'la situación de Igor Díaz, presidente de Sintracarbón, sindicato de Carbones del Cerrejón Ltda. Confiamos en');
    expectNotPrinted(l, 'Ltda..');
  });

  it('end a salutation written without punctuation with a colon and keep one written with its own', async () => {
    const letters = await render('es', {
      body: 'El sindicato {{quote "Trabajo Decente"}}.',
      recipients: [
        inline('sin', 'Señora Ministra', { name: 'Consulado General de Kazajistán en Barcelona', emails: ['x@example.org'] }),
        inline('con-coma', 'Estimado señor Embajador,', { name: 'la Misión Permanente de Kazajistán', emails: ['x@example.org'] }),
      ],
    });
    expectPrinted(letters.sin, 'Señora Ministra: El sindicato «Trabajo Decente».');
    expectPrinted(letters.sin, 'Por conducto del Consulado General de Kazajistán en Barcelona:');
    expectPrinted(letters['con-coma']!, 'Estimado señor Embajador, El sindicato');
    expectPrinted(letters['con-coma']!, 'Por conducto de la Misión Permanente de Kazajistán:');
  });
  it('address two addressees in the plural in the default body', async () => {
    const { juntos } = await render('es', {
      demands: ['liberar a Amin Eleusinov'],
      recipients: [
        {
          id: 'juntos',
          addressees: [
            { honorific: 'Excmo. Sr.', name: 'A B', position: ['Presidente'] },
            { honorific: 'Excmo. Sr.', name: 'C D', position: ['Fiscal General'] },
          ],
          salutation: 'Señores',
          via: 'kz-in-spain',
        },
      ],
    });
    expectPrinted(juntos, 'Señores: En nombre de la organización Sindicato de Ejemplo de la Energía, les escribimos para expresarles');
    expectPrinted(juntos, 'Les instamos a: • liberar a Amin Eleusinov.');
    expectPrinted(juntos, 'Confiamos en que prestarán a este asunto');
  });
});

describe('Portuguese letters', () => {
  it('print the head of state, the delivery line, the salutation and the closing', async () => {
    const { 'kz-president': l } = await render('pt', { demands: ['libertar Amin Eleusinov'] });
    expectPrinted(l, 'A Sua Excelência o Senhor Kassym-Jomart Tokayev');
    expectPrinted(l, 'Por intermédio da Embaixada do Cazaquistão no Brasil:');
    expectPrinted(l, 'São Paulo, 1 de março de 2020');
    expectPrinted(l, 'Excelentíssimo Senhor Presidente, Em nome da organização');
    expectPrinted(l, 'com a situação de Amin Eleusinov.');
    expectPrinted(l, 'Apelamos a Vossa Excelência para: • libertar Amin Eleusinov.');
    expectPrinted(l, 'Respeitosamente,');
  });

  it('address two addressees as Vossas Excelências in the default body', async () => {
    const { juntos } = await render('pt', {
      demands: ['libertar Amin Eleusinov'],
      recipients: [
        {
          id: 'juntos',
          addressees: [
            { honorific: 'A Sua Excelência o Senhor', name: 'A B', position: ['Presidente'] },
            { honorific: 'A Sua Excelência o Senhor', name: 'C D', position: ['Procurador-Geral'] },
          ],
          salutation: 'Excelentíssimos Senhores',
          via: { name: 'Embaixada do Cazaquistão no Brasil', emails: ['x@example.org'] },
        },
      ],
    });
    expectPrinted(juntos, 'Excelentíssimos Senhores, Em nome da organização');
    expectPrinted(juntos, 'vimos manifestar a Vossas Excelências a nossa');
    expectPrinted(juntos, 'Apelamos a Vossas Excelências para: • libertar Amin Eleusinov.');
    expectPrinted(juntos, 'Confiamos que Vossas Excelências darão a este assunto');
  });

  it('end a salutation written without punctuation with a comma', async () => {
    const letters = await render('pt', {
      body: 'O sindicato {{quote "Trabalho Digno"}}.',
      recipients: [inline('sem', 'Senhor Ministro', { name: 'Consulado-Geral do Cazaquistão no Porto', emails: ['x@example.org'] })],
    });
    expectPrinted(letters.sem, 'Senhor Ministro, O sindicato “Trabalho Digno”.');
    expectPrinted(letters.sem, 'Por intermédio do Consulado-Geral do Cazaquistão no Porto:');
  });
});

describe('English letters', () => {
  it('keep the model letter’s formulas', async () => {
    const { 'kz-president': l } = await render('en', { people: [{ name: 'Amin Eleusinov', pronoun: 'they', role: 'union leader' }], demands: ['free Amin'] });
    expectPrinted(l, 'Mr Kassym-Jomart Tokayev');
    expectPrinted(l, 'Via Embassy of Kazakhstan in Belgium :');
    expectPrinted(l, 'Brussels, 1 March 2020');
    expectPrinted(l, 'Dear President, On behalf of the International Trade Union Confederation');
    expectPrinted(l, 'the situation of Amin Eleusinov, union leader, in Kazakhstan.');
    expectPrinted(l, 'We call on you to: • free Amin.');
    expectPrinted(l, 'Yours sincerely,');
  });

  // A demand ending in an abbreviation ("etc.", "2022 г.") took a second full stop: "etc..".
  it('end the demands of the default body without doubling a full stop or a semicolon written in the data', async () => {
    const en = await render('en', { demands: ['free Amin;', 'drop the charges under Articles 22, 29, etc.'] });
    expectPrinted(en['kz-president'], 'We call on you to: • free Amin; • drop the charges under Articles 22, 29, etc. We trust');
    const fr = await render('fr', { demands: ['abandonner les poursuites, etc.', 'libérer les syndicalistes arrêtés le 3 juin 2022 à 10 h.'] });
    expectPrinted(fr['kz-president'], '• abandonner les poursuites, etc. ; • libérer les syndicalistes arrêtés le 3 juin 2022 à 10 h. Nous sommes');
  });

  it('write "the" before a country whose English name takes it, in the default body', async () => {
    const one = await render('en', { country: 'Philippines', people: [{ name: 'Dandy Miguel', pronoun: 'he' }] });
    expectPrinted(one['kz-president'], 'the situation of Dandy Miguel in the Philippines.');
    const two = await render('en', { country: 'Republic of Korea', people: [{ name: 'Yang Kyung-soo' }, { name: 'Han Sang-gyun' }] });
    expectPrinted(two['kz-president'], 'the following people in the Republic of Korea:');
  });

  it('end a salutation written without punctuation with a comma; "Dear Sir or Madam" closes "Yours faithfully"', async () => {
    const letters = await render('en', {
      body: 'The union {{quote "Decent Work"}}.',
      recipients: [inline('bare', 'Your Excellency'), inline('unnamed', 'Dear Sir or Madam,')],
    });
    expectPrinted(letters.bare, 'Your Excellency, The union “Decent Work”.');
    expectPrinted(letters.bare, 'Yours sincerely,');
    expectPrinted(letters.unnamed, 'Dear Sir or Madam, The union');
    expectPrinted(letters.unnamed, 'Yours faithfully,');
  });
});
