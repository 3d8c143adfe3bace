// Where a word may be hyphenated at a line end, from the `hyphen` package's patterns for the letter's
// language (the module its language module names). Patterns load on the first word that needs them, so
// a letter whose lines fit without hyphenation, and every other language's letters, never pay for them.
import { BoundedCache } from '../bounded-cache.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import createHyphenator from 'hyphen/hyphen.js';
import { languageOf } from '../languages/languages.js';

/** Offsets (UTF-16 units into the word's text) after which the word may be broken with a hyphen. */
export interface Hyphenator {
  (word: string): readonly number[];
  /**
   * Everything its break points depend on but the word and the names it keeps whole (patterns,
   * letters kept), as text: two hyphenators with one key break a word alike when both or neither
   * keep it whole (`keeps`), so a cache of laid-out paragraphs (fit-lines.ts) can be keyed by the
   * paragraph's words, this key and which words are kept, without hyphenating each word.
   */
  readonly key: string;
  /** Whether `word` is one of the names this hyphenator never breaks. */
  keeps(word: string): boolean;
}

type HyphenateSync = (text: string, options?: { hyphenChar?: string; minWordLength?: number }) => string;

/**
 * The fewest letters kept before and after a break, as each language's typesetting conventions set
 * them (TeX's \lefthyphenmin and \righthyphenmin for its patterns: English and French keep three at
 * the end, German, Spanish and Russian two).
 */
const MIN_LETTERS: Record<string, [before: number, after: number]> = {
  en: [2, 3],
  fr: [2, 3],
  es: [2, 2],
  de: [2, 2],
  ru: [2, 2],
  pt: [2, 3],
};

/** German capitalises every noun, so there a capital does not mark a name. */
const CAPITALISED_NOUNS = new Set(['de']);

/** Shorter words are never broken: "sei-ne" reads worse than a slightly wider line. */
const SHORTEST = 6;
const SHY = '\u00ad';
const NO_BREAK_SPACE = /[\u00a0\u202f]/;
const require = createRequire(import.meta.url);
const modules = new Map<string, HyphenateSync>();

/** Words whose break points are kept (then the cache starts over), and words a hyphenator of hyphen's is given (then a new one takes over). */
export const WORDS_PER_HYPHENATOR = 50_000;

/**
 * The break points of each word, per pattern module: a campaign's words repeat letter after letter.
 * Cleared when full, so ever-new words cannot grow it without bound.
 */
const cache = new BoundedCache<string, readonly number[]>(WORDS_PER_HYPHENATOR);
const NONE: readonly number[] = Object.freeze([]);

