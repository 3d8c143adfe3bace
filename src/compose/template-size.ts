import { lineColumn, templateTags } from './template-tags.js';

/**
 * More expressions in one body or template file are refused before Handlebars compiles it. Handlebars
 * turns each expression into JavaScript that takes some 20 to 30 KB of memory to build and compile
 * (30,000 `{{sender.name}}` in a body took 600 MB, 100,000 `{{title}}` 2.9 GB); a real letter has a few
 * hundred, so the limit costs some 60 MB at the most.
 */
export const MAX_TEMPLATE_EXPRESSIONS = 2_000;

/**
 * The expression past MAX_TEMPLATE_EXPRESSIONS, counted from the tags alone: each tag, and each value
 * and sub-expression inside one (`{{list (lookup people 0) "name"}}` is four), since Handlebars compiles
 * each of them to code of its own. Comments and escaped tags are text and are not counted.
 */
export function templateSizeProblem(text: string): { line: number; column: number; message: string } | undefined {
  let count = 0;
  for (const { start, inner, comment } of templateTags(text)) {
    if (comment) continue;
    // A word, a string or a `(`; a few words too many (`"two words"`, `key=value`) cost nothing.
    // Counted one by one, so that a tag of a megabyte of words stops at the limit.
    const word = /\(|[^\s()=]+/g;
    let words = 0;
    while (words <= MAX_TEMPLATE_EXPRESSIONS && word.exec(inner)) words++;
    count += Math.max(1, words);
    if (count > MAX_TEMPLATE_EXPRESSIONS) {
      const limit = MAX_TEMPLATE_EXPRESSIONS.toLocaleString('en');
      return {
        ...lineColumn(text, start),
        message: `more than ${limit} Handlebars expressions up to here (each \`{{...}}\`, and each value or \`(...)\` inside one): a letter has a few hundred at most, and each one takes memory to compile. Write text that never changes as plain text, and repeat a passage for each entry of a list with one {{#each}} rather than writing it again.`,
      };
    }
  }
  return undefined;
}
