import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';
import { ID_PATTERN } from '../input/schemas.js';

/**
 * The path of a generated file under `outDir`, built from ids. Ids are checked again here, and the
 * result must stay inside `outDir`, so no id (`../x`, `a/b`) can ever write elsewhere.
 */
export function outputPath(outDir: string, ids: string[], extension: string, joiner = '/'): string {
  for (const id of ids) {
    if (!ID_PATTERN.test(id)) throw new UserError(`\`${id}\` cannot name a file: ids are lowercase letters, digits and hyphens (e.g. erlan-baltabay).`);
  }
  const root = resolve(outDir);
  const parts = joiner === '/' ? ids : [ids.join(joiner)];
  const path = resolve(root, ...parts.slice(0, -1), `${parts[parts.length - 1]}${extension}`);
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
    throw new UserError(`refusing to write ${path}: it is outside the output folder ${root}.`);
  }
  return path;
}