/** Letters (with their combining marks) and the apostrophes inside a word such as "l’organisation". */
const CORE = /^(\p{P}*)(\p{L}[\p{L}\p{M}'’]*\p{L})[\p{P}\p{N}]*$/u;

/**
 * The hyphenator of a letter in `language`, or undefined when the language has no patterns.
 * `names` are words never broken (the people and bodies the letter names); besides them, words with
 * digits, all-capital acronyms, addresses (anything with / @ . - inside), words with a capital inside
 * ("NagaWorld") and, outside German, capitalised words stay whole.
 */
export function hyphenatorFor(language: string, names: ReadonlySet<string> = new Set()): Hyphenator | undefined {
  const lang = languageOf(language);
  const moduleName = lang?.hyphenation;
  if (!lang || !moduleName) return undefined;
  const [before, after] = MIN_LETTERS[lang.code] ?? [2, 3];
  const capitalisedNouns = CAPITALISED_NOUNS.has(lang.code);
  const hyphenate = (word: string): readonly number[] => {
    if (word.includes(SHY)) return softHyphens(word);
    const [part, offset] = breakablePart(word);
    const m = CORE.exec(part);
    if (!m) return NONE;
    const core = m[2]!;
    if (names.has(core) || core.length < SHORTEST) return NONE;
    if (core === core.toUpperCase()) return NONE;
    // Outside German a capital anywhere marks a name: "Kazakhstan", "d’Erlan", "McDonald". In German,
    // a capital after the first letter does: "NagaWorld", "McDonald" ("Naga-⏎World" reads as a compound).
    if (!capitalisedNouns && /\p{Lu}/u.test(core)) return NONE;
    if (/\p{Lu}/u.test(core.slice(1))) return NONE;
    const key = `${moduleName}\u0000${core}`;
    const points = cache.getOrMake(key, () => breakPoints(patterns(moduleName)(core, { hyphenChar: SHY, minWordLength: before + after }), before, after));
    const shift = offset + m[1]!.length;
    return shift === 0 ? points : points.map((p) => p + shift);
  };
  const key = [moduleName, before, after, capitalisedNouns].join('\u0000');
  const keeps = (word: string): boolean => {
    const core = CORE.exec(breakablePart(word)[0])?.[2];
    return core !== undefined && names.has(core);
  };
  return Object.assign(hyphenate, { key, keeps });
}

/**
 * A word's own break points: just after each soft hyphen its writer put in (text pasted from a word
 * processor or a web page), none at its ends or before a capital. As TeX does, such a word breaks there and nowhere else,
 * a name too; the line's hyphen takes the soft hyphen's place (fit-lines.ts).
 */
function softHyphens(word: string): readonly number[] {
  const points: number[] = [];
  const last = word.replace(/[\p{P}\p{N}\u00ad]+$/u, '').length;
  for (let i = word.indexOf(SHY); i !== -1; i = word.indexOf(SHY, i + 1)) {
    // Not before a capital: "Kassym-⏎Jomart" reads as a compound, and readers keep its hyphen.
    if (/\p{L}/u.test(word.slice(0, i)) && i + 1 < last && !/\p{Lu}/u.test(word[i + 1]!)) points.push(i + 1);
  }
  return points.length === 0 ? NONE : points;
}

/**
 * Whether a text is one letter. An ASCII character is told without `\p{L}`, whose pattern a cold
 * process compiles for half a millisecond: "3 décembre" is held by a no-break space in every letter.
 */
function oneLetter(text: string): boolean {
  if (text.length === 1 && text < '\u0080') return /[A-Za-z]/.test(text);
  return text.length <= 2 && /^\p{L}$/u.test(text);
}

/**
 * The part of a word held together by no-break spaces that may break, and where it starts: the first
 * ("наказание —"; "3 décembre", whose "3" does not break, so a date never does), past one-letter words
 * held to the next (a Russian preposition: "с осуждённым" breaks in "осуждённым").
 */
function breakablePart(word: string): [part: string, offset: number] {
  if (!NO_BREAK_SPACE.test(word)) return [word, 0];
  const parts = word.split(NO_BREAK_SPACE);
  let offset = 0;
  let i = 0;
  while (i < parts.length - 1 && oneLetter(parts[i]!)) offset += parts[i++]!.length + 1;
  return [parts[i]!, offset];
}

function patterns(moduleName: string): HyphenateSync {
  let module = modules.get(moduleName);
  if (!module) modules.set(moduleName, (module = renewed(loadPatterns(moduleName))));
  return module;
}

/**
 * hyphen's hyphenator remembers every word it has been given, for as long as it lives, in its own
 * memo and in the exceptions of the patterns it was made from (`[levels, trie, exceptions]`): over a
 * day of ever-new words (a campaign of hundreds of cases, in one worker) both would grow without
 * bound. A new hyphenator takes over after as many words as our own cache holds before it starts
 * over, made from the same levels and trie and a fresh copy of the exceptions as the patterns gave them.
 */
export function renewed({ data, create }: Patterns): HyphenateSync {
  const [levels, trie, exceptions] = data as [unknown, unknown, Record<string, unknown> | undefined];
  const made = () => create(exceptions ? [levels, trie, { ...exceptions }] : data);
  let current = made();
  let words = 0;
  return (text, options) => {
    if (++words > WORDS_PER_HYPHENATOR) {
      current = made();
      words = 1;
    }
    return current(text, options);
  };
}

/** A pattern module's data (`[levels, trie, exceptions]`) and the hyphen code that reads it. */
export interface Patterns {
  data: unknown;
  create: (data: unknown) => HyphenateSync;
}

/**
 * The pattern module `moduleName` (`hyphen/en-gb`). The package writes its patterns as one large
 * JavaScript literal, which a new thread takes some 12 ms to compile and run; the build writes the same
 * data as JSON beside the bundles (`dist/hyphen/<name>.json`, checked there to be the very same data),
 * which `JSON.parse` makes in half that, read by hyphen's code as bundled (of the version the JSON was
 * written from, and in the code cache; making only the one hyphenator used, where the package's own
 * module makes four). Run from src/, where there is no such file, or with another version of hyphen
 * installed since the build, the package's own module and code serve.
 */
function loadPatterns(moduleName: string): Patterns {
  let json: string;
  try {
    json = readFileSync(new URL(patternsJsonPath(moduleName), import.meta.url), 'latin1');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const own = require('hyphen/hyphen.js') as typeof createHyphenator;
    return { data: (require(moduleName) as { patterns: unknown }).patterns, create: own };
  }
  return { data: JSON.parse(json), create: createHyphenator };
}

let hyphenVersion: string | undefined;

/**
 * Where the build writes a pattern module's data, relative to the bundle: `./hyphen/1.14.1/en-gb.json`
 * for `hyphen/en-gb`, under the version of `hyphen` installed. dist/ is built once (and published) but
 * `hyphen` is installed where it runs: patterns from another version are then never read beside this
 * version's code, which serves instead.
 */
export function patternsJsonPath(moduleName: string): string {
  hyphenVersion ??= (require('hyphen/package.json') as { version: string }).version;
  return `./hyphen/${hyphenVersion}/${moduleName.replace(/^hyphen\//, '')}.json`;
}

/** The offsets of the soft hyphens the patterns put in, in the word without them, kept only where enough letters stand either side. */
function breakPoints(hyphenated: string, before: number, after: number): readonly number[] {
  const points: number[] = [];
  let offset = 0;
  for (const ch of hyphenated) {
    if (ch === SHY) points.push(offset);
    else offset += ch.length;
  }
  const letters = (s: number, e: number) => [...hyphenated.replaceAll(SHY, '').slice(s, e)].filter((c) => /\p{L}/u.test(c)).length;
  const kept = points.filter((p) => letters(0, p) >= before && letters(p, offset) >= after);
  return kept.length === 0 ? NONE : Object.freeze(kept);
}
