import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { z } from 'zod';
import type { Problem } from '../errors.js';
import { kindOfFolder } from './detect-kind.js';
import { oncePerPath } from './once-per-path.js';
import { linkedOutside } from './linked-outside.js';
import { problemAt, readYaml, type PathPart, type SourceFile } from './read-yaml.js';
import { DirectoryMapping, EmbassyList, OfficialList, type EmbassyData, type OfficialData } from './schemas.js';
import { validateData } from './validate-data.js';

export interface DirectoryEntry<T> {
  data: T;
  /** The language of the entry's plain texts. */
  language: string;
  file: string;
  source: SourceFile;
  /** Where the entry stands in its file: `['officials', 2]` in a mapping, `[2]` in a plain list. */
  path: PathPart[];
}

export interface Directory {
  officials: Map<string, DirectoryEntry<OfficialData>>;
  embassies: Map<string, DirectoryEntry<EmbassyData>>;
  files: string[];
  problems: Problem[];
  /**
   * Files whose entries could not be taken (an error in them, a link out of the workspace): an id they
   * would hold is not "unknown", the file's own problem says what to fix.
   */
  unread: string[];
}

/** One directory file, whichever of its two forms it is written in. */
export interface DirectoryFileContent {
  source?: SourceFile;
  /** The language of the file's plain texts. */
  language: string;
  officials: { data: OfficialData; path: PathPart[] }[];
  embassies: { data: EmbassyData; path: PathPart[] }[];
  /** Whether the file passed its schema, so its entries can be used (an id listed twice keeps its first entry). */
  ok: boolean;
  problems: Problem[];
}

/** The directory's files: cases and campaigns read these two of `directory/`, and no other. */
export const DIRECTORY_FILES = ['officials.yaml', 'embassies.yaml'];

/** Loads `directory/officials.yaml` and `directory/embassies.yaml` of a workspace, once per process. */
export const loadDirectory: (workspace: string) => Directory = oncePerPath(load);

function load(workspace: string): Directory {
  const dir: Directory = { officials: new Map(), embassies: new Map(), files: [], problems: [], unread: [] };
  for (const name of DIRECTORY_FILES) {
    const file = join(workspace, 'directory', name);
    if (!existsSync(file)) continue;
    dir.files.push(file);
    const outside = linkedOutside(workspace, file);
    if (outside) {
      dir.problems.push({ file, path: '', message: outside, severity: 'error' });
      dir.unread.push(file);
      continue;
    }
    const content = loadDirectoryFile(file);
    dir.problems.push(...content.problems);
    if (!content.source || !content.ok) {
      dir.unread.push(file);
      continue;
    }
    addAll(dir.officials, content.officials, content.source, content.language, dir.problems);
    addAll(dir.embassies, content.embassies, content.source, content.language, dir.problems);
  }
  return dir;
}

/**
 * Reads and checks one directory file, written either as a plain list of officials or embassies (its
 * plain texts in English) or as a mapping with `language` and `officials:`/`embassies:` lists. Ids
 * listed twice in the file are reported on the data as written, so they show even beside other errors.
 */
export function loadDirectoryFile(file: string): DirectoryFileContent {
  const read = readYaml(resolve(file), { list: true });
  if (!read.ok) return { language: 'en', officials: [], embassies: [], ok: false, problems: read.problems };
  const content = readDirectoryFile(read.source);
  if (kindOfFolder(read.source.file) === 'directory' && !DIRECTORY_FILES.includes(basename(file))) {
    content.problems.push({
      file: read.source.file,
      path: '',
      message: `only directory/officials.yaml and directory/embassies.yaml are read: no case or campaign finds the entries of ${basename(file)}. Move them into one of those two files.`,
      severity: 'warning',
    });
  }
  return content;
}

function readDirectoryFile(source: SourceFile): DirectoryFileContent {
  const file = source.file;
  const data: unknown = source.data;
  if (Array.isArray(data)) {
    const embassies = listOfEmbassies(file, data);
    const schema: z.ZodType = embassies ? EmbassyList : OfficialList;
    const { value, problems } = validateData(source, schema);
    problems.push(...duplicateIds(source, data, []));
    const entries = ((value ?? []) as { id: string }[]).map((entry, i) => ({ data: entry, path: [i] }));
    return {
      source,
      language: 'en',
      officials: embassies ? [] : (entries as DirectoryFileContent['officials']),
      embassies: embassies ? (entries as DirectoryFileContent['embassies']) : [],
      ok: value !== undefined,
      problems,
    };
  }
  const { value, problems } = validateData(source, DirectoryMapping);
  for (const field of ['officials', 'embassies'] as const) {
    const entries = source.data[field];
    if (Array.isArray(entries)) problems.push(...duplicateIds(source, entries, [field]));
  }
  const at = <T>(field: string, list: T[] | undefined) => (list ?? []).map((entry, i) => ({ data: entry, path: [field, i] }));
  return {
    source,
    language: value?.language ?? 'en',
    officials: at('officials', value?.officials),
    embassies: at('embassies', value?.embassies),
    ok: value !== undefined,
    problems,
  };
}

/** A plain list is of embassies when the file is embassies.yaml, or (another name) when an entry has `of` or `in`. */
function listOfEmbassies(file: string, data: unknown[]): boolean {
  const name = basename(file);
  if (name === 'embassies.yaml') return true;
  if (name === 'officials.yaml') return false;
  return data.some((entry) => entry !== null && typeof entry === 'object' && ('of' in entry || 'in' in entry));
}

function duplicateIds(source: SourceFile, entries: unknown[], prefix: PathPart[]): Problem[] {
  const seen = new Map<string, number>();
  const problems: Problem[] = [];
  entries.forEach((entry, i) => {
    const id = entry !== null && typeof entry === 'object' ? (entry as Record<string, unknown>).id : undefined;
    if (typeof id !== 'string') return;
    const first = seen.get(id);
    if (first !== undefined) {
      const other = prefix.length > 0 ? `${String(prefix[0])}[${first}]` : `entry [${first}]`;
      problems.push(problemAt(source, [...prefix, i, 'id'], `id \`${id}\` is also used by ${other}: ids must be unique; rename or remove one.`));
    } else seen.set(id, i);
  });
  return problems;
}

function addAll<T extends { id: string }>(
  map: Map<string, DirectoryEntry<T>>,
  entries: { data: T; path: PathPart[] }[],
  source: SourceFile,
  language: string,
  problems: Problem[],
): void {
  entries.forEach(({ data, path }) => {
    const first = map.get(data.id);
    // Twice in one file is reported by loadDirectoryFile already.
    if (first?.file === source.file) return;
    if (first) {
      problems.push(problemAt(source, [...path, 'id'], `id \`${data.id}\` is listed twice (also in ${first.file}): ids must be unique.`));
      return;
    }
    map.set(data.id, { data, language, file: source.file, source, path });
  });
}
