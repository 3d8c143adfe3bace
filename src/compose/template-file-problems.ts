import { existsSync, readdirSync } from 'node:fs';
import { basename, join, sep } from 'node:path';
import { problemKey, type Problem } from '../errors.js';
import { findWorkspace } from '../input/find-workspace.js';
import { compileEmailTemplate } from './compose-email.js';
import { checkLetterTemplate, checkPartialFile, templateProblems } from './load-template.js';

const EMAIL = /^email\.([A-Za-z0-9-]+)\.hbs$/;

/**
 * Every problem of a template file, as `letters validate templates/<name>/...hbs` lists them: a letter
 * template (`<lang>.hbs`) and an e-mail cover note (`email.<lang>.hbs`) are checked as generate and
 * `--eml` load them, with the partials they include; a partial (`partials/[<lang>/]<name>.hbs`) is
 * checked on its own (one that no template includes yet too) and with every template of its folder, which are what include it.
 */
export function templateFileProblems(file: string): Problem[] {
  const workspace = findWorkspace(file);
  const parts = file.split(sep);
  const under = parts.lastIndexOf('partials');
  if (under > 0) {
    const dir = parts.slice(0, under).join(sep);
    // The partial itself first: one that no template includes yet, or a file that is not there, was called valid.
    const own = templateProblems(file, () => checkPartialFile(file, workspace));
    const templates = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.hbs'))
          .sort()
          .flatMap((f) => templateFileProblems(join(dir, f)))
      : [];
    const seen = new Set<string>();
    // A problem of a partial that several templates include, once.
    return [...own, ...templates].filter((p) => {
      const key = problemKey(p);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  const email = EMAIL.exec(basename(file));
  if (email) return templateProblems(file, () => compileEmailTemplate(file, workspace, email[1]!));
  return templateProblems(file, () => checkLetterTemplate(file, workspace));
}

/** Whether a file is a template (`.hbs`), which `letters validate` checks as such rather than as YAML. */
export function isTemplateFile(file: string): boolean {
  return file.endsWith('.hbs');
}
