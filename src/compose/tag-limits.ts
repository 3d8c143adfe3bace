import { nestingProblem } from './template-depth.js';
import { templateSizeProblem } from './template-size.js';

/**
 * The first place where a template passes a limit that is read from its tags alone, before Handlebars
 * parses and compiles it: blocks nested too deep, or too many expressions. A text that does both (3,000
 * blocks inside each other) is refused where it first goes wrong.
 */
export function tagLimitProblem(text: string): { line: number; column: number; message: string } | undefined {
  const found = [nestingProblem(text), templateSizeProblem(text)].filter((p) => p !== undefined);
  return found.sort((a, b) => a.line - b.line || a.column - b.column)[0];
}
