import { readFileSync, statSync } from 'node:fs';
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { formatPath, type Problem } from '../errors.js';

/** Larger files are refused: no real case comes near this, and it bounds memory for hostile input. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Aliases beyond this are refused, which defuses "billion laughs" alias bombs. */
const MAX_ALIASES = 100;
/** Nesting deeper than this is refused: no real file needs it and deep recursion could crash later stages. */
const MAX_DEPTH = 64;
/**
 * Keys that name JavaScript's object machinery. The `yaml` package stores them as plain own properties
 * (no pollution), but zod drops `__proto__` from records and `obj[key]` look-ups would find inherited
 * members, so they are reported and removed before validation.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type PathPart = string | number;

export interface Located {
  line: number;
  column: number;
}

/** A parsed YAML file that still knows where each value came from. */
export interface SourceFile {
  file: string;
  /** A mapping; a list only when the reader was told a list may stand at the top (a directory file). */
  data: Record<string, unknown>;
  /** Where the value at `path` (or, with `key`, the key naming it) starts. */
  locate(path: readonly PathPart[], key?: boolean): Located | undefined;
  /** Where the character at `index` of the string at `path` stands, when the file keeps it findable. */
  locateInValue(path: readonly PathPart[], index: number): Located | undefined;
  /** The first line of a string's content, for mapping template line numbers back to the file. */
  contentLine(path: readonly PathPart[]): number | undefined;
  /** Problems found while reading that still left a usable document (duplicate or forbidden keys). */
  problems: Problem[];
}

export type ReadResult = { ok: true; source: SourceFile } | { ok: false; problems: Problem[] };

export interface ReadOptions {
  /** A plain list at the top level is accepted (a directory file), not only a mapping. */
  list?: boolean;
}

export function readYaml(file: string, options: ReadOptions = {}): ReadResult {
  const fail = (message: string, line?: number, column?: number): ReadResult => ({
    ok: false,
    problems: [{ file, line, column, path: '', message, severity: 'error' }],
  });
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_FILE_BYTES) {
      return fail(`file is ${size} bytes; files over ${MAX_FILE_BYTES} bytes are refused. Split it or remove what does not belong in it.`);
    }
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('file not found. Check the path.');
    if (code === 'EISDIR') return fail('is a folder, not a YAML file.');
    return fail(`cannot read the file (${code ?? String(err)}).`);
  }
  return parseYaml(file, text, options);
}

export function parseYaml(file: string, text: string, options: ReadOptions = {}): ReadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, version: '1.2' });
  const pos = (offset: number): Located => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const fatal: Problem[] = [];
  // A duplicate key leaves a usable document: report it and go on, so every other problem shows too.
  const soft: Problem[] = [];
  for (const e of doc.errors) {
    if (e.code === 'DUPLICATE_KEY') {
      const hit = keyAt(doc.contents, e.pos[0], []);
      const key = hit ? String(hit.path[hit.path.length - 1]) : text.slice(e.pos[0], e.pos[1]);
      soft.push({
        file,
        ...pos(e.pos[0]),
        path: hit ? formatPath(hit.path) : '',
        message: `duplicate key \`${key}\`: each key may appear once in a mapping; merge the two or remove one.`,
        severity: 'error',
      });
      continue;
    }
    if (/call stack/i.test(e.message)) {
      fatal.push({ file, ...pos(e.pos[0]), path: '', message: tooDeepMessage, severity: 'error' });
      continue;
    }
    // An unclosed quote is only noticed at the end of the file; point at the quote that opened it.
    const open = e.code === 'MISSING_CHAR' && /quote/.test(e.message) ? openQuoteBefore(doc.contents, e.pos[0]) : undefined;
    if (open !== undefined) {
      fatal.push({
        file,
        ...pos(open),
        path: '',
        message: 'YAML syntax error: this quoted text is never closed. Add the closing quote at the end of the text, or remove the opening one.',
        severity: 'error',
      });
      continue;
    }
    fatal.push({
      file,
      ...pos(e.pos[0]),
      path: '',
      message: `YAML syntax error: ${firstLine(e.message)}. Check indentation and quoting near here.`,
      severity: 'error',
    });
  }
  // A tag such as `!!js/function` or `!custom` is not data a letter can use; the value would be read as plain text.
  for (const w of doc.warnings) {
    if (w.code !== 'TAG_RESOLVE_FAILED') continue;
    const tag = text.slice(w.pos[0], w.pos[1]);
    const at = taggedPath(doc.contents, text, w.pos[1], []);
    soft.push({
      file,
      ...pos(w.pos[0]),
      path: at ? formatPath(at) : '',
      message: `unknown YAML tag \`${tag}\`: tags are not used in these files. Remove it and write the value plainly.`,
      severity: 'error',
    });
  }
  if (fatal.length > 0) return { ok: false, problems: [...fatal, ...soft] };
  if (doc.contents === null || (isScalar(doc.contents) && (doc.contents.value === null || doc.contents.value === ''))) {
    return { ok: false, problems: [{ file, path: '', message: 'the file is empty. Start from one of the samples.', severity: 'error' }] };
  }
  if (!isMap(doc.contents) && !(options.list && isSeq(doc.contents))) {
    const at = doc.contents.range ? pos(doc.contents.range[0]) : {};
    const what = isSeq(doc.contents) ? 'a list' : isScalar(doc.contents) ? 'a single value' : 'not a mapping';
    return {
      ok: false,
      problems: [
        {
          file,
          ...at,
          path: '',
          message: `the file is ${what}, but must be a mapping of \`key: value\` lines at the top level (e.g. \`id: erlan-baltabay\`).`,
          severity: 'error',
        },
      ],
    };
  }
  const depthAt = tooDeep(doc.contents, 0);
  if (depthAt !== undefined) {
    return { ok: false, problems: [{ file, ...pos(depthAt), path: '', message: tooDeepMessage, severity: 'error' }] };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    const alias = firstAlias(doc.contents);
    return {
      ok: false,
      problems: [
        {
          file,
          ...(alias ? pos(alias.offset) : {}),
          path: '',
          message: /alias/i.test((err as Error).message)
            ? `aliases${alias ? ` such as \`*${alias.name}\`` : ''} expand to too many values (more than ${MAX_ALIASES} alias uses): this looks like an alias bomb. Write the values out instead of using &anchors and *aliases.`
            : `the file cannot be read as data: ${firstLine((err as Error).message)}.`,
          severity: 'error',
        },
      ],
    };
  }
  for (const { path, offset } of forbiddenKeys(doc.contents, [])) {
    const key = String(path[path.length - 1]);
    soft.push({
      file,
      ...pos(offset),
      path: formatPath(path),
      message: `key \`${key}\` is not allowed: it names JavaScript object internals, not a field of a letter. Remove it or rename it.`,
      severity: 'error',
    });
    removeAt(data, path);
  }
  return { ok: true, source: makeSource(file, doc, data as Record<string, unknown>, pos, soft, text, lineCounter) };
}

