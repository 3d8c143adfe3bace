import { existsSync } from 'node:fs';
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
