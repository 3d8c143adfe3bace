// Uses Handlebars' AST types (the global `hbs` namespace of its type definitions).
import { HELPER_SIGNATURES, isCalendarText, parseTemplate } from './handlebars-env.js';
import { tagLimitProblem } from './tag-limits.js';
import { quotedName } from '../input/invisible-characters.js';
import { escapeInvisible } from '../errors.js';

type Node = hbs.AST.Node & { loc?: hbs.AST.SourceLocation };
type Call = hbs.AST.MustacheStatement | hbs.AST.SubExpression | hbs.AST.BlockStatement;

/**
 * What a value in the template context is, so a body can be checked before any letter is filled in:
 * a field that does not exist, an object printed where a text belongs, a helper given the wrong kind
 * of value are all found statically, each at its own place.
 */
export type Shape =
  | { kind: 'text'; what?: string }
  | { kind: 'date' }
  | { kind: 'number' }
  | { kind: 'list'; of: Shape; what: string }
  | { kind: 'map'; of: Shape; what: string }
  | { kind: 'object'; fields: Record<string, Shape>; what: string }
  | { kind: 'any' };

/** Names that reach into JavaScript's object machinery or Handlebars' own, rather than the letter's data. */
const FORBIDDEN = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'valueOf',
  'toString',
  'toLocaleString',
  'helperMissing',
  'blockHelperMissing',
  'log',
]);

const MACHINERY = new Set(['helperMissing', 'blockHelperMissing', 'log']);

/** The data variables Handlebars sets inside {{#each}}. */
const LOOP_DATA = new Set(['index', 'key', 'first', 'last']);

export interface TemplateProblem {
  /** 1-based line within the template text. */
  line: number;
  /** 1-based column within that line. */
  column: number;
  message: string;
}

interface Scope {
  shape: Shape;
  /** `{{#each x as |item i|}}` names. */
  params: Map<string, Shape>;
  inLoop: boolean;
}

const ANY: Shape = { kind: 'any' };
const TEXT: Shape = { kind: 'text' };

function describe(shape: Shape): string {
  switch (shape.kind) {
    case 'text':
      return shape.what ?? 'a text';
    case 'date':
      return 'a date';
    case 'number':
      return 'a number';
    case 'any':
      return 'a value';
    default:
      return shape.what;
  }
}

const isPrintable = (s: Shape) => s.kind === 'text' || s.kind === 'date' || s.kind === 'number' || s.kind === 'any';

/** A path that is one plain name (`shout`, not `a.b`, `@root.x`, `../x` or `this`). */
function isPlainName(path: hbs.AST.Expression): boolean {
  if (path.type !== 'PathExpression') return false;
  const p = path as hbs.AST.PathExpression;
  return !p.data && p.depth === 0 && p.parts.length === 1 && p.original === p.parts[0];
}

/** `{{person.name}}` as the user wrote it, for messages. */
function source(node: hbs.AST.Expression): string {
  switch (node.type) {
    case 'PathExpression':
      return (node as hbs.AST.PathExpression).original;
    case 'StringLiteral':
      return JSON.stringify((node as hbs.AST.StringLiteral).value);
    case 'NumberLiteral':
    case 'BooleanLiteral':
      return String((node as hbs.AST.NumberLiteral).value);
    case 'SubExpression': {
      const s = node as hbs.AST.SubExpression;
      return `(${[s.path, ...s.params].map(source).join(' ')})`;
    }
    default:
      return node.type === 'NullLiteral' ? 'null' : 'undefined';
  }
}

function fieldList(shape: Shape): string {
  if (shape.kind !== 'object') return '';
  return Object.keys(shape.fields).sort().join(', ');
}

export interface CheckOptions {
  /**
   * A template file's text (a letter template's part, a cover note's, a partial) rather than a case's
   * body: it may include partials (load-template.ts checks they exist), print unescaped (the body goes
   * in with `{{{body}}}`), use decorators (`{{#*inline}}`), and a partial may stand inside a loop of
   * the text that includes it, so `@index` and `../` are not refused; unknown helpers are reported by
   * load-template.ts in its own words. Helpers' values and reaches into internals are checked as in a
   * body: unchecked, they failed at the first letter, a cover note's as an internal error.
   */
  template?: boolean;
}

