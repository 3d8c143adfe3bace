/** A Handlebars tag found by reading the text alone: `{{...}}` from `start` to `end` (past its `}}`). */
export interface Tag {
  start: number;
  end: number;
  /** What stands between the braces, with the opening `{`, `~` and spaces taken off. */
  inner: string;
  /** `{{! ...}}` or `{{!-- ... --}}`: text Handlebars leaves out. */
  comment: boolean;
}

/**
 * The tags of a template, in order, without parsing it: the checks that must run before Handlebars
 * parses and compiles a hostile text (how deep it nests, how many expressions it has) read these.
 * An escaped `\{{` is text; the reading stops at a tag never closed, which the syntax check places.
 */
export function* templateTags(text: string): Generator<Tag> {
  const tag = /\\?\{\{/g;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    if (m[0].startsWith('\\')) continue;
    const start = m.index;
    const comment = /^\{\{~?!--/.test(text.slice(start, start + 6));
    const close = text.indexOf(comment ? '--}}' : '}}', start + 2);
    if (close < 0) return;
    tag.lastIndex = close + 2;
    yield {
      start,
      end: close + 2,
      inner: text.slice(start + 2, close).replace(/^[{~]*\s*/, ''),
      comment: comment || text.charAt(start + 2) === '!',
    };
  }
}

/** The 1-based line and column of `index` in `text`. */
export function lineColumn(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  return { line: before.split('\n').length, column: index - (before.lastIndexOf('\n') + 1) + 1 };
}
