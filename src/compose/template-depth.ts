/** Deeper blocks or sub-expressions are refused: no letter needs them, and Handlebars' parser and compiler recurse. */
export const MAX_TEMPLATE_DEPTH = 64;

/**
 * The block (`{{#if}}`, `{{^x}}`, `{{#> partial}}`) or sub-expression that nests more than
 * MAX_TEMPLATE_DEPTH levels deep, found by reading the tags alone, before Handlebars parses the text:
 * thousands of nested blocks took seconds to parse and then overflowed the stack.
 */
export function nestingProblem(text: string): { line: number; column: number; message: string } | undefined {
  let depth = 0;
  const tag = /\\?\{\{/g;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    if (m[0].startsWith('\\')) continue;
    const start = m.index;
    const comment = /^\{\{~?!--/.test(text.slice(start, start + 6));
    const end = text.indexOf(comment ? '--}}' : '}}', start + 2);
    if (end < 0) return undefined; // left to the syntax check, which says where
    tag.lastIndex = end + 2;
    if (comment || text.charAt(start + 2) === '!') continue;
    const inner = text.slice(start + 2, end).replace(/^[{~]*\s*/, '');
    // Sub-expressions nest inside one tag.
    let parens = 0;
    for (let i = 0; i < inner.length; i++) {
      if (inner[i] === '(') parens++;
      else if (inner[i] === ')') parens--;
      if (depth + parens > MAX_TEMPLATE_DEPTH) return problemAt(text, start);
    }
    if (/^\/\s*[^\s}~]/.test(inner)) depth = Math.max(0, depth - 1);
    else if (/^(#|\^\s*[^\s}~])/.test(inner)) {
      depth++;
      if (depth > MAX_TEMPLATE_DEPTH) return problemAt(text, start);
    }
  }
  return undefined;
}

function problemAt(text: string, index: number): { line: number; column: number; message: string } {
  const before = text.slice(0, index);
  return {
    line: before.split('\n').length,
    column: index - (before.lastIndexOf('\n') + 1) + 1,
    message: `blocks are nested more than ${MAX_TEMPLATE_DEPTH} levels deep here (\`{{#...}}\` inside \`{{#...}}\`, or sub-expressions in parentheses): no letter needs that. Close some blocks before opening others.`,
  };
}
