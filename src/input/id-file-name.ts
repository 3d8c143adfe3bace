import { basename, extname } from 'node:path';
import type { Problem } from '../errors.js';
import { kindOfFolder } from './detect-kind.js';
import { problemAt, type SourceFile } from './read-yaml.js';
import { ID_PATTERN } from './schemas.js';

/**
 * A case or sender in its workspace folder whose `id` is not its file's name: a file copied from
 * another with the id left as it was. The file is found by its name (`senders/<id>.yaml`), so the two
 * must agree; else a copied case's letters went into the other case's folder. Elsewhere any name goes.
 */
export function idFileNameProblem(source: SourceFile, id: string): Problem | undefined {
  const kind = kindOfFolder(source.file);
  if (kind !== 'case' && kind !== 'sender') return undefined;
  const file = basename(source.file);
  const extension = extname(file);
  const name = basename(file, extension);
  // `ituc.yml`: read when named itself, never found by its id.
  if (name === id && extension !== '.yaml') {
    const finder = kind === 'case' ? 'a campaign finds a case' : 'cases and campaigns find a sender';
    const folder = kind === 'case' ? 'cases' : 'senders';
    return problemAt(
      source,
      ['id'],
      `the file's name ends in ${extension || 'no extension'}: ${finder} by its id as ${folder}/${id}.yaml, and would not find this file. Rename it to ${id}.yaml.`,
      'warning',
    );
  }
  if (name === id) return undefined;
  const named = ID_PATTERN.test(name);
  const why =
    kind === 'case'
      ? `a campaign finds a case by its file name, and \`generate\` writes its letters under out/${id}/, with those of the case of that id`
      : `cases and campaigns find a sender by its file name${named ? ` (\`sender: ${name}\` reads this file)` : ''}`;
  const fix = named ? `Make the two the same: write \`id: ${name}\`, or rename the file to ${id}.yaml.` : `Rename the file to ${id}.yaml.`;
  return problemAt(source, ['id'], `the id \`${id}\` is not the file's name, ${file}: ${why}. ${fix}`, 'warning');
}
