import { type Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type Scalar } from 'yaml';
import { formatPath, type Problem } from '../errors.js';
import { longMarkRun } from './mark-runs.js';
import { CONTROL, controlName, rawControls } from './raw-controls.js';
import { MAX_FILE_BYTES, readTextFile } from './read-text-file.js';
import { quotedName } from './invisible-characters.js';

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
  /** How an unquoted value that is not a text (`0x1F`, `True`) is written in the file. */
  writtenAt(path: readonly PathPart[]): string | undefined;
  /** Problems found while reading that still left a usable document (duplicate or forbidden keys). */
  problems: Problem[];
}

export type ReadResult = { ok: true; source: SourceFile } | { ok: false; problems: Problem[] };

export interface ReadOptions {
  /** A plain list at the top level is accepted (a directory file), not only a mapping. */
  list?: boolean;
}

export function readYaml(file: string, options: ReadOptions = {}): ReadResult {
  const read = readTextFile(file, 'YAML');
  if ('message' in read) return { ok: false, problems: [{ file, line: read.line, column: read.column, path: '', message: read.message, severity: 'error' }] };
  return parseYaml(file, read.text, options);
}

/**
 * Line and column of an offset. Made apart from parseYaml: a closure made there would share its
 * scope, which holds the file's parse tree, and the SourceFile keeps this one.
 */
function positionsIn(lineCounter: LineCounter): (offset: number) => Located {
  return (offset) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
}

/**
 * How every file is parsed; `treeOf` parses a file again with the same. Without `resolveKnownTags`, the
 * YAML 1.1 tags `!!binary`, `!!timestamp`, `!!set`, `!!omap`, `!!pairs` and `!!merge` are unknown tags like
 * any other, not a Buffer, a Date or a silent merge that no message could place. The schema is named, as
 * `version` alone gives way to a file's own `%YAML 1.1` line, which brought all of them back (and `no`
 * read as false).
 */
const YAML_OPTIONS = { uniqueKeys: false, prettyErrors: false, version: '1.2', schema: 'core', resolveKnownTags: false } as const;

