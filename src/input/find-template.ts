import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';

// Finding a template's folder is reading the file tree, not running Handlebars: the input layer does it
// for the checks of a case or campaign, compose/ for compiling.
/** The templates that ship with the tool; a workspace's own `templates/<name>/` takes precedence. */
export const BUILTIN_TEMPLATES = join(PACKAGE_ROOT, 'templates');

/** The folder of a template, in the workspace or built in; undefined when neither has it. */
export function findTemplateDir(workspace: string, name: string): string | undefined {
  for (const root of [join(workspace, 'templates'), BUILTIN_TEMPLATES]) {
    const dir = join(root, name);
    if (existsSync(dir)) return dir;
  }
  return undefined;
}

/**
 * The file of `dir` named `name` with a language code in it (`fr-BE.hbs`, `email.fr-BE.hbs`), whatever
 * the case of its letters: language codes are matched ignoring case, and a file system may or may not
 * (`fr-be.hbs` was found for `fr-BE` on macOS and Windows, and left for `fr.hbs` on Linux). The name
 * as written first; undefined when there is none.
 */
export function languageFile(dir: string, name: string): string | undefined {
  const exact = join(dir, name);
  if (existsSync(exact)) return exact;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return undefined;
  }
  const lower = name.toLowerCase();
  const found = entries.filter((e) => e.toLowerCase() === lower).sort()[0];
  return found === undefined ? undefined : join(dir, found);
}

/**
 * A template's file for a letter in `language` (`<prefix><language>.hbs`), else for its base language
 * (`fr` for `fr-BE`): how the letter template (prefix none) and the cover note (`email.`) are chosen,
 * and how validate checks that a template has a letter's language.
 */
export function templateFileFor(dir: string, language: string, prefix = ''): string | undefined {
  return languageFile(dir, `${prefix}${language}.hbs`) ?? languageFile(dir, `${prefix}${language.split('-')[0]}.hbs`);
}
