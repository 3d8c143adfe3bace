import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import { relativeInside } from '../path-inside.js';
import { ID_PATTERN } from '../input/schemas.js';

/**
 * The path of a generated file under `outDir`, one folder per id and the last id as the file name:
 * `<outDir>/<id1>/<id2>.pdf`. Ids cannot hold `/`, so two different lists of ids never give one path
 * (joining ids with a separator they may contain, such as `--`, would). Ids are checked again here,
 * and the result must stay inside `outDir`, so no id (`../x`, `a/b`) can ever write elsewhere.
 */
export function outputPath(outDir: string, ids: string[], extension: string): string {
  for (const id of ids) {
    if (!ID_PATTERN.test(id)) throw new UserError(`\`${id}\` cannot name a file: ids are lowercase letters, digits and hyphens (e.g. erlan-baltabay).`);
  }
  const root = resolve(outDir);
  const path = resolve(root, ...ids.slice(0, -1), `${ids[ids.length - 1]}${extension}`);
  if (!relativeInside(root, path)) {
    throw new UserError(`refusing to write ${path}: it is outside the output folder ${root}.`);
  }
  return path;
}