const tooDeepMessage = `values are nested more than ${MAX_DEPTH} levels deep; no letter needs that. Flatten the structure (a case nests a few levels at most).`;

/** The path of the key that starts at `offset`, for locating duplicate keys. */
function keyAt(node: unknown, offset: number, path: PathPart[]): { path: PathPart[] } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key !== undefined && (pair.key as Node).range?.[0] === offset) return { path: [...path, key] };
      const hit = keyAt(pair.value, offset, key !== undefined ? [...path, key] : path);
      if (hit) return hit;
    }
  } else if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      const hit = keyAt(item, offset, [...path, i]);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** The path of the value that a tag ending at `tagEnd` applies to (a node's range starts after its tag). */
function taggedPath(node: unknown, text: string, tagEnd: number, path: PathPart[]): PathPart[] | undefined {
  const items: [unknown, PathPart][] = isMap(node)
    ? node.items.flatMap((p): [unknown, PathPart][] => (isScalar(p.key) ? [[p.value, String(p.key.value)]] : []))
    : isSeq(node)
      ? node.items.map((item, i): [unknown, PathPart] => [item, i])
      : [];
  for (const [child, part] of items) {
    const range = (child as Node | null)?.range;
    if (!range) continue;
    if (range[0] >= tagEnd && text.slice(tagEnd, range[0]).trim() === '') return [...path, part];
    if (range[0] <= tagEnd && tagEnd <= range[1]) return taggedPath(child, text, tagEnd, [...path, part]);
  }
  return undefined;
}

/** The start of the last quoted scalar that begins before `offset`: the quote left open. */
function openQuoteBefore(node: unknown, offset: number): number | undefined {
  let found: number | undefined;
  const visit = (n: unknown) => {
    if (isScalar(n) && (n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE') && n.range && n.range[0] <= offset) {
      if (found === undefined || n.range[0] > found) found = n.range[0];
    } else if (isMap(n)) {
      for (const pair of n.items) {
        visit(pair.key);
        visit(pair.value);
      }
    } else if (isSeq(n)) n.items.forEach(visit);
  };
  visit(node);
  return found;
}

function firstAlias(node: unknown): { name: string; offset: number } | undefined {
  if (isAlias(node)) return { name: node.source, offset: node.range?.[0] ?? 0 };
  const children = isMap(node) ? node.items.map((p) => p.value) : isSeq(node) ? node.items : [];
  for (const child of children) {
    const hit = firstAlias(child);
    if (hit) return hit;
  }
  return undefined;
}

function forbiddenKeys(node: unknown, path: PathPart[]): { path: PathPart[]; offset: number }[] {
  const out: { path: PathPart[]; offset: number }[] = [];
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) continue;
      if (FORBIDDEN_KEYS.has(key)) out.push({ path: [...path, key], offset: (pair.key as Node).range?.[0] ?? 0 });
      else out.push(...forbiddenKeys(pair.value, [...path, key]));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => out.push(...forbiddenKeys(item, [...path, i])));
  }
  return out;
}

