import { readFileSync, statSync } from 'node:fs';
import { Document, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { formatPath, type Problem } from '../errors.js';

/** Larger files are refused: no real case comes near this, and it bounds memory for hostile input. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Aliases beyond this are refused, which defuses "billion laughs" alias bombs. */
const MAX_ALIASES = 100;
/** Nesting deeper than this is refused: no real file needs it and deep recursion could crash later stages. */
const MAX_DEPTH = 64;

export type PathPart = string | number;

export interface Located {
  line: number;
  column: number;
}

/** A parsed YAML file that still knows where each value came from. */
export interface SourceFile {
  file: string;
  data: Record<string, unknown>;
  /** Where the value at `path` (or, with `key`, the key naming it) starts. */
  locate(path: readonly PathPart[], key?: boolean): Located | undefined;
  /** The first line of a string's content, for mapping template line numbers back to the file. */
  contentLine(path: readonly PathPart[]): number | undefined;
}

export type ReadResult = { ok: true; source: SourceFile } | { ok: false; problems: Problem[] };

export function readYaml(file: string): ReadResult {
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
  return parseYaml(file, text);
}

export function parseYaml(file: string, text: string): ReadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, version: '1.2' });
  const pos = (offset: number): Located => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const problems: Problem[] = [];
  for (const e of doc.errors) {
    const at = pos(e.pos[0]);
    const message =
      e.code === 'DUPLICATE_KEY'
        ? `${firstLine(e.message)}. Each key may appear once in a mapping: merge or remove the repeated one.`
        : `YAML syntax error: ${firstLine(e.message)}. Check indentation and quoting near here.`;
    problems.push({ file, ...at, path: '', message, severity: 'error' });
  }
  if (problems.length > 0) return { ok: false, problems };
  if (doc.contents === null || (isScalar(doc.contents) && (doc.contents.value === null || doc.contents.value === ''))) {
    return { ok: false, problems: [{ file, path: '', message: 'the file is empty. Start from one of the samples.', severity: 'error' }] };
  }
  if (!isMap(doc.contents)) {
    const at = doc.contents.range ? pos(doc.contents.range[0]) : {};
    return {
      ok: false,
      problems: [{ file, ...at, path: '', message: 'the file must be a mapping of `key: value` lines at the top level.', severity: 'error' }],
    };
  }
  const depthAt = tooDeep(doc.contents, 0);
  if (depthAt) {
    return {
      ok: false,
      problems: [
        { file, ...pos(depthAt), path: '', message: `values are nested more than ${MAX_DEPTH} levels deep; no letter needs that.`, severity: 'error' },
      ],
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    return {
      ok: false,
      problems: [
        {
          file,
          path: '',
          message: `${firstLine((err as Error).message)}: too many or too deeply expanded aliases (&anchor / *alias). Write the values out.`,
          severity: 'error',
        },
      ],
    };
  }
  return { ok: true, source: makeSource(file, doc, data as Record<string, unknown>, pos) };
}

function makeSource(file: string, doc: Document, data: Record<string, unknown>, pos: (offset: number) => Located): SourceFile {
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
    locate(path, key = false) {
      const { node, keyNode, parent } = nodeAt(path);
      const target = key ? (keyNode ?? node) : (node ?? keyNode ?? parent);
      return target?.range ? pos(target.range[0]) : undefined;
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

/** Locates a field for a problem message, formatting its path. */
export function problemAt(source: SourceFile, path: readonly PathPart[], message: string, severity: Problem['severity'] = 'error', key = false): Problem {
  const at = source.locate(path, key);
  return { file: source.file, line: at?.line, column: at?.column, path: formatPath(path), message, severity };
}