/**
 * Checks a case's body before it runs, over the whole Handlebars tree (blocks, else branches,
 * sub-expressions and named arguments alike): it may only read data that exists and call the letter
 * helpers with the values they take, never print unescaped, reach into object internals, call
 * partials, decorators or Handlebars' own machinery. Every problem is returned, not just the first.
 */
export function checkTemplate(text: string, root: Shape = ANY, options: CheckOptions = {}): TemplateProblem[] {
  const inTemplate = options.template === true;
  const where = inTemplate ? 'a template' : 'a body';
  const refused = tagLimitProblem(text);
  if (refused) return [refused];
  let ast: hbs.AST.Program;
  try {
    ast = parseTemplate(text);
  } catch (err) {
    return syntaxProblems(text, err as Error & { lineNumber?: number; column?: number });
  }
  const problems: TemplateProblem[] = [];
  const at = (node: Node, message: string) => problems.push({ line: node.loc?.start.line ?? 1, column: (node.loc?.start.column ?? 0) + 1, message });

  /** The shape a path names, or undefined after reporting why it names nothing. */
  const resolve = (node: hbs.AST.PathExpression, scopes: Scope[]): Shape | undefined => {
    const bad = node.parts.find((p) => FORBIDDEN.has(p)) ?? (FORBIDDEN.has(node.original) ? node.original : undefined);
    if (bad !== undefined && MACHINERY.has(bad)) {
      at(node, `\`${bad}\` is Handlebars' own machinery and may not be used in ${where}: remove it.`);
      return undefined;
    }
    if (bad !== undefined) {
      const what = node.original === bad ? `\`{{${bad}}}\` is` : `\`{{${node.original}}}\` reaches into \`${bad}\`, which is`;
      at(node, `${what} not letter data but JavaScript's inner workings: use a field of the case, such as {{person.name}}.`);
      return undefined;
    }
    if (node.data) {
      const head = node.parts[0];
      if (head === 'root') return walk(node, node.parts.slice(1), root, '@root');
      if (head !== undefined && LOOP_DATA.has(head) && node.parts.length === 1) {
        if (scopes[scopes.length - 1]!.inLoop) return head === 'index' ? { kind: 'number' } : head === 'key' ? TEXT : ANY;
        if (inTemplate) return ANY;
        at(node, `\`@${head}\` only has a value inside {{#each ...}}: move it into the loop or remove it.`);
        return undefined;
      }
      at(node, `unknown \`${node.original}\`: the ones a body may use are @index, @key, @first and @last inside {{#each}}, and @root.`);
      return undefined;
    }
    const scope = scopes[scopes.length - 1 - node.depth];
    if (!scope) {
      if (inTemplate) return ANY;
      at(node, `\`${node.original}\` climbs out of the body's data with \`../\` once too often: remove one \`../\`.`);
      return undefined;
    }
    if (node.parts.length === 0) return scope.shape;
    const [head, ...rest] = node.parts as [string, ...string[]];
    if (node.depth === 0 && !/^\.|^this\b/.test(node.original)) {
      for (let i = scopes.length - 1; i >= 0; i--) {
        const named = scopes[i]!.params.get(head);
        if (named) return walk(node, rest, named, head);
      }
    }
    return walk(node, node.parts, scope.shape, node.depth > 0 ? '../'.repeat(node.depth).slice(0, -1) : '');
  };

  const walk = (node: hbs.AST.PathExpression, parts: string[], start: Shape, prefix: string): Shape | undefined => {
    let shape = start;
    let where = prefix;
    for (const part of parts) {
      const here = where === '' ? (start === root && root.kind === 'object' ? root.what : 'the body') : `\`${where}\``;
      const next = where === '' ? part : `${where}.${part}`;
      switch (shape.kind) {
        case 'any':
          return ANY;
        case 'object': {
          const field = Object.hasOwn(shape.fields, part) ? shape.fields[part] : undefined;
          if (!field) {
            at(node, `unknown field ${quotedName(part)} in \`{{${escapeInvisible(node.original)}}}\`: ${here} has ${fieldList(shape)}.`);
            return undefined;
          }
          shape = field;
          break;
        }
        case 'list':
          if (part === 'length') shape = { kind: 'number' };
          else if (/^\d+$/.test(part)) shape = shape.of;
          else {
            at(
              node,
              `\`{{${node.original}}}\`: ${here} is ${shape.what}, which has no field \`${part}\`; use {{#each ${where || 'this'}}}...{{/each}} or a position such as ${where ? `${where}.0` : '0'}.`,
            );
            return undefined;
          }
          break;
        case 'map':
          shape = shape.of;
          break;
        default:
          at(node, `\`{{${node.original}}}\`: ${here} is ${describe(shape)}, which has no field \`${part}\`: remove \`.${part}\`.`);
          return undefined;
      }
      where = next;
    }
    return shape;
  };

  /** The shape an argument stands for. */
  const expr = (node: hbs.AST.Expression, scopes: Scope[]): Shape | undefined => {
    switch (node.type) {
      case 'PathExpression':
        return resolve(node as hbs.AST.PathExpression, scopes);
      case 'SubExpression':
        return call(node as hbs.AST.SubExpression, scopes);
      case 'StringLiteral':
        return isCalendarText((node as hbs.AST.StringLiteral).value) ? { kind: 'date' } : TEXT;
      case 'NumberLiteral':
        return { kind: 'number' };
      default:
        return ANY;
    }
  };

  const needsText = (node: hbs.AST.Expression, shape: Shape | undefined, helper: string, example: string) => {
    if (shape && !isPrintable(shape)) {
      at(node, `{{${helper} ...}} needs a text, but \`${source(node)}\` is ${describe(shape)}: give it a text such as ${example}.`);
    }
  };

  /** Checks a helper call against its signature and returns the shape of what it gives. */
  const call = (node: Call, scopes: Scope[]): Shape | undefined => {
    const path = node.path as hbs.AST.PathExpression;
    const name = path.type === 'PathExpression' ? path.original : source(path);
    const args = node.params.map((p) => expr(p, scopes));
    for (const pair of node.hash?.pairs ?? []) {
      expr(pair.value, scopes);
      at(pair, `{{${escapeInvisible(name)} ...}} takes no named argument such as ${quotedName(`${pair.key}=`)}: remove it.`);
    }
    // Own names only: `__lookupGetter__` or `valueOf` would find Object.prototype's functions.
    const sig = Object.hasOwn(HELPER_SIGNATURES, name) ? HELPER_SIGNATURES[name] : undefined;
    if (!sig) {
      if (MACHINERY.has(name) || FORBIDDEN.has(name)) {
        at(node, `\`${name}\` is Handlebars' own machinery and may not be used in ${where}: remove it.`);
      } else if (!inTemplate || !isPlainName(path)) {
        // A template's plain `{{name value}}` is load-template.ts's to report; `{{a.b value}}` is not.
        const names = Object.keys(HELPER_SIGNATURES).sort().join(', ');
        at(node, `unknown helper ${quotedName(name)}: the helpers ${where} may use are ${names}.`);
      }
      return undefined;
    }
    const isBlock = node.type === 'BlockStatement';
    if (sig.block && !isBlock) {
      at(node, `{{${name} ...}} works only as a block: write {{#${name} ${sig.usage}}}...{{/${name}}}.`);
      return undefined;
    }
    if (!sig.block && isBlock) {
      at(node, `{{#${name}}} is not a block: write {{${name} ${sig.usage}}} without {{/${name}}}.`);
      return undefined;
    }
    const [min, max] = sig.arity;
    if (node.params.length < min || node.params.length > max) {
      const count = node.params.length === 0 ? 'nothing' : `${node.params.length} value${node.params.length > 1 ? 's' : ''}`;
      at(
        node,
        `{{${name}}} needs ${min === max ? min : `${min} or ${max}`} value${max > 1 ? 's' : ''} and was given ${count}: write {{${isBlock ? '#' : ''}${name} ${sig.usage}}}.`,
      );
      return sig.result;
    }
    const [first, second] = node.params;
    const [a, b] = args;
    switch (name) {
      case 'date':
        if (a && a.kind !== 'date' && a.kind !== 'any') {
          const fix =
            first!.type === 'StringLiteral'
              ? `write the date as YYYY-MM-DD, such as "2019-12-16"`
              : 'give it a date such as letter.date or the date of a timeline entry';
          at(first!, `{{date ...}} needs a date, but \`${source(first!)}\` is ${describe(a)}: ${fix}.`);
        }
        break;
      case 'upper':
      case 'capitalize':
      case 'quote':
        needsText(first!, a, name, name === 'quote' ? 'sender.name' : 'person.name');
        break;
      case 'elide':
        needsText(first!, a, name, '"de"');
        needsText(second!, b, name, 'person.name');
        break;
      case 'list':
        if (a && a.kind !== 'list' && a.kind !== 'any')
          at(first!, `{{list ...}} needs a list, but \`${source(first!)}\` is ${describe(a)}: give it a list such as people or demands.`);
        else if (a?.kind === 'list') {
          const item = a.of;
          if (second === undefined && !isPrintable(item)) {
            const eg = item.kind === 'object' ? Object.keys(item.fields)[0] : 'name';
            at(node, `{{list ${source(first!)}}} would print each entry as an object: name the field to list, such as {{list ${source(first!)} "${eg}"}}.`);
          } else if (second !== undefined) {
            if (second.type !== 'StringLiteral') at(second, `{{list ...}} takes the field to list in quotes, such as "name", not \`${source(second)}\`.`);
            else if (item.kind === 'object') {
              const field = (second as hbs.AST.StringLiteral).value;
              if (FORBIDDEN.has(field) || !Object.hasOwn(item.fields, field))
                at(second, `the entries of \`${source(first!)}\` have no field "${field}": they have ${fieldList(item)}.`);
              else needsText(second, item.fields[field], 'list', '"name"');
            } else if (item.kind !== 'any')
              at(second, `the entries of \`${source(first!)}\` are texts, with no field "${(second as hbs.AST.StringLiteral).value}": remove it.`);
          }
        }
        break;
      case 'pronoun':
        if (a && a.kind !== 'any' && !(a.kind === 'object' && Object.hasOwn(a.fields, 'pronoun'))) {
          at(
            first!,
            `{{pronoun ...}} needs a person, but \`${source(first!)}\` is ${describe(a)}: write {{pronoun person}} or, in {{#each people}}, {{pronoun this}}.`,
          );
        }
        if (second !== undefined) {
          const forms = ['subject', 'object', 'possessive'];
          if (second.type !== 'StringLiteral' || !forms.includes((second as hbs.AST.StringLiteral).value)) {
            at(second, `{{pronoun ...}} takes the form "subject", "object" or "possessive" in quotes, not \`${source(second)}\`.`);
          }
        }
        break;
      case 'each':
        if (a && a.kind !== 'list' && a.kind !== 'map' && a.kind !== 'any')
          at(first!, `{{#each ...}} needs a list, but \`${source(first!)}\` is ${describe(a)}: give it a list such as people, timeline or demands.`);
        break;
      case 'with':
        if (a && a.kind !== 'object' && a.kind !== 'any')
          at(first!, `{{#with ...}} needs a group of fields such as person, but \`${source(first!)}\` is ${describe(a)}.`);
        break;
      case 'lookup': {
        if (a && a.kind !== 'list' && a.kind !== 'map' && a.kind !== 'object' && a.kind !== 'any') {
          at(first!, `{{lookup ...}} needs a list or a group of fields, but \`${source(first!)}\` is ${describe(a)}.`);
          return undefined;
        }
        if (second!.type === 'StringLiteral' || second!.type === 'NumberLiteral') {
          const key = String((second as hbs.AST.StringLiteral).value);
          if (FORBIDDEN.has(key)) {
            at(
              second!,
              `\`{{lookup ... "${key}"}}\` reaches into \`${key}\`, which is not letter data but JavaScript's inner workings: use a field of the case, such as {{person.name}}.`,
            );
            return undefined;
          }
          if (a?.kind === 'object') {
            if (!Object.hasOwn(a.fields, key)) {
              at(second!, `${describe(a)} has no field "${key}": it has ${fieldList(a)}.`);
              return undefined;
            }
            return a.fields[key];
          }
        } else if (b && b.kind !== 'text' && b.kind !== 'number' && b.kind !== 'any') {
          at(second!, `{{lookup ...}} needs a position or a name as its second value, but \`${source(second!)}\` is ${describe(b)}.`);
        }
        return a?.kind === 'list' || a?.kind === 'map' ? a.of : ANY;
      }
      default:
        break;
    }
    return sig.result;
  };

  const program = (prog: hbs.AST.Program | undefined, scopes: Scope[]) => {
    for (const st of prog?.body ?? []) statement(st, scopes);
  };

  const statement = (st: hbs.AST.Statement, scopes: Scope[]) => {
    switch (st.type) {
      case 'MustacheStatement': {
        const m = st as hbs.AST.MustacheStatement;
        if (!m.escaped && !inTemplate) {
          at(
            m,
            `\`${m.loc ? text.split('\n')[m.loc.start.line - 1]!.slice(m.loc.start.column, m.loc.start.line === m.loc.end.line ? m.loc.end.column : undefined) : '{{{...}}}'}\` would print its value unescaped, so a name could turn into bold text, a link or a footnote: write it with two braces, such as {{person.name}}.`,
          );
        }
        const path = m.path as hbs.AST.PathExpression;
        const isHelper = path.type === 'PathExpression' && Object.hasOwn(HELPER_SIGNATURES, path.original);
        // A helper's value is printed too: {{lookup timeline 3}} is a timeline entry, not a text.
        const helper = isHelper || m.params.length > 0 || (m.hash?.pairs.length ?? 0) > 0;
        const shape = helper ? call(m, scopes) : expr(m.path, scopes);
        if (shape && !isPrintable(shape)) {
          const written = helper ? `${source(m.path)} ${m.params.map(source).join(' ')}` : source(m.path);
          const field = shape.kind === 'object' ? Object.keys(shape.fields)[0] : undefined;
          const eg =
            shape.kind === 'object'
              ? helper
                ? `{{#with (${written})}}{{${field}}}{{/with}}`
                : `{{${written}.${field}}}`
              : helper
                ? `{{#each (${written})}}...{{/each}}`
                : `{{list ${written}}} or {{#each ${written}}}...{{/each}}`;
          at(m, `\`{{${written}}}\` is ${describe(shape)}, not a text, and would print as "[object Object]": write ${eg}.`);
        }
        break;
      }
      case 'BlockStatement': {
        const block = st as hbs.AST.BlockStatement;
        const path = block.path as hbs.AST.PathExpression;
        if (path.type === 'PathExpression' && !Object.hasOwn(HELPER_SIGNATURES, path.original) && !FORBIDDEN.has(path.original) && block.params.length === 0) {
          const shape = resolve(path, scopes);
          // A template's `{{#section}}` is Handlebars' own test-or-repeat, which a template may use.
          if (shape && !inTemplate)
            at(
              block,
              `\`{{#${escapeInvisible(path.original)}}}\` is not a block: write {{#if ${escapeInvisible(path.original)}}}...{{/if}} to test it or {{#each ${escapeInvisible(path.original)}}}...{{/each}} to repeat for each entry.`,
            );
          program(block.program, scopes);
          program(block.inverse, scopes);
          break;
        }
        call(block, scopes);
        const name = path.original;
        const subject = block.params[0] ? shapeQuietly(block.params[0], scopes) : undefined;
        let inner: Scope = scopes[scopes.length - 1]!;
        if (name === 'each') {
          const item = subject?.kind === 'list' || subject?.kind === 'map' ? subject.of : ANY;
          const params = new Map<string, Shape>();
          const [itemName, indexName] = block.program.blockParams ?? [];
          if (itemName) params.set(itemName, item);
          if (indexName) params.set(indexName, subject?.kind === 'map' ? TEXT : { kind: 'number' });
          inner = { shape: item, params, inLoop: true };
        } else if (name === 'with') {
          const params = new Map<string, Shape>();
          const [itemName] = block.program.blockParams ?? [];
          if (itemName) params.set(itemName, subject ?? ANY);
          inner = { shape: subject ?? ANY, params, inLoop: false };
        }
        program(block.program, inner === scopes[scopes.length - 1] ? scopes : [...scopes, inner]);
        program(block.inverse, scopes);
        break;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement':
        if (inTemplate) {
          // The block a `{{#> name}}` falls back on is template text too.
          if (st.type === 'PartialBlockStatement') program((st as hbs.AST.PartialBlockStatement).program, scopes);
          break;
        }
        at(st, 'partials (`{{> name}}`) are not allowed in a case body: write the text in the body itself.');
        break;
      case 'DecoratorBlock':
      case 'Decorator':
        if (inTemplate) {
          if (st.type === 'DecoratorBlock') program((st as unknown as hbs.AST.BlockStatement).program, scopes);
          break;
        }
        at(st, 'decorators (`{{* ...}}`) are not allowed in a case body: remove it.');
        break;
      default:
        break;
    }
  };

  /** The shape of a block's argument without reporting its problems again (the call check did). */
  const shapeQuietly = (node: hbs.AST.Expression, scopes: Scope[]): Shape | undefined => {
    const before = problems.length;
    const shape = expr(node, scopes);
    problems.length = before;
    return shape;
  };

  program(ast, [{ shape: root, params: new Map(), inLoop: false }]);
  return problems.sort((x, y) => x.line - y.line || x.column - y.column);
}

/**
 * Handlebars reports an unclosed block at the end of the text ("got 'EOF'"). The campaigner needs the
 * line where the block or expression was opened, so the text is scanned for `{{` without `}}` and for
 * blocks never closed.
 */
export function syntaxProblems(text: string, err: Error & { lineNumber?: number; column?: number }): TemplateProblem[] {
  const lineCol = (index: number) => {
    const before = text.slice(0, index);
    return { line: before.split('\n').length, column: index - (before.lastIndexOf('\n') + 1) + 1 };
  };
  const found: TemplateProblem[] = [];
  const open: { name: string; index: number; tag: string }[] = [];
  const tag = /\\?\{\{/g;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(text))) {
    if (m[0].startsWith('\\')) continue;
    const start = m.index;
    const isComment = /^\{\{~?!--/.test(text.slice(start));
    const end = text.indexOf(isComment ? '--' : '}}', start + 2);
    const close = isComment ? text.indexOf('}}', end) : end;
    if (end < 0 || close < 0) {
      found.push({ ...lineCol(start), message: `\`${snippet(text.slice(start))}\` is never closed: add \`}}\` after the expression.` });
      break;
    }
    const inner = text.slice(start + 2, close).replace(/^[{~]*\s*/, '');
    tag.lastIndex = close + 2;
    const b = /^([#^/])\s*([^\s}~)]+)/.exec(inner);
    if (!b) continue;
    const [, sigil, name] = b as unknown as [string, string, string];
    if (sigil === '/') {
      const last = open.pop();
      if (last && last.name !== name) {
        found.push({
          ...lineCol(start),
          message: `\`{{/${name}}}\` closes \`${last.tag}\`, opened on line ${lineCol(last.index).line}: write {{/${last.name}}} here.`,
        });
      } else if (!last) {
        found.push({ ...lineCol(start), message: `\`{{/${name}}}\` closes a block that was never opened: remove it or add {{#${name} ...}} before it.` });
      }
    } else open.push({ name, index: start, tag: snippet(text.slice(start, close + 2)) });
  }
  for (const o of open) found.push({ ...lineCol(o.index), message: `\`${o.tag}\` is never closed: add {{/${o.name}}} where the block ends.` });
  if (found.length > 0) return found;
  // No unbalanced tag: report Handlebars' own position, with its grammar words left out.
  const line = err.lineNumber ?? Number(/line (\d+)/.exec(err.message)?.[1] ?? 1);
  const context = err.message.split('\n')[1]?.trim();
  return [
    {
      line,
      column: (err.column ?? 0) + 1,
      message: `this part of the body cannot be read as a template${context ? ` (near \`${context}\`)` : ''}: check that every {{ has its }}, every {{#block}} its {{/block}}, and that helpers are written like {{date letter.date}}.`,
    },
  ];
}

function snippet(s: string): string {
  const one = s.split('\n')[0]!;
  return one.length > 40 ? `${one.slice(0, 37)}...` : one;
}
