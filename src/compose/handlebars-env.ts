// Handlebars runs only in compose/: one isolated environment with the letter helpers.
import Handlebars from 'handlebars';
import { loadFonts } from '../fonts/font-set.js';
import { formatLetterDate, isCalendarDate } from '../languages/dates.js';
import { joinList, labelsFor } from '../languages/labels.js';
import { initialIn, upperIn } from '../languages/capitals.js';
import { languageOf } from '../languages/languages.js';
import { quotedName } from '../input/invisible-characters.js';

export type HelperOptions = Handlebars.HelperOptions & { data?: { language?: string } };

/**
 * Values a template inserts into Markdown parts must stay literal text, so `{{x}}` escapes Markdown
 * syntax instead of HTML. Handlebars reads its escape function from its shared utils module when a
 * template is first run, so it is replaced here, once, before anything is compiled. Plain-text parts
 * are compiled with `noEscape`.
 */
const utils = Handlebars.Utils as unknown as { escapeExpression: (value: unknown) => string };
utils.escapeExpression = escapeMarkdown;

/**
 * Makes a value literal Markdown text: every character that could start Markdown syntax enabled in
 * markdown-to-blocks (emphasis, links, footnote citations, code, headings including `===` underlines,
 * lists, quotes, tables, strikethrough, entities, HTML) is backslash-escaped, and whitespace other
 * than no-break spaces is collapsed and trimmed so a value can neither begin a new block, an indented code block nor a hard
 * line break.
 */