function removeAt(data: unknown, path: PathPart[]): void {
  let node = data;
  for (const part of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return;
    node = (node as Record<PathPart, unknown>)[part];
  }
  const last = path[path.length - 1]!;
  if (node !== null && typeof node === 'object' && Object.hasOwn(node, last)) delete (node as Record<PathPart, unknown>)[last];
}

function makeSource(
  file: string,
  doc: Document,
  data: Record<string, unknown>,
  pos: (offset: number) => Located,
  problems: Problem[],
  text: string,
  lineCounter: LineCounter,
): SourceFile {
  const nodeAt = (path: readonly PathPart[]): { node?: Node; keyNode?: Node; parent?: Node } => {
    let node: Node | undefined = doc.contents ?? undefined;
    let keyNode: Node | undefined;
    let parent: Node | undefined;
    for (const part of path) {
      if (isMap(node)) {
        const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(part));
        if (!pair) return { parent: node };
        parent = node;
        keyNode = pair.key as Node;
        node = (pair.value as Node | null) ?? undefined;
        if (!node) return { keyNode, parent };
      } else if (isSeq(node) && typeof part === 'number') {
        parent = node;
        keyNode = undefined;
        node = (node.items[part] as Node | undefined) ?? undefined;
        if (!node) return { parent };
      } else {
        return { parent: node };
      }
    }
    return { node, keyNode, parent };
  };
  return {
    file,
    data,
    problems,
    locate(path, key = false) {
      const { node, keyNode, parent } = nodeAt(path);
      const target = key ? (keyNode ?? node) : (node ?? keyNode ?? parent);
      return target?.range ? pos(target.range[0]) : undefined;
    },
    locateInValue(path, index) {
      const { node } = nodeAt(path);
      if (!isScalar(node) || !node.range || typeof node.value !== 'string') return undefined;
      const value = node.value;
      const start = pos(node.range[0]);
      const before = value.slice(0, index);
      const row = before.split('\n').length - 1;
      const col = index - (before.lastIndexOf('\n') + 1);
      if (node.type === 'BLOCK_LITERAL') {
        // A literal block keeps its lines: line `row` of the text is file line start + 1 + row, after its indentation.
        const line = start.line + 1 + row;
        const raw = text.slice(lineCounter.lineStarts[line - 1] ?? 0).split('\n')[0] ?? '';
        return { line, column: raw.length - raw.trimStart().length + col + 1 };
      }
      if (row > 0) return undefined;
      if (node.type === 'PLAIN') return { line: start.line, column: start.column + col };
      // Quoted: one column for the quote, when no escape sequence shifts the rest.
      const raw = text.slice(node.range[0], node.range[1]);
      return raw.includes('\\') || raw.includes("''") ? undefined : { line: start.line, column: start.column + 1 + col };
    },
    contentLine(path) {
      const { node } = nodeAt(path);
      if (!isScalar(node) || !node.range) return undefined;
      const start = pos(node.range[0]).line;
      // A block scalar's text starts on the line after its `|` or `>` indicator.
      return node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED' ? start + 1 : start;
    },
  };
}

function tooDeep(node: unknown, depth: number): number | undefined {
  if (depth > MAX_DEPTH) return (node as Node).range?.[0] ?? 0;
  if (isMap(node) || isSeq(node)) {
    for (const item of node.items) {
      const child = isPair(item) ? item.value : item;
      const hit = tooDeep(child, depth + 1);
      if (hit !== undefined) return hit;
    }
  }
  return undefined;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}

/** Locates a field for a problem message, formatting its path; a plain value there is given as `value`. */
export function problemAt(source: SourceFile, path: readonly PathPart[], message: string, severity: Problem['severity'] = 'error', key = false): Problem {
  const at = source.locate(path, key);
  const value = valueAt(source.data, path);
  return { file: source.file, line: at?.line, column: at?.column, path: formatPath(path), message, ...(value !== undefined ? { value } : {}), severity };
}

function valueAt(data: unknown, path: readonly PathPart[]): string | number | boolean | undefined {
  let node = data;
  for (const part of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<PathPart, unknown>)[part];
  }
  if (typeof node === 'string') return node.length > 200 ? `${node.slice(0, 197)}...` : node;
  return typeof node === 'number' || typeof node === 'boolean' ? node : undefined;
}
