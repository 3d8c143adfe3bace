// Uses Handlebars' AST types (the global `hbs` namespace of its type definitions).
import { hb, KNOWN_HELPERS } from './handlebars-env.js';

type AST = hbs.AST.Program;
type Node = hbs.AST.Node & { loc?: hbs.AST.SourceLocation };

/** Names that reach into JavaScript's object machinery rather than the letter's data. */
const FORBIDDEN = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'hasOwnProperty',
  'valueOf',
  'toString',
]);

export interface TemplateProblem {
  /** 1-based line within the template text. */
  line: number;
  column: number;
  message: string;
}

/**
 * Checks a template written by a user (a case's body) before it runs: it may only read data and
 * call the letter helpers, never partials, decorators or object internals.
 */
export function checkTemplate(text: string, options: { allowPartials: boolean; knownTopLevel?: Set<string> }): TemplateProblem[] {
  let ast: AST;
  try {
    ast = hb.parse(text);
  } catch (err) {
    const e = err as Error & { lineNumber?: number; column?: number };
    const m = /Parse error on line (\d+)/.exec(e.message);
    const line = e.lineNumber ?? (m ? Number(m[1]) : 1);
    const detail = e.message.split('\n').slice(-1)[0] ?? e.message;
    return [
      { line, column: (e.column ?? 0) + 1, message: `Handlebars syntax error: ${detail}. Check that every {{ has its }} and every {{#block}} its {{/block}}.` },
    ];
  }
  const problems: TemplateProblem[] = [];
  const at = (node: Node, message: string) => problems.push({ line: node.loc?.start.line ?? 1, column: (node.loc?.start.column ?? 0) + 1, message });

  const visitPath = (node: hbs.AST.PathExpression, depth: number) => {
    const bad = node.parts.find((p: string) => FORBIDDEN.has(p));
    if (bad) {
      at(node, `\`{{${node.original}}}\` reaches into \`${bad}\`, which is not letter data: use a field of the case, e.g. {{person.name}}.`);
      return;
    }
    if (options.knownTopLevel && depth === 0 && node.depth === 0 && !node.data && node.parts.length > 0 && node.original !== 'this') {
      const head = node.parts[0]!;
      if (!options.knownTopLevel.has(head)) {
        at(node, `unknown field \`${head}\` in \`{{${node.original}}}\`: available are ${[...options.knownTopLevel].sort().join(', ')}.`);
      }
    }
  };
  const visitExpr = (node: hbs.AST.Expression, depth: number) => {
    if (node.type === 'PathExpression') visitPath(node as hbs.AST.PathExpression, depth);
    else if (node.type === 'SubExpression') visitCall(node as hbs.AST.SubExpression, depth);
  };
  const visitCall = (node: hbs.AST.MustacheStatement | hbs.AST.SubExpression | hbs.AST.BlockStatement, depth: number) => {
    const path = node.path as hbs.AST.PathExpression;
    const isCall = node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0 || node.type === 'SubExpression';
    if (path.type === 'PathExpression' && isCall && !KNOWN_HELPERS.has(path.original)) {
      at(node, `unknown helper \`${path.original}\` in \`${path.original} ...\`: available helpers are ${[...KNOWN_HELPERS].sort().join(', ')}.`);
    } else if (path.type === 'PathExpression' && !KNOWN_HELPERS.has(path.original)) {
      visitPath(path, depth);
    }
    for (const p of node.params) {
      // `{{lookup this "constructor"}}` names the internals in a string rather than a path.
      if (p.type === 'StringLiteral' && FORBIDDEN.has((p as hbs.AST.StringLiteral).value)) {
        const name = (p as hbs.AST.StringLiteral).value;
        at(node, `\`{{${path.original} ... "${name}"}}\` reaches into \`${name}\`, which is not letter data: use a field of the case, e.g. {{person.name}}.`);
      } else visitExpr(p, depth);
    }
    for (const pair of node.hash?.pairs ?? []) visitExpr(pair.value, depth);
  };
  const visitProgram = (program: hbs.AST.Program | undefined, depth: number) => {
    for (const st of program?.body ?? []) {
      switch (st.type) {
        case 'MustacheStatement':
          visitCall(st as hbs.AST.MustacheStatement, depth);
          break;
        case 'BlockStatement': {
          const block = st as hbs.AST.BlockStatement;
          visitCall(block, depth);
          // Inside each/with the context changes, so top-level field names no longer apply.
          const inner = ['each', 'with'].includes((block.path as hbs.AST.PathExpression).original) ? depth + 1 : depth;
          visitProgram(block.program, inner);
          visitProgram(block.inverse, depth);
          break;
        }
        case 'PartialStatement':
        case 'PartialBlockStatement':
          if (!options.allowPartials) at(st, 'partials (`{{> name}}`) are not allowed in a case body: write the text in the body itself.');
          break;
        case 'DecoratorBlock':
        case 'Decorator':
          at(st, 'decorators (`{{* ...}}`) are not allowed here.');
          break;
        default:
          break;
      }
    }
  };
  visitProgram(ast, 0);
  return problems;
}