export function escapeMarkdown(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  const maybeSafe = value as { toHTML?: () => string };
  if (typeof maybeSafe.toHTML === 'function') return maybeSafe.toHTML();
  const written = String(value);
  if (current) spend(current, 0, written.length);
  // No-break spaces stay (« … », "Objet :"): they are text, not layout. U+FEFF, which JavaScript
  // counts as white space, is a zero-width no-break space (pasted from Word or Excel), not a gap: it
  // becomes U+2060, the word joiner Unicode has it mean now, which the fonts draw as nothing.
  return written
    .replace(/\ufeff/g, '\u2060')
    .replace(/[^\S\u00a0\u202f]+/g, ' ')
    .trim()
    .replace(/[\\`*_{}[\]()#+\-.!|<>~&^=:]/g, (ch) => `\\${ch}`);
}

export const hb = Handlebars.create();
// `{{log}}` would write to the terminal; the body checker refuses it, and this keeps it silent anyway.
(hb as unknown as { log: () => void }).log = () => {};

/**
 * Parses a template's text. Handlebars' grammar errors ("Parse error on line 2: ... Expecting 'ID'")
 * say the line only; the lexer still holds the place of the token the parser stopped at, which is
 * given to the error as Handlebars gives it to its other errors (`lineNumber`, and `column` from 0),
 * so the message can point at that character.
 */
export function parseTemplate(text: string): hbs.AST.Program {
  try {
    return hb.parse(text);
  } catch (err) {
    const lexer = (hb as unknown as { Parser: { lexer?: { yylloc?: { first_line: number; first_column: number } } } }).Parser.lexer;
    const at = lexer?.yylloc;
    if (err instanceof Error && at && /^(Parse|Lexical) error on line/.test(err.message)) {
      Object.assign(err, { lineNumber: at.first_line, column: at.first_column });
    }
    throw err;
  }
}

/**
 * A helper used the wrong way while a letter is filled in, at the place in the template where it
 * stands: the static check finds these first, and this keeps anything it misses from printing
 * "[object Object]" or a JavaScript message.
 */
export class TemplateUseError extends Error {
  override readonly name = 'TemplateUseError';
  constructor(
    message: string,
    readonly loc?: hbs.AST.SourceLocation,
  ) {
    super(message);
  }
}

function language(options: HelperOptions): string {
  return options.data?.language ?? 'en';
}

function fail(options: HelperOptions, message: string): never {
  throw new TemplateUseError(message, (options as { loc?: hbs.AST.SourceLocation }).loc);
}

function text(value: unknown, options: HelperOptions, helper: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object')
    fail(options, `{{${helper} ...}} needs a text, but was given a group of fields or a list: give it a text such as person.name.`);
  return String(value);
}

export function isCalendarText(value: string): boolean {
  return isCalendarDate(value);
}

type PersonLike = { pronoun?: string } | undefined;
const FORMS = ['subject', 'object', 'possessive'] as const;

/** What each helper a body may call takes, for the static check of a body. */
export interface HelperSignature {
  /** Fewest and most values it takes. */
  arity: [number, number];
  /** Used as {{#name ...}}...{{/name}}. */
  block: boolean;
  /** How to call it, for messages. */
  usage: string;
  result?: { kind: 'text' } | { kind: 'any' };
}

export const HELPER_SIGNATURES: Record<string, HelperSignature> = {
  date: { arity: [1, 1], block: false, usage: 'letter.date', result: { kind: 'text' } },
  list: { arity: [1, 2], block: false, usage: 'people "name"', result: { kind: 'text' } },
  upper: { arity: [1, 1], block: false, usage: 'person.name', result: { kind: 'text' } },
  capitalize: { arity: [1, 1], block: false, usage: 'person.role', result: { kind: 'text' } },
  pronoun: { arity: [1, 2], block: false, usage: 'person "object"', result: { kind: 'text' } },
  quote: { arity: [1, 1], block: false, usage: 'sender.name', result: { kind: 'text' } },
  elide: { arity: [2, 2], block: false, usage: '"de" person.name', result: { kind: 'text' } },
  the: { arity: [1, 1], block: false, usage: 'country', result: { kind: 'text' } },
  punctuate: { arity: [3, 3], block: false, usage: 'this ";" "."', result: { kind: 'text' } },
  if: { arity: [1, 1], block: true, usage: 'person.role' },
  unless: { arity: [1, 1], block: true, usage: 'person.role' },
  each: { arity: [1, 1], block: true, usage: 'people' },
  with: { arity: [1, 1], block: true, usage: 'person' },
  lookup: { arity: [2, 2], block: false, usage: 'timeline 0', result: { kind: 'any' } },
};

export const HELPERS: Record<string, Handlebars.HelperDelegate> = {
  /** {{date letter.date}} -> "16 December 2019" in the letter's language. */
  date(...args: unknown[]) {
    const options = args.pop() as HelperOptions;
    const value = args[0];
    if (args.length !== 1) fail(options, '{{date}} needs one date: write {{date letter.date}}.');
    if (value === undefined || value === null)
      fail(options, '{{date ...}} was given a value this case does not have: check the field name and, for a list, that the entry exists.');
    if (typeof value !== 'string' || !isCalendarDate(value)) {
      const shown = typeof value === 'object' && value !== null ? 'a group of fields or a list' : JSON.stringify(value ?? null);
      fail(options, `{{date ...}} needs a calendar date written YYYY-MM-DD, such as letter.date, not ${shown}.`);
    }
    return formatLetterDate(value, language(options));
  },
  /** {{list names}} -> "A, B and C"; {{list people "name"}} takes one field of each entry. */
  list(...args: unknown[]) {
    const options = args.pop() as HelperOptions;
    const [items, field] = args;
    if (!Array.isArray(items)) fail(options, '{{list ...}} needs a list, such as {{list people "name"}}.');
    if (field !== undefined && typeof field !== 'string') fail(options, '{{list ...}} takes the field to list in quotes, such as "name".');
    const texts = items.map((it: unknown) => {
      const v = field !== undefined && it && typeof it === 'object' ? (Object.hasOwn(it, field) ? (it as Record<string, unknown>)[field] : undefined) : it;
      return text(v, options, 'list');
    });
    return joinList(texts, language(options));
  },
  upper(...args: unknown[]) {
    const options = args.pop() as HelperOptions;
    if (args.length !== 1) fail(options, '{{upper}} needs one text: write {{upper person.name}}.');
    return upperDrawn(text(args[0], options, 'upper'), language(options), upperIn);
  },
  capitalize(...args: unknown[]) {
    const options = args.pop() as HelperOptions;
    if (args.length !== 1) fail(options, '{{capitalize}} needs one text: write {{capitalize person.role}}.');
    const s = text(args[0], options, 'capitalize');
    if (s === '') return s;
    // The first character, not its first UTF-16 half: "𐐨" (U+10428) is one character of two halves.
    const first = String.fromCodePoint(s.codePointAt(0)!);
    return upperDrawn(first, language(options), initialIn) + s.slice(first.length);
  },
  /** {{pronoun person}} -> he / she / they; {{pronoun person "object"}}, {{pronoun person "possessive"}}; in the letter's language. */
  pronoun(...args: unknown[]) {
    const options = args.pop() as HelperOptions;
    const [person, form = 'subject'] = args;
    if (args.length < 1 || args.length > 2) fail(options, '{{pronoun}} needs a person: write {{pronoun person}} or {{pronoun person "object"}}.');
    if (typeof person !== 'object' || person === null) fail(options, '{{pronoun ...}} needs a person, such as person or, in {{#each people}}, this.');
    if (!FORMS.includes(form as (typeof FORMS)[number]))
      fail(options, `{{pronoun ...}}'s form must be one of ${FORMS.join(', ')}, not ${JSON.stringify(form)}.`);
    const p = (person as PersonLike)?.pronoun;
    const key = p === 'he' || p === 'she' ? p : 'they';
    return labelsFor(language(options)).pronouns[key][form as (typeof FORMS)[number]];
  },
  /** {{quote sender.name}} -> “…”, « … », «…» in the letter's language. */
  quote(...args: unknown[]) {
    const options = args.pop() as HelperOptions;
    if (args.length !== 1) fail(options, '{{quote}} needs one text: write {{quote sender.name}}.');
    return labelsFor(language(options)).quote(text(args[0], options, 'quote'));
  },
  /** {{elide "de" person.name}} -> "d’Erlan Baltabay" in French, "de Kassym…" otherwise; other languages join with a space. */
  elide(...args: unknown[]) {
    const options = args.pop() as HelperOptions;
    if (args.length !== 2) fail(options, '{{elide}} needs a word and a text: write {{elide "de" person.name}}.');
    const word = text(args[0], options, 'elide');
    const rest = text(args[1], options, 'elide');
    const elide = languageOf(language(options))?.elide;
    return elide ? elide(word, rest) : `${word} ${rest}`;
  },
  /** {{the country}} -> "the Philippines", "the Republic of Korea", "Kazakhstan" in English; other languages as written. */
  the(...args: unknown[]) {
    const options = args.pop() as HelperOptions;
    if (args.length !== 1) fail(options, '{{the}} needs one text: write {{the country}}.');
    const name = text(args[0], options, 'the');
    const definite = languageOf(language(options))?.definite;
    return definite ? definite(name) : name;
  },
  /**
   * {{punctuate this ";" "."}} in an {{#each}}: the entry and the first mark, or the second on the last
   * entry, as a list of demands ends. Data written as a list already (`free Amin;`) keeps one mark, and a
   * text ending in a full stop, "…", "!" or "?" takes no second full stop: "… etc." and "… 2022 г." are
   * the end of the sentence too, where "etc.." was printed. Before a semicolon such a stop stays ("г.;").
   */
  punctuate(...args: unknown[]) {
    const options = args.pop() as HelperOptions;
    if (args.length !== 3) fail(options, '{{punctuate}} needs a text and two marks: write {{punctuate this ";" "."}} inside {{#each}}.');
    const entry = text(args[0], options, 'punctuate');
    const mark = text((options.data as { last?: boolean } | undefined)?.last ? args[2] : args[1], options, 'punctuate');
    return endWith(entry, mark);
  },
  /**
   * {{lookup timeline 0}}: an entry of a list by its position, or a field by its name. Handlebars' own
   * printed nothing for an entry that is not there (`{{lookup timeline 9}}` of a timeline of four);
   * this names the place instead. Only the value's own fields: never JavaScript's inner workings.
   */
  lookup(...args: unknown[]) {
    const options = args.pop() as HelperOptions;
    const [from, key] = args;
    // An optional field left out, as the subject or as the key (a timeline entry without `source`): nothing, as before.
    if (from === null || from === undefined || key === null || key === undefined) return undefined;
    if (typeof from !== 'object' || (typeof key !== 'string' && typeof key !== 'number'))
      fail(options, '{{lookup ...}} needs a list or a group of fields, then a position or a name: write {{lookup timeline 0}}.');
    if (Object.hasOwn(from, key)) return (from as Record<string | number, unknown>)[key];
    if (Array.isArray(from))
      fail(
        options,
        `{{lookup ...}} asks for entry ${String(key)}, but the list has ${from.length === 0 ? 'no entries' : `${from.length} (0 to ${from.length - 1}: counted from 0)`}.`,
      );
    // A field left out of a group is an optional one (a source without `title`): nothing, as before.
    // The template's check names a field that no group of its kind has.
    return undefined;
  },
  /** Handlebars calls this for `{{name value}}` when `name` is no helper. */
  helperMissing(...args: unknown[]) {
    const options = args.pop() as HelperOptions & { name?: string };
    if (args.length === 0) return undefined;
    fail(options, `unknown helper ${quotedName(options.name ?? '')}: the helpers a body may use are ${Object.keys(HELPER_SIGNATURES).sort().join(', ')}.`);
  },
  log(...args: unknown[]) {
    fail(args.pop() as HelperOptions, '`log` cannot be used in a body: remove it.');
  },
};

for (const [name, fn] of Object.entries(HELPERS)) hb.registerHelper(name, fn);

/**
 * What one filling-in of a template may do: `{{#each}}` inside `{{#each}}` multiplies (five deep over a
 * 20-entry timeline is 3.2 million repeats), and a value may be long, so repeats and the text written
 * by values and loops are counted while a template runs (fillIn), and it stops with a TemplateUseError
 * at the loop past either limit, where it ran out of memory before. A real letter stays far below.
 */
/** A list entry's separator written in the data, with the space French puts before it: " ;", ",". */
const LIST_MARK = /\s*[;,]\s*$/u;
/** Marks that end a sentence, as a full stop does. */
const SENTENCE_END = /[.…!?]\s*$/u;

function endWith(entry: string, mark: string): string {
  const bare = entry.replace(LIST_MARK, '');
  if (mark.trim() === '.' && SENTENCE_END.test(bare)) return bare.trimEnd();
  return bare.trimEnd() + mark;
}

export const FILL_LIMITS = { repeats: 100_000, characters: 1024 * 1024 } as const;
interface Budget {
  repeats: number;
  characters: number;
}
let current: Budget | undefined;

function spend(budget: Budget, repeats: number, characters: number, options?: HelperOptions): void {
  budget.repeats += repeats;
  budget.characters += characters;
  const loc = (options as { loc?: hbs.AST.SourceLocation } | undefined)?.loc;
  if (budget.repeats > FILL_LIMITS.repeats)
    throw new TemplateUseError(
      `this {{#each}} repeats its text more than ${FILL_LIMITS.repeats.toLocaleString('en')} times in all (lists looped over inside each other): a letter needs some hundreds at most. Loop over fewer lists inside one another.`,
      loc,
    );
  if (budget.characters > FILL_LIMITS.characters)
    throw new TemplateUseError(
      `the values and loops here write more than ${FILL_LIMITS.characters / (1024 * 1024)} MB of text: a letter is a few pages. Write fewer values or loops, or shorten the values they repeat.`,
      loc,
    );
}

const builtinEach = hb.helpers.each!;
hb.registerHelper('each', function (this: unknown, ...args: unknown[]) {
  const options = args.pop() as HelperOptions;
  const budget = current;
  if (!budget) return builtinEach.call(this, ...args, options);
  const fn = options.fn;
  const counted = (context: unknown, frame?: Handlebars.RuntimeOptions) => {
    spend(budget, 1, 0, options);
    const out = fn(context, frame);
    spend(budget, 0, out.length, options);
    return out;
  };
  return builtinEach.call(this, ...args, { ...options, fn: Object.assign(counted, fn) });
});

/** Runs a compiled template within FILL_LIMITS. */
export function fillIn(template: HandlebarsTemplateDelegate, context: unknown, options: Handlebars.RuntimeOptions): string {
  const outer = current;
  current = { repeats: 0, characters: 0 };
  try {
    return template(context, options);
  } finally {
    current = outer;
  }
}

export const RUNTIME_OPTIONS = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
} as const;

/**
 * A text in capitals, each letter whose capital the fonts lack kept as written: "ɤ" has a capital
 * (U+A7CB) that no embedded font draws, and the letter would print an empty box for a name the case
 * file was allowed to hold.
 */
function upperDrawn(s: string, lang: string, capitals: (text: string, lang: string) => string): string {
  const fonts = loadFonts();
  const upper = capitals(s, lang);
  if (fonts.missingGlyphs(upper).length === 0) return upper;
  return [...s]
    .map((ch) => {
      const capital = capitals(ch, lang);
      return fonts.missingGlyphs(capital).length === 0 ? capital : ch;
    })
    .join('');
}

/**
 * Compiles a template's text with its file as the source of every place in it (`loc.source`), so that a
 * helper misused in a partial is told in the partial's file. Handlebars' types leave `srcName` out of
 * compile's options, though compile passes it to the parser.
 */
export function compileText(text: string, noEscape: boolean, source: string): HandlebarsTemplateDelegate {
  return hb.compile(text, { noEscape, strict: false, srcName: source } as CompileOptions);
}
