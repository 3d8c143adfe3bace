import { escapeInvisible } from '../errors.js';

/**
 * Format characters (Unicode Cf): zero-width spaces and joiners, word joiners, the byte order mark,
 * soft hyphens. A text may need them (a joiner in an Indic word), but a key or an id never does, and
 * a message quoting one as it is shows nothing where it stands ("unknown key `title`").
 */
const INVISIBLE = /\p{Cf}/gu;

const NAMES: Record<number, string> = {
  0x00ad: 'SOFT HYPHEN',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2060: 'WORD JOINER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE, a byte order mark',
};

const code = (ch: string) => ch.codePointAt(0)!;
const hex = (ch: string) => code(ch).toString(16).padStart(4, '0');

/**
 * A key or an id with its invisible characters written as escapes (`title\u200b`), the note naming
 * them and the text without them; undefined when it has none.
 */
export function invisibleCharacters(text: string): { shown: string; note: string; without: string; them: 'it' | 'them' } | undefined {
  const found = [...new Set(text.match(INVISIBLE) ?? [])];
  if (found.length === 0) return undefined;
  const names = found.map((ch) => `U+${hex(ch).toUpperCase()}${NAMES[code(ch)] ? ` (${NAMES[code(ch)]})` : ''}`);
  return {
    shown: escapeInvisible(text),
    note: `it holds the invisible character${found.length > 1 ? 's' : ''} ${names.join(', ')}`,
    without: text.replace(INVISIBLE, ''),
    them: found.length > 1 ? 'them' : 'it',
  };
}

/**
 * A key or a name (a template's field, helper or partial) as a message quotes it: `title`, or with
 * its invisible characters escaped and named after it, so it cannot pass for the one it looks like:
 * `title\u200b` (it holds the invisible character U+200B (ZERO WIDTH SPACE)).
 */
export function quotedName(name: string): string {
  const invisible = invisibleCharacters(name);
  return invisible ? `\`${invisible.shown}\` (${invisible.note})` : `\`${name}\``;
}
