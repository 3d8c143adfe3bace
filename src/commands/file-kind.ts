import { resolve } from 'node:path';
import { isTemplateFile } from '../compose/template-file-problems.js';
import { escapeControls } from '../errors.js';
import { detectKind, kindOfFolder } from '../input/detect-kind.js';
import { readYaml } from '../input/read-yaml.js';
import type { FileKind } from '../input/schemas.js';
import { EXIT, type Io } from './print.js';

export type { FileKind };

/** What a command may be given: one of the four YAML kinds, or a template (`.hbs`), which no command but validate takes. */
export type GivenKind = FileKind | 'template';

const COMMAND_FOR: Partial<Record<FileKind, string>> = { case: 'generate', campaign: 'batch' };

/**
 * The kind of a file as `validate` tells it (by folder, else by keys); undefined when it cannot be read
 * or told. A file in a kind's folder is not parsed here: the command reads it next, and parsing it
 * twice was some 9 ms of a new process's `generate`.
 */
export function fileKind(file: string): GivenKind | undefined {
  if (isTemplateFile(file)) return 'template';
  return kindOfFolder(resolve(file)) ?? readKind(file).kind;
}

/** A file's kind (as fileKind) and its parsed YAML, if it could be read. */
export function readKind(file: string): { kind?: GivenKind; data?: unknown } {
  if (isTemplateFile(file)) return { kind: 'template' };
  const read = readYaml(resolve(file), { list: true });
  return read.ok ? { kind: detectKind(resolve(file), read.source.data), data: read.source.data } : {};
}

/**
 * Why `command` cannot take this file, naming the command that can, or undefined when it can (or when
 * the file cannot be read: the command then reports that itself, located in the file).
 */
export function wrongKind(file: string, command: string, accepts: FileKind[], kind = fileKind(file)): string | undefined {
  if (kind === undefined || (kind !== 'template' && accepts.includes(kind))) return undefined;
  const wanted = accepts.map((k) => `a ${k} file`).join(' or ');
  const right = kind === 'template' ? undefined : COMMAND_FOR[kind];
  const fix = right
    ? `to write its letters, run: letters ${right} ${file}`
    : `give it ${wanted} (${accepts.map((k) => `${k === 'case' ? 'cases' : `${k}s`}/<id>.yaml`).join(' or ')})${kind === 'template' ? TEMPLATE_USE : ''}; check it with: letters validate ${file}`;
  return `${file} is a ${kind} file, but \`letters ${command}\` takes ${wanted}: ${fix}`;
}

const TEMPLATE_USE = ': a case names its template in `letter.template`, a campaign in `template`';

/**
 * Why `letters send` cannot take this file, or undefined when it may be a manifest or a folder: a
 * case, sender, directory or campaign file, or a template, named where a batch's folder belongs.
 */
export function wrongForSend(target: string): string | undefined {
  if (!/\.(ya?ml|hbs)$/i.test(target)) return undefined;
  const { kind, data } = readKind(target);
  if (kind === undefined) return undefined;
  const wanted = 'the folder a `letters batch … --eml` run wrote, or its manifest.json';
  const id = kind === 'campaign' && data !== null && typeof data === 'object' ? (data as { id?: unknown }).id : undefined;
  const fix =
    kind === 'campaign'
      ? `to send its letters, run: letters batch ${target} --eml, then: letters send out/${typeof id === 'string' ? id : '<campaign-id>'}`
      : 'run letters batch on a campaign file with --eml, then send the folder it names (out/<campaign-id> by default)';
  return `${target} is a ${kind} file, but \`letters send\` takes ${wanted}: ${fix}`;
}

/**
 * A file of the wrong kind for a command is a usage error, naming the command that takes it. `kind`
 * is the file's, when the caller has read it already.
 */
export function refuseKind(io: Io, file: string, command: string, accepts: FileKind[], kind = fileKind(file)): number | undefined {
  const message = wrongKind(file, command, accepts, kind);
  if (message === undefined) return undefined;
  io.stderr(`error: ${escapeControls(message)}\n`);
  return EXIT.usage;
}
