// Handlebars runs only in compose/: one isolated environment with the letter helpers.
import Handlebars from 'handlebars';
import { formatLetterDate, isCalendarDate } from '../languages/dates.js';
import { joinList, labelsFor } from '../languages/labels.js';

export type HelperOptions = Handlebars.HelperOptions & { data?: { language?: string } };

/**
 * Values a template inserts into Markdown parts must stay literal text, so `{{x}}` escapes Markdown
 * syntax instead of HTML. Handlebars reads its escape function from its shared utils module when a
 * template is first run, so it is replaced here, once, before anything is compiled. Plain-text parts
 * are compiled with `noEscape`.
 */
const utils = Handlebars.Utils as unknown as { escapeExpression: (value: unknown) => string };
utils.escapeExpression = escapeMarkdown;

export function escapeMarkdown(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  const maybeSafe = value as { toHTML?: () => string };
  if (typeof maybeSafe.toHTML === 'function') return maybeSafe.toHTML();
  return String(value)
    .replace(/\s*\n\s*/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|<>~&^]/g, (ch) => `\\${ch}`);
}

export const hb = Handlebars.create();

function language(options: HelperOptions): string {
  return options.data?.language ?? 'en';
}

type PersonLike = { pronoun?: string } | undefined;
const FORMS = ['subject', 'object', 'possessive'] as const;

export const HELPERS: Record<string, Handlebars.HelperDelegate> = {
  /** {{date letter.date}} -> "16 December 2019" in the letter's language. */
  date(value: unknown, options: HelperOptions) {
    if (typeof value !== 'string' || !isCalendarDate(value)) {
      throw new Error(`{{date ...}} needs a calendar date written YYYY-MM-DD, such as timeline.0.date, not ${JSON.stringify(value ?? null)}`);
    }
    return formatLetterDate(value, language(options));
  },
  /** {{list names}} -> "A, B and C"; {{list people "name"}} takes one field of each entry. */
  list(items: unknown, ...rest: unknown[]) {
    const options = rest.pop() as HelperOptions;
    const field = typeof rest[0] === 'string' ? rest[0] : undefined;
    if (!Array.isArray(items)) throw new Error('the list helper needs a list');
    const texts = items.map((it) => String(field && it && typeof it === 'object' ? ((it as Record<string, unknown>)[field] ?? '') : it));
    return joinList(texts, language(options));
  },
  upper(value: unknown) {
    return String(value ?? '').toLocaleUpperCase();
  },
  capitalize(value: unknown) {
    const s = String(value ?? '');
    return s.charAt(0).toLocaleUpperCase() + s.slice(1);
  },
  /** {{pronoun person}} -> he / she / they; {{pronoun person "object"}}, {{pronoun person "possessive"}}; in the letter's language. */
  pronoun(person: unknown, ...rest: unknown[]) {
    const options = rest.pop() as HelperOptions;
    const form = (rest[0] ?? 'subject') as string;
    if (!FORMS.includes(form as (typeof FORMS)[number]))
      throw new Error(`the pronoun helper's form must be one of ${FORMS.join(', ')}, not ${JSON.stringify(form)}`);
    const p = (person as PersonLike)?.pronoun;
    const key = p === 'he' || p === 'she' ? p : 'they';
    return labelsFor(language(options)).pronouns[key][form as (typeof FORMS)[number]];
  },
};

for (const [name, fn] of Object.entries(HELPERS)) hb.registerHelper(name, fn);

/** Helpers a template or body may call: ours and Handlebars' own. */
export const KNOWN_HELPERS = new Set([...Object.keys(HELPERS), 'if', 'unless', 'each', 'with', 'lookup']);

export const RUNTIME_OPTIONS = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
} as const;