export function parseYaml(file: string, text: string, options: ReadOptions = {}): ReadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter });
  const pos = positionsIn(lineCounter);
  const fatal: Problem[] = [];
  // A duplicate key leaves a usable document: report it and go on, so every other problem shows too.
  const soft: Problem[] = [];
  // Found here with a set per mapping: the parser's own check (`uniqueKeys`) compares each key with
  // every one before it, minutes for a file of 100,000 keys.
  for (const { path, offset, decomposed } of duplicateKeys(doc.contents, [])) {
    soft.push({
      file,
      ...pos(offset),
      path: formatPath(path),
      message: `duplicate key ${quotedName(String(path[path.length - 1]))}: each key may appear once in a mapping${decomposed ? ' (the two are written alike, one with its accents as separate, decomposed characters, and are read as one)' : ''}; merge the two or remove one.`,
      severity: 'error',
    });
  }
  for (const e of doc.errors) {
    if (e.code === 'MULTIPLE_DOCS') {
      fatal.push({
        file,
        ...pos(e.pos[0]),
        path: '',
        message:
          'the file holds more than one YAML document: a second one starts here, after a `---` or `...` line. Keep one per file: delete the separator and what follows it, or move that part into a file of its own.',
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
    // One message per line: the parser may give a mistake several names, the later ones in its own words.
    const at = pos(e.pos[0]);
    if (fatal.some((p) => p.line === at.line)) continue;
    const lineStart = lineCounter.lineStarts[at.line - 1] ?? 0;
    const lineEnd = text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '');
    // Pasted from a word processor, `title:\u00a0Persecution` looks right and is one text to YAML.
    const unspaced = /^([ \t]*(?:-[ \t]+)*([^\s:#'"[{][^:]*?):)([\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000])/.exec(line);
    if (unspaced) {
      fatal.push({
        file,
        line: at.line,
        column: unspaced[1]!.length + 1,
        path: '',
        message: `YAML syntax error: the space after \`${unspaced[2]}:\` is ${spaceName(unspaced[3]!)}, which YAML does not read as a space: retype it as a plain space.`,
        severity: 'error',
      });
      continue;
    }
    // A line indented with a tab is not always named so (in a `|` text, before a list entry).
    const code = line.startsWith('\t') ? 'TAB_AS_INDENT' : e.code;
    const message = slipMessage(code, e.message, line, text.slice(lineStart, e.pos[0])) ?? syntaxMessage(code, e.message);
    fatal.push({ file, ...at, path: '', message: `YAML syntax error: ${message}`, severity: 'error' });
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
  // A stray CR or NUL can itself break the YAML: then the control characters are the problems to fix first.
  const controls = rawControls(text).map(({ offset, message }) => {
    const at = fatal.length === 0 ? pathAt(doc.contents, offset, []) : undefined;
    return { file, ...pos(offset), path: at ? formatPath(at) : '', message, severity: 'error' as const };
  });
  if (controls.length > 0) return { ok: false, problems: controls };
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
  // Checked before toJS: an alias inside its own anchor's value makes a cyclic value that later stages would recurse into forever.
  const aliases = badAliases(doc, doc.contents, [], []).map(({ path, offset, message }) => ({
    file,
    ...pos(offset),
    path: formatPath(path),
    message,
    severity: 'error' as const,
  }));
  if (aliases.length > 0) return { ok: false, problems: [...aliases, ...soft] };
  // Taken out before toJS, which would make `[ a, b ]` of a list key (warning on stderr) and '' of `~:`.
  for (const { path, offset, message } of oddKeys(doc.contents, text, []))
    soft.push({ file, ...pos(offset), path: formatPath(path), message, severity: 'error' });
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
  // After toJS, whose alias count answers an alias bomb first.
  const repeated = aliasOverflow(doc);
  if (repeated) {
    const problem = {
      file,
      ...pos(repeated.offset),
      path: formatPath(repeated.path),
      message: `aliases such as \`*${repeated.name}\` repeat more than ${MAX_FILE_BYTES / (1024 * 1024)} MB of text, what a whole file may hold: the letters would be hundreds of pages long. Write each value out once instead of using &anchors and *aliases.`,
      severity: 'error' as const,
    };
    return { ok: false, problems: [problem, ...soft] };
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
  // Counted as written, before composing joins a letter and its first mark.
  const stacked = markRuns(data, []);
  composed(data);
  const source = makeSource(file, doc, data as Record<string, unknown>, pos, soft, text, lineCounter);
  // Escapes in double quotes (`"\e"`, `"\u202e"`) put characters in values that the raw text does not show.
  const escaped = [...escapedControls(data, []), ...stacked].map(({ path, message }) => problemAt(source, path, message));
  const broken = loneSurrogates(doc.contents, text, []).map(({ path, offset, message }) => ({
    file,
    ...pos(offset),
    path: formatPath(path),
    message,
    severity: 'error' as const,
  }));
  if (escaped.length > 0 || broken.length > 0) return { ok: false, problems: [...escaped, ...broken, ...soft] };
  return { ok: true, source };
}

/** Strings and keys whose control characters come from escapes, one problem per value. */
function escapedControls(value: unknown, path: PathPart[]): { path: PathPart[]; message: string }[] {
  const check = (text: string, at: PathPart[], what: string) => {
    const chars = [...new Set(text.match(CONTROL) ?? [])];
    if (chars.length === 0) return [];
    const names =
      chars.length === 1 ? controlName(chars[0]!) : `control characters ${chars.map((c) => controlName(c).replace(/^.*character /, '')).join(', ')}`;
    return [
      {
        path: at,
        message: `${what} \`${clipped(text)}\` holds ${names}: remove ${chars.length > 1 ? 'them' : 'it'} (an escape such as \`\\e\`, \`\\r\` or \`\\u202e\` in double quotes writes one).`,
      },
    ];
  };
  if (typeof value === 'string') return check(value, path, 'the text');
  if (Array.isArray(value)) return value.flatMap((v, i) => escapedControls(v, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [...check(k, [...path, k], 'the key'), ...escapedControls(v, [...path, k])]);
  }
  return [];
}

/** Strings and keys with more combining marks in a row than any script needs (mark-runs.ts), written or escaped; one problem per value. */
function markRuns(value: unknown, path: PathPart[]): { path: PathPart[]; message: string }[] {
  const check = (text: string, at: PathPart[], what: string) => {
    const run = longMarkRun(text);
    // The value is not quoted: its marks would pile up on the message's own letters.
    return run ? [{ path: at, message: `${what} has ${run.message}` }] : [];
  };
  if (typeof value === 'string') return check(value, path, 'the text');
  if (Array.isArray(value)) return value.flatMap((v, i) => markRuns(v, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [...check(k, [...path, k], 'the key'), ...markRuns(v, [...path, k])]);
  }
  return [];
}

/** Half of a UTF-16 surrogate pair with no other half beside it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Each escape in double quotes that writes half a UTF-16 surrogate pair (`"\uD800"`): a broken
 * character that stands for nothing, which no font has and no e-mail can carry. The file is UTF-8, so
 * only an escape writes one, and each is reported where it is written. Two escapes of a whole pair
 * (`\uD83D\uDE00`) are one character and fine.
 */
function loneSurrogates(node: unknown, text: string, path: PathPart[]): { path: PathPart[]; offset: number; message: string }[] {
  if (isMap(node)) {
    return node.items.flatMap((pair) => {
      const at = [...path, isScalar(pair.key) ? String(pair.key.value) : ''];
      return [...loneSurrogates(pair.key, text, at), ...loneSurrogates(pair.value, text, at)];
    });
  }
  if (isSeq(node)) return node.items.flatMap((item, i) => loneSurrogates(item, text, [...path, i]));
  if (!isScalar(node) || node.type !== 'QUOTE_DOUBLE' || !node.range || typeof node.value !== 'string' || !LONE_SURROGATE.test(node.value)) return [];
  const raw = text.slice(node.range[0], node.range[1]);
  // Every escape, so that `\\uD800` (a backslash, then text) is not taken for one.
  const escapes = [...raw.matchAll(/\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|.)/gs)].map((m) => ({
    index: m.index,
    written: m[0],
    code: (m[1] ?? m[2]) ? parseInt((m[1] ?? m[2])!, 16) : undefined,
  }));
  const high = (code?: number) => code !== undefined && code >= 0xd800 && code <= 0xdbff;
  const low = (code?: number) => code !== undefined && code >= 0xdc00 && code <= 0xdfff;
  const out: { path: PathPart[]; offset: number; message: string }[] = [];
  for (let i = 0; i < escapes.length; i++) {
    const e = escapes[i]!;
    const next = escapes[i + 1];
    if (high(e.code) && low(next?.code) && next!.index === e.index + e.written.length) {
      i++;
      continue;
    }
    if (!high(e.code) && !low(e.code)) continue;
    out.push({
      path,
      offset: node.range[0] + e.index,
      message: `\`${e.written}\` is half of a UTF-16 surrogate pair, a broken character that stands for nothing: write the character itself, or its code point as one escape (\`\\U0001F600\` for 😀), or both halves of its pair (\`\\uD83D\\uDE00\`).`,
    });
  }
  return out;
}

/**
 * Aliases that name no anchor above them, or that stand inside the value their anchor names (`a: &s [*s]`),
 * which would make a value that contains itself. `ancestors` are the collections that enclose `node`.
 */
function badAliases(doc: Document, node: unknown, path: PathPart[], ancestors: unknown[]): { path: PathPart[]; offset: number; message: string }[] {
  if (isAlias(node)) {
    const offset = node.range?.[0] ?? 0;
    const target = node.resolve(doc);
    if (target === undefined) {
      return [
        {
          path,
          offset,
          message: `the alias \`*${node.source}\` names no anchor: no \`&${node.source}\` stands above it in this file. Write the value itself here, or put \`&${node.source}\` before the value to repeat (an anchor must come before its aliases).`,
        },
      ];
    }
    if (ancestors.includes(target)) {
      return [
        {
          path,
          offset,
          message: `the alias \`*${node.source}\` stands inside the value its anchor \`&${node.source}\` names, so that value would contain itself without end. Write the value out here instead.`,
        },
      ];
    }
    return [];
  }
  const inner = [...ancestors, node];
  if (isMap(node)) {
    return node.items.flatMap((pair) => {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      return [
        ...(isAlias(pair.key) ? badAliases(doc, pair.key, path, inner) : []),
        ...badAliases(doc, pair.value, key !== undefined ? [...path, key] : path, inner),
      ];
    });
  }
  if (isSeq(node)) return node.items.flatMap((item, i) => badAliases(doc, item, [...path, i], inner));
  return [];
}

/**
 * The alias whose repeated text takes the file's data past MAX_FILE_BYTES characters more than the file
 * itself: `maxAliasCount` counts values, not their length, so 99 aliases of a long text passed it.
 */
function aliasOverflow(doc: Document): { name: string; offset: number; path: PathPart[] } | undefined {
  const sizes = new Map<unknown, number>();
  const sizeOf = (node: unknown): number => {
    const known = sizes.get(node);
    if (known !== undefined) return known;
    sizes.set(node, 0); // a cycle was refused already; this ends the walk should one get here
    let size = 0;
    if (isAlias(node)) size = sizeOf(node.resolve(doc));
    else if (isScalar(node)) size = String(node.value).length;
    else if (isMap(node)) for (const pair of node.items) size += sizeOf(pair.key) + sizeOf(pair.value);
    else if (isSeq(node)) for (const item of node.items) size += sizeOf(item);
    sizes.set(node, size);
    return size;
  };
  let total = 0;
  const walk = (node: unknown, path: PathPart[]): { name: string; offset: number; path: PathPart[] } | undefined => {
    if (isAlias(node)) {
      total += sizeOf(node);
      return total > MAX_FILE_BYTES ? { name: node.source, offset: node.range?.[0] ?? 0, path } : undefined;
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        const hit = walk(pair.key, path) ?? walk(pair.value, key !== undefined ? [...path, key] : path);
        if (hit) return hit;
      }
    } else if (isSeq(node)) {
      for (const [i, item] of node.items.entries()) {
        const hit = walk(item, [...path, i]);
        if (hit) return hit;
      }
    }
    return undefined;
  };
  return walk(doc.contents, []);
}

/** The path of the innermost value or key whose source holds `offset`. */
function pathAt(node: unknown, offset: number, path: PathPart[]): PathPart[] | undefined {
  const inside = (n: unknown) => {
    const range = (n as Node | null)?.range;
    return !!range && range[0] <= offset && offset < Math.max(range[1], range[0] + 1);
  };
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) continue;
      if (inside(pair.key) || inside(pair.value)) return pathAt(pair.value, offset, [...path, key]) ?? [...path, key];
    }
  } else if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) if (inside(item)) return pathAt(item, offset, [...path, i]) ?? [...path, i];
  }
  return undefined;
}

