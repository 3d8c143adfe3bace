import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../errors.js';
import { loadFile } from './load-file.js';
import { oncePerPath } from './once-per-path.js';
import { problemAt, type SourceFile } from './read-yaml.js';
import { DirectoryFile, type EmbassyData, type OfficialData } from './schemas.js';

export interface DirectoryEntry<T> {
  data: T;
  /** The language of the entry's plain texts. */
  language: string;
  file: string;
  source: SourceFile;
  /** Its place in the file's list, for locating messages. */
  index: number;
}

export interface Directory {
  officials: Map<string, DirectoryEntry<OfficialData>>;
  embassies: Map<string, DirectoryEntry<EmbassyData>>;
  files: string[];
  problems: Problem[];
}

const FILES = ['officials.yaml', 'embassies.yaml'];

/** Loads `directory/officials.yaml` and `directory/embassies.yaml` of a workspace, once per process. */
export const loadDirectory: (workspace: string) => Directory = oncePerPath(load);

function load(workspace: string): Directory {
  const dir: Directory = { officials: new Map(), embassies: new Map(), files: [], problems: [] };
  for (const name of FILES) {
    const file = join(workspace, 'directory', name);
    if (!existsSync(file)) continue;
    dir.files.push(file);
    const { source, value, problems } = loadFile(file, DirectoryFile);
    dir.problems.push(...problems);
    if (!source || !value) continue;
    addAll(dir.officials, value.officials ?? [], 'officials', source, value.language, dir.problems);
    addAll(dir.embassies, value.embassies ?? [], 'embassies', source, value.language, dir.problems);
  }
  return dir;
}

function addAll<T extends { id: string }>(
  map: Map<string, DirectoryEntry<T>>,
  entries: T[],
  field: string,
  source: SourceFile,
  language: string,
  problems: Problem[],
): void {
  entries.forEach((data, i) => {
    if (map.has(data.id)) {
      problems.push(problemAt(source, [field, i, 'id'], `id \`${data.id}\` is listed twice (also in ${map.get(data.id)!.file}): ids must be unique.`));
      return;
    }
    map.set(data.id, { data, language, file: source.file, source, index: i });
  });
}
