// The bundles of dist/ in ASCII (scripts/build.ts writes each through asciiSource).
import { parse } from 'acorn';
import { simple } from 'acorn-walk';

/** A character the bundles may not hold as written. */
const NOT_ASCII = /[^\u0000-\u007f]/;

/**
 * Escapes every character above U+007F in a bundle as `\uXXXX`. esbuild writes strings in ASCII but
 * leaves regular expressions as written (date-fns's month names, our languages' patterns). One
 * character above U+00FF makes V8 keep the bundle's whole source at two bytes a character, in every
 * thread that loads it; one above U+007F makes reading it as UTF-8 five times slower than as ASCII
 * (bin/load-bundle.cjs reads an ASCII bundle as Latin-1). The escape means the same character in a
 * regular expression, a string or a comment alike; one escaped already (an odd run of backslashes
 * before it, `\—`) loses one backslash. Columns after an escape on its line move, which the source
 * map does not know of.
 */
export function asciiSource(text: string, file: string): string {
  if (!NOT_ASCII.test(text)) return text;
  refuseChangedTemplates(file, text);
  // An odd run of backslashes before the character escapes it; an even one is backslashes of their own.
  const escaped = text.replace(/(\\*)([^\u0000-\u007f])/g, (_, slashes: string, ch: string) => {
    const kept = slashes.length % 2 === 1 ? slashes.slice(1) : slashes;
    return `${kept}\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return escaped;
}

/**
 * Fails the build on the template literals an escape would change: a tagged one (its tag reads the
 * raw text, and String.raw`é` is not String.raw`\u00e9`), and a backslash before U+2028 or U+2029,
 * a line continuation that `\u2028` is not.
 */
function refuseChangedTemplates(file: string, text: string): void {
  const check = (node: { start: number; end: number }, tagged: boolean) => {
    const raw = text.slice(node.start, node.end);
    if ((tagged && NOT_ASCII.test(raw)) || /\\[\u2028\u2029]/.test(raw)) {
      const line = text.slice(0, node.start).split('\n').length;
      throw new Error(`${file}:${line}: a template literal holds a character above U+007F that an escape would change; escape it in the source`);
    }
  };
  simple(parse(text, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true }), {
    TaggedTemplateExpression: (node) => check(node.quasi, true),
    TemplateLiteral: (node) => check(node, false),
  });
}
