import { resolve } from 'node:path';
import type { z } from 'zod';
import type { Problem } from '../errors.js';
import { readYaml, type SourceFile } from './read-yaml.js';
import { validateData } from './validate-data.js';

export interface LoadedFile<T> {
  source?: SourceFile;
  value?: T;
  problems: Problem[];
}

/** Reads, parses and validates one YAML file against its schema; `value` is set only when it has no errors. */
export function loadFile<S extends z.ZodType>(file: string, schema: S): LoadedFile<z.output<S>> {
  const read = readYaml(resolve(file));
  if (!read.ok) return { problems: read.problems };
  const { value, problems } = validateData(read.source, schema);
  return { source: read.source, value, problems };
}