const tooDeepMessage = `values are nested more than ${MAX_DEPTH} levels deep; no letter needs that. Flatten the structure (a case nests a few levels at most).`;

/** Each key met a second time in its mapping (as the data will name it: `1:` and `'1':` are one key). */
function duplicateKeys(node: unknown, path: PathPart[], depth = 0): { path: PathPart[]; offset: number; decomposed?: boolean }[] {
  // Deeper than the depth check allows: that check reports the file.
  if (depth > MAX_DEPTH + 1) return [];
  const out: { path: PathPart[]; offset: number; decomposed?: boolean }[] = [];
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      // Composed (NFC), as the data's keys are: `café` written twice, once decomposed, is one key there.
      const written = isScalar(pair.key) ? String(pair.key.value) : undefined;
      const key = written?.normalize('NFC');
      if (key !== undefined && seen.has(key)) {
        out.push({ path: [...path, key], offset: (pair.key as Node).range?.[0] ?? 0, ...(seen.has(written!) ? {} : { decomposed: true }) });
      }
      if (key !== undefined) {
        seen.add(key);
        seen.add(written!);
      }
      out.push(...duplicateKeys(pair.value, key !== undefined ? [...path, key] : path, depth + 1));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => out.push(...duplicateKeys(item, [...path, i], depth + 1)));
  }
  return out;
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

