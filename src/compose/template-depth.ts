import { lineColumn, templateTags } from './template-tags.js';

/** Deeper blocks or sub-expressions are refused: no letter needs them, and Handlebars' parser and compiler recurse. */
export const MAX_TEMPLATE_DEPTH = 64;

/**
 * The block (`{{#if}}`, `{{^x}}`, `{{#> partial}}`) or sub-expression that nests more than
 * MAX_TEMPLATE_DEPTH levels deep, found by reading the tags alone, before Handlebars parses the text:
 * thousands of nested blocks took seconds to parse and then overflowed the stack.
 */
export function nestingProblem(text: string): { line: number; column: number; message: string } | undefined {
  let depth = 0;
  for (const { start, inner, comment } of templateTags(text)) {
    if (comment) continue;
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
  return {
    ...lineColumn(text, index),
    message: `blocks are nested more than ${MAX_TEMPLATE_DEPTH} levels deep here (\`{{#...}}\` inside \`{{#...}}\`, or sub-expressions in parentheses): no letter needs that. Close some blocks before opening others.`,
  };
}
