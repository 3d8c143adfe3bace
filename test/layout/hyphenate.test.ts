import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hyphenatorFor, patternsJsonPath, renewed, WORDS_PER_HYPHENATOR } from '../../src/layout/hyphenate.js';
import { LANGUAGES } from '../../src/languages/languages.js';

/** The word with its break points shown as "-". */
function broken(language: string, word: string, names?: Set<string>): string {
  const points = hyphenatorFor(language, names)!(word);
  let out = '';
  let at = 0;
  for (const p of points) {
    out += `${word.slice(at, p)}-`;
    at = p;
  }
  return out + word.slice(at);
}

describe('hyphenatorFor', () => {
  it('names a pattern module for every language letters are written in', () => {
    for (const language of Object.values(LANGUAGES)) expect(language.hyphenation, language.code).toMatch(/^hyphen\//);
  });

  it('keys each hyphenator by what its break points depend on besides the word, and tells the names it keeps whole', () => {
    expect(hyphenatorFor('en', new Set(['Solidarity']))!.key).toBe(hyphenatorFor('en-GB', new Set(['Baltabay']))!.key);
    expect(hyphenatorFor('en')!.key).not.toBe(hyphenatorFor('fr')!.key);
    const keeping = hyphenatorFor('en', new Set(['imprisonment']))!;
    expect(keeping('imprisonment')).toEqual([]);
    expect(hyphenatorFor('en')!('imprisonment')).not.toEqual([]);
    expect(keeping.keeps('imprisonment,')).toBe(true);
    expect(keeping.keeps('sentenced')).toBe(false);
  });

  it('breaks words by each language’s patterns, keeping enough letters either side', () => {
    expect(broken('en', 'imprisonment')).toBe('im-pris-on-ment');
    expect(broken('fr', 'considération')).toBe('consi-dé-ra-tion');
    expect(broken('es', 'persecución')).toBe('per-se-cu-ción');
    expect(broken('de', 'Gewerkschaftsbund')).toBe('Ge-werk-schafts-bund');
    expect(broken('ru', 'председателя')).toBe('пред-се-да-те-ля');
    expect(broken('pt', 'internacional')).toBe('in-ter-na-ci-o-nal');
    // English keeps three letters at the end: never "prison-er" with two.
    expect(broken('en', 'sentenced')).not.toMatch(/-\p{L}{1,2}$/u);
  });

  it('breaks inside the word, not its punctuation or footnote number', () => {
    expect(broken('de', '„Gewerkschaftsbund“1.')).toBe('„Ge-werk-schafts-bund“1.');
  });

  it('leaves names, acronyms, short words, numbers and addresses whole', () => {
    expect(broken('en', 'Kazakhstan')).toBe('Kazakhstan');
    expect(broken('fr', 'd’Eleoussinov')).toBe('d’Eleoussinov');
    expect(broken('fr', 'l’organisation')).toBe('l’or-ga-ni-sa-tion');
    expect(broken('de', 'Baltabay', new Set(['Baltabay']))).toBe('Baltabay');
    expect(broken('ru', 'КАЗАХСТАН')).toBe('КАЗАХСТАН');
    expect(broken('de', 'seine')).toBe('seine');
    expect(broken('en', 'COVID-19')).toBe('COVID-19');
    expect(broken('en', 'brussels@mfa.kz')).toBe('brussels@mfa.kz');
    expect(broken('en', 'https://www.ituc-csi.org')).toBe('https://www.ituc-csi.org');
    expect(broken('en', 'well-known')).toBe('well-known');
  });

  it('leaves a German word with a capital inside whole: a brand or a name, not a noun', () => {
    // "Naga-⏎World" reads as a hyphenated compound, and readers keep its hyphen when the text is copied.
    expect(broken('de', 'NagaWorld')).toBe('NagaWorld');
    expect(broken('de', 'McDonald’s')).toBe('McDonald’s');
    expect(broken('de', 'Gewerkschaftsbund')).toBe('Ge-werk-schafts-bund');
  });

  it('breaks a word held to the next by a no-break space only in its first part', () => {
    expect(broken('ru', 'наказание\u00a0—')).toBe('на-ка-за-ние\u00a0—');
    expect(broken('fr', '3\u00a0décembre')).toBe('3\u00a0décembre');
  });

  it('breaks a word held to a one-letter word before it ("с\u00a0осуждённым") in that word', () => {
    expect(broken('ru', 'с\u00a0осуждённым')).toBe(`с\u00a0${broken('ru', 'осуждённым')}`);
    expect(broken('ru', 'и\u00a0в\u00a0отместку,')).toBe(`и\u00a0в\u00a0${broken('ru', 'отместку,')}`);
    expect(broken('ru', 'с\u00a0осуждённым')).toContain('-');
    // A name stays whole there too.
    expect(broken('ru', 'с\u00a0Балтабаевым', new Set(['Балтабаевым']))).toBe('с\u00a0Балтабаевым');
  });

  it('breaks a word with soft hyphens at them alone, names and capitalised words too', () => {
    expect(broken('de', 'Gewerk\u00adschafts\u00adbund')).toBe('Gewerk\u00ad-schafts\u00ad-bund');
    expect(broken('en', 'Tokayev\u00adovich', new Set(['Tokayev\u00adovich']))).toBe('Tokayev\u00ad-ovich');
    expect(broken('en', 'im\u00adprisonment,')).toBe('im\u00ad-prisonment,');
    // Not before a capital: "Kassym-⏎Jomart" reads as a compound, and readers keep that hyphen.
    expect(broken('en', 'Kassym\u00adJomart\u00adovich')).toBe('Kassym\u00adJomart\u00ad-ovich');
    // Not at a soft hyphen that opens or ends the word.
    expect(broken('en', '\u00adimprisonment\u00ad')).toBe('\u00adimprisonment\u00ad');
  });

  it('has no hyphenator for a language without patterns', () => {
    expect(hyphenatorFor('xx')).toBeUndefined();
  });
});

describe('the patterns the build writes as JSON (dist/hyphen/)', () => {
  const require = createRequire(import.meta.url);
  const dist = resolve(import.meta.dirname, '..', '..', 'dist', 'hyphen');
  const WORDS = [
    'organisation',
    'international',
    'Gewerkschaftsbewegung',
    'freiheitsberaubung',
    'внимательного',
    'профсоюзного',
    'représentants',
    'organización',
    'sindicalistas',
    'trabalhadores',
  ];

  for (const { code, hyphenation } of Object.values(LANGUAGES)) {
    if (!hyphenation) continue;
    it(`${code}: are the package's patterns, and hyphenate as it does`, () => {
      const json = readFileSync(join(dist, patternsJsonPath(hyphenation).replace('./hyphen/', '')), 'latin1');
      // The package's patterns as its file makes them: hyphen adds each word it hyphenates to them.
      const file = require.resolve(hyphenation.replace('hyphen/', 'hyphen/patterns/'));
      delete require.cache[file];
      expect(JSON.parse(json)).toEqual(require(file));
      const own = require(hyphenation) as { hyphenateSync(t: string, o?: object): string };
      const fromJson = (require('hyphen/export-contract.js') as (p: unknown) => typeof own)(JSON.parse(json));
      for (const word of WORDS) expect(fromJson.hyphenateSync(word, { hyphenChar: '-' })).toBe(own.hyphenateSync(word, { hyphenChar: '-' }));
    });
  }
});

describe('patternsJsonPath', () => {
  // dist/ is built once and shipped; `hyphen` (^1.14) is installed by each user. JSON written from
  // another version than the one installed must not be read beside that version's code.
  it('names the installed hyphen version, so patterns built from another version are never read', () => {
    const { version } = createRequire(import.meta.url)('hyphen/package.json') as { version: string };
    expect(patternsJsonPath('hyphen/en-gb')).toBe(`./hyphen/${version}/en-gb.json`);
  });
});

describe('renewed', () => {
  it("hands over to a new hyphenator after WORDS_PER_HYPHENATOR words, with the patterns' exceptions as they were given", () => {
    const exceptions = { 'ta-ble': [0, 2] };
    const given: unknown[] = [];
    const hyphenate = renewed({
      data: [['levels'], { trie: 1 }, exceptions],
      create: (data) => {
        given.push(data);
        const [, , own] = data as [unknown, unknown, Record<string, unknown>];
        // As hyphen does: each word given is remembered in the exceptions it was made with.
        return (text) => {
          own[text] = [];
          return text;
        };
      },
    });
    for (let i = 0; i < WORDS_PER_HYPHENATOR; i++) hyphenate(`w${i}`);
    expect(given).toHaveLength(1);
    hyphenate('next');
    expect(given).toHaveLength(2);
    const [first, second] = given as [unknown[], unknown[]];
    expect(second.slice(0, 2)).toEqual(first.slice(0, 2));
    expect(second[2]).toEqual({ 'ta-ble': [0, 2], next: [] });
    expect(exceptions).toEqual({ 'ta-ble': [0, 2] });
  });
});