/**
 * Keys that are not plain names, each removed from its mapping once reported: a list or mapping written
 * as a key (`? [a, b]`), an alias (`*k :`), a merge key (`<<:`), an empty key (`~:`), a number written so that it reads as
 * another (`0x1F:` is 31, `1.0:` is 1). A number or boolean that reads as written (`2019:`) is a name.
 */
function oddKeys(node: unknown, text: string, path: PathPart[]): { path: PathPart[]; offset: number; message: string }[] {
  const out: { path: PathPart[]; offset: number; message: string }[] = [];
  if (isMap(node)) {
    node.items = node.items.filter((pair, index, items) => {
      const key = pair.key as Node | null;
      const range = key?.range;
      const written = range ? text.slice(range[0], range[1]).trim() : '';
      const shown = clipped(written);
      const problem = (message: string) => {
        out.push({ path, offset: range?.[0] ?? (pair.value as Node | null)?.range?.[0] ?? 0, message });
        return false;
      };
      const plain = 'keys are plain names such as `title` or `erlan-baltabay`';
      if (isSeq(key) || isMap(key)) {
        return problem(
          `the key \`${shown}\` is ${isSeq(key) ? 'a list' : 'a mapping'}: ${plain}. Write the name alone before the colon, without \`?\`, brackets or braces.`,
        );
      }
      if (isAlias(key)) return problem(`the key \`${shown}\` is an alias: ${plain}, and an alias is not read as one. Write the name itself.`);
      // A no-break space pasted into the indentation is text to YAML: `\u00a0 date:` is a key of the mapping above.
      const indent = isScalar(key) && key.type === 'PLAIN' ? /^[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/.exec(String(key.value)) : null;
      if (indent) {
        return problem(
          `this line is indented with ${spaceName(indent[0])}, which YAML reads as part of the key \`${clipped(String((key as Scalar).value).trim())}\`, not as indentation: retype the indentation with plain spaces.`,
        );
      }
      // Written `<<`, unquoted: a merge key, which shares an entry's fields in YAML 1.1 only.
      if (isScalar(key) && key.value === '<<' && key.type === 'PLAIN' && !key.tag) {
        return problem('the key `<<` merges another mapping in YAML 1.1, which these files are not read as: write here the keys it would bring in.');
      }
      if (key === null || (isScalar(key) && (key.value === null || key.value === ''))) {
        return problem(
          `the key \`${shown || '?'}\` is empty: write a name before the colon${written === '' || written === '?' ? '' : ', or put it in quotes if it is the name'}.`,
        );
      }
      if (isScalar(key) && typeof key.value !== 'string' && String(key.value) !== written) {
        return problem(
          `the key \`${shown}\` is read as the ${typeof key.value === 'number' ? 'number' : 'value'} ${String(key.value)}: put it in quotes, e.g. \`'${shown}':\`, or write the name it stands for.`,
        );
      }
      // `{en: leader, since 2010, fr: ...}`: a comma ends a text in braces, and what follows is read
      // as a key with no value, which would be dropped without a word (a key with `:` and nothing after
      // it is left out on purpose). No `:` at all is a comma inside a text; a tagged map (`!!set`) is
      // refused for its tag.
      if (node.flow && !node.tag && pair.value === null && isScalar(key)) {
        const i = index;
        const bare = (p: (typeof items)[number] | undefined) => !!p && p.value === null && isScalar(p.key);
        // One problem for the run of pieces a text was cut into, at its first.
        if (bare(items[i - 1])) return false;
        let j = i;
        while (bare(items[j + 1])) j++;
        const rest = items
          .slice(i, j + 1)
          .map((p) => {
            const r = (p.key as Node).range!;
            return text.slice(r[0], r[1]).trim();
          })
          .join(', ');
        const before = items[i - 1];
        // The text the comma cut, and the key it belongs to, when the pair before holds one.
        const cut =
          before && isScalar(before.key) && isScalar(before.value) && before.value.range
            ? {
                key: String(before.key.value),
                written: text
                  .slice(before.value.range[0], before.value.range[1])
                  .trim()
                  .replace(/^(['"])(.*)\1$/s, '$2'),
                double: before.value.type === 'QUOTE_DOUBLE',
                single: before.value.type === 'QUOTE_SINGLE',
              }
            : undefined;
        // The fix in the quotes the text was written in (its escapes kept as written), else in single
        // quotes, a quote inside doubled: `it's` is `'it''s'`.
        const single = (t: string) => t.replace(/'/g, "''");
        const quoted = !cut
          ? `'${clipped(single(rest))}'`
          : cut.double
            ? `"${clipped(`${cut.written}, ${rest.replace(/["\\]/g, '\\$&')}`)}"`
            : `'${clipped(`${cut.single ? cut.written : single(cut.written)}, ${single(rest)}`)}'`;
        const example = cut ? `\`${cut.key}: ${quoted}\`` : `\`${quoted}\``;
        const pieces = j > i ? `\`${clipped(rest)}\` have` : `\`${shown}\` has`;
        out.push({
          path: cut ? [...path, cut.key] : path,
          offset: range?.[0] ?? 0,
          message: `${pieces} no \`:\` and no value: inside \`{...}\` a comma ends a text, so ${cut ? `\`${cut.key}\` stops at the comma before it and the rest would be lost` : 'this is read as a key without a value'}. Put a text that holds a comma in quotes, e.g. ${example}.`,
        });
        return false;
      }
      return true;
    });
    for (const pair of node.items) {
      if (isScalar(pair.key)) out.push(...oddKeys(pair.value, text, [...path, String(pair.key.value)]));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => out.push(...oddKeys(item, text, [...path, i])));
  }
  return out;
}

/**
 * Every string of the data, keys too, in composed form (NFC), in place. A name pasted decomposed
 * ("e" + U+0302 + U+0303 for "ễ") is drawn alike, but poppler sets a lone combining mark apart, so
 * pdftotext read "Nguyễn" across two lines; and a source id must match its citation either way.
 */
function composed(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) {
    value.forEach((v, i) => (value[i] = composed(v)));
  } else if (value !== null && typeof value === 'object') {
    // Rebuilt in order: a key renamed in place would move to the end. Two keys that compose alike are
    // one, the later value kept as for any duplicate key (reported as one by duplicateKeys).
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    const entries = keys.map((key) => [key.normalize('NFC'), composed(record[key])] as const);
    if (entries.some(([nfc], i) => nfc !== keys[i])) for (const key of keys) delete record[key];
    for (const [nfc, v] of entries) record[nfc] = v;
  }
  return value;
}

/** At most 60 characters, for a message: cut between characters (never inside an emoji's surrogate pair). */
export function clipped(text: string): string {
  // Counted as far as needed only: a value may be a megabyte long.
  let end = 0;
  let count = 0;
  let cut = 0;
  while (end < text.length && count <= 60) {
    if (count === 57) cut = end;
    end += text.codePointAt(end)! > 0xffff ? 2 : 1;
    count++;
  }
  return count > 60 ? `${text.slice(0, cut)}...` : text;
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

/**
 * A file's parse tree, made again from its text when the one made first has been collected. The tree
 * is only read, for places (`locate`), and the text parses to the same tree every time. A worker keeps
 * every case of a campaign and 64 senders loaded; with their trees a case took 103 KB of heap, but
 * places are looked for while a file is checked, and seldom later (a letter's own problem).
 */
function treeOf(text: string, first: Document): () => Document {
  let tree = new WeakRef(first);
  return () => {
    const known = tree.deref();
    if (known) return known;
    const again = parseDocument(text, YAML_OPTIONS);
    tree = new WeakRef(again);
    return again;
  };
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
  const tree = treeOf(text, doc);
  const nodeAt = (path: readonly PathPart[]): { node?: Node; keyNode?: Node; parent?: Node } => {
    let node: Node | undefined = tree().contents ?? undefined;
    let keyNode: Node | undefined;
    let parent: Node | undefined;
    for (const part of path) {
      if (isMap(node)) {
        // The data's keys are composed (NFC); the file's may not be.
        const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value).normalize('NFC') === String(part));
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
      // `index` is in the composed (NFC) value; the file's may be decomposed.
      index = decomposedIndex(value, index);
      const start = pos(node.range[0]);
      const before = value.slice(0, index);
      const row = before.split('\n').length - 1;
      const col = index - (before.lastIndexOf('\n') + 1);
      if (node.type === 'BLOCK_LITERAL') {
        // A literal block keeps its lines: line `row` of the text is file line start + 1 + row, after its indentation.
        const line = start.line + 1 + row;
        const raw = text.slice(lineCounter.lineStarts[line - 1] ?? 0).split('\n')[0] ?? '';
        // The block's indentation is what the file's line has before the value's own line.
        const own = value.split('\n')[row] ?? '';
        return { line, column: raw.length - raw.trimStart().length - (own.length - own.trimStart().length) + col + 1 };
      }
      // Folded, plain and quoted values fold their line breaks and indentation: walk the source beside
      // the value, matching each non-space character, to find where the one at `index` was written. An
      // escape sequence (`\u00e9`, `''`) breaks the match, and then the place is not known.
      const raw = text.slice(node.range[0], node.range[1]);
      if (/\s/.test(value.charAt(index)) || index >= value.length) return undefined;
      let r = node.type === 'BLOCK_FOLDED' ? raw.indexOf('\n') + 1 : node.type === 'PLAIN' ? 0 : 1;
      for (let v = 0; v <= index; v++) {
        if (/\s/.test(value.charAt(v))) continue;
        while (r < raw.length && /\s/.test(raw.charAt(r))) r++;
        if (node.type === 'QUOTE_SINGLE' && raw.charAt(r) === "'") r++; // '' stands for '
        if (node.type === 'QUOTE_DOUBLE' && raw.charAt(r) === '\\') return undefined;
        if (raw.charAt(r) !== value.charAt(v)) return undefined;
        if (v === index) return pos(node.range[0] + r);
        r++;
      }
      return undefined;
    },
    writtenAt(path) {
      const { node } = nodeAt(path);
      return isScalar(node) && node.type === 'PLAIN' && typeof node.value !== 'string' && node.range
        ? text.slice(node.range[0], node.range[1]).trim()
        : undefined;
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

/** Made on first use: an Intl.Segmenter takes some 7 ms to make, in every new thread, and only a decomposed value needs one. */
let graphemes: Intl.Segmenter | undefined;

/**
 * The index in `written` of the character at `index` of its composed (NFC) form. Composition stays
 * inside a grapheme (a letter and its marks), so the two are walked in step a grapheme at a time; an
 * index inside a grapheme that composes shorter is that grapheme's start.
 */
function decomposedIndex(written: string, index: number): number {
  if (written.normalize('NFC') === written) return index;
  let raw = 0;
  let nfc = 0;
  for (const { segment } of (graphemes ??= new Intl.Segmenter('und', { granularity: 'grapheme' })).segment(written)) {
    const composed = segment.normalize('NFC');
    if (nfc + composed.length > index) return composed === segment ? raw + index - nfc : raw;
    raw += segment.length;
    nfc += composed.length;
  }
  return raw + index - nfc;
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

/**
 * Common slips, told from the line they are on (`before` is the line up to the parser's place): a key
 * with no space after its colon (`date:2019-12-16`, which YAML reads as one text), text after a closing
 * quote or bracket (`title: "Free Erlan" now`), a list begun on its key's line.
 */
function slipMessage(code: string, message: string, line: string, before: string): string | undefined {
  const glued = /^\s*(?:-\s+)?([A-Za-z_][\w-]*):(?![\s:/])(.+)$/.exec(line);
  if (glued && (code === 'MULTILINE_IMPLICIT_KEY' || code === 'MISSING_CHAR')) {
    return `\`${glued[1]}:\` needs a space after its colon: write \`${clipped(`${glued[1]}: ${glued[2]!.trim()}`)}\`.`;
  }
  if (code === 'UNEXPECTED_TOKEN' && /Unexpected scalar at node end/.test(message)) {
    const closed = /(["'\]}])[\s,]*$/.exec(before)?.[1];
    // Else a line that does not line up with those above it.
    if (closed === undefined) return syntaxMessage('BAD_INDENT', '');
    // The value: the line after its key or its list dash.
    const value = /^\s*(?:-\s+)*(?:[^'"[{\s][^:]*?:\s+)?(.*?)\s*$/.exec(line)?.[1] ?? line.trim();
    const quoted = !value.includes("'") ? `'${value}'` : !value.includes('"') ? `"${value}"` : `'${value.replace(/'/g, "''")}'`;
    const what = closed === '"' || closed === "'" ? 'the closing quote' : `the closing \`${closed}\``;
    return `text after ${what}: put the whole value in quotes, e.g. \`${clipped(quoted)}\`.`;
  }
  if (code === 'UNEXPECTED_TOKEN' && /block-seq-ind on same line/.test(message)) {
    return 'a list cannot start on the line of its key: put each `- ` entry on a line of its own below the key, indented, or write the list in brackets, `[a, b]`.';
  }
  if (code === 'MISSING_CHAR' && /without - indicator/.test(message)) return syntaxMessage('BAD_INDENT', 'same column');
  return undefined;
}

const SPACE_NAMES: Record<number, string> = { 0xa0: 'a no-break space', 0x202f: 'a narrow no-break space', 0x3000: 'an ideographic space' };

/** "a no-break space (U+00A0)": a space that YAML reads as text. */
function spaceName(ch: string): string {
  const code = ch.codePointAt(0)!;
  return `${SPACE_NAMES[code] ?? 'a space character'} (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
}

/** The YAML parser's complaint in a campaigner's words, with the fix; its own wording only for rare cases. */
function syntaxMessage(code: string, message: string): string {
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'this line is indented with a tab: indent with spaces only.';
    case 'BAD_DQ_ESCAPE':
      return 'a backslash in double quotes starts an escape, and this one is unknown: write `\\\\` for a backslash, or put the text in single quotes.';
    case 'BAD_SCALAR_START': {
      const ch = /reserved character (\S)/.exec(message)?.[1];
      return `a value cannot start with ${ch ? `\`${ch}\`` : 'this character'}: put the whole value in quotes, e.g. \`'${ch ?? '@'}...'\`.`;
    }
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'a second `key:` on this line, or indented lines under a value: put each key on its own line, or quote a value that holds `: `.';
    case 'MULTILINE_IMPLICIT_KEY':
      return 'a line without `key:` where a key is expected: add the key and its colon, or indent the line under the value it continues.';
    case 'BAD_INDENT':
      if (/Flow sequence/.test(message)) return 'a list opened with `[` is not closed: add the `]` at its end.';
      if (/Flow map/.test(message)) return 'a mapping opened with `{` is not closed: add the `}` at its end.';
      if (/same column/.test(message)) return 'this line is not lined up with the keys above it: indent it with as many spaces as the other keys at its level.';
      return 'the indentation here does not fit the lines above: indent with spaces, lining up keys of the same level.';
    default:
      return `${firstLine(message)}. Check indentation and quoting near here.`;
  }
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
