import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { closest } from 'fastest-levenshtein';
import { ValidationError, type Problem } from '../errors.js';
import { findTemplateDir } from '../compose/load-template.js';
import { bodyProblems } from '../compose/render-body.js';
import { findWorkspace } from './find-workspace.js';
import { loadDirectory, type Directory } from './load-directory.js';
import { loadFile } from './load-file.js';
import { loadSender, senderPath, type LoadedSender } from './load-sender.js';
import { problemAt, type SourceFile } from './read-yaml.js';
import { CaseFile, ID_PATTERN, type CaseData } from './schemas.js';

export interface LoadedCase {
  file: string;
  workspace: string;
  source: SourceFile;
  data: CaseData;
  sender: LoadedSender;
  directory: Directory;
  /** The language of the case's plain texts. */
  language: string;
  warnings: Problem[];
}

const CITATION = /\[\^([^\]\s]+)\]/g;

/** Lists the ids of a workspace folder's YAML files, for "did you mean" hints. */
export function idsIn(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => f.slice(0, -5))
    : [];
}

export function unknownHint(id: string, known: string[]): string {
  if (known.length === 0) return 'none exist yet';
  return `did you mean \`${closest(id, known)}\`? (known: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', ...' : ''})`;
}

/**
 * Reads a case and everything it names (its sender, directory entries, template), and checks every
 * reference; throws one ValidationError listing all problems of all those files. References are
 * checked even when the case has schema errors, so one run shows every problem.
 */
export function loadCase(file: string): LoadedCase {
  const { source, value, problems } = loadFile(file, CaseFile);
  if (!source) throw new ValidationError(problems);
  const workspace = findWorkspace(source.file);
  const { sender, directory, problems: refProblems } = checkReferences(source, value ?? (source.data as Loose), workspace);
  problems.push(...refProblems);
  // The case's own problems first, then those of the files it names, each in file order.
  const rank = (p: Problem) => (p.file === source.file ? '' : p.file);
  problems.sort((a, b) => rank(a).localeCompare(rank(b)) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0 || !sender || !value) throw new ValidationError(problems);
  return {
    file: source.file,
    workspace,
    source,
    data: value,
    sender,
    directory,
    language: value.letter.language ?? sender.data.language,
    warnings: problems.filter((p) => p.severity === 'warning'),
  };
}

/** A case as parsed, possibly failing its schema: every field is checked before use. */
type Loose = Record<string, unknown>;

const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const obj = (x: unknown): Loose => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Loose) : {});

function checkReferences(source: SourceFile, data: Loose, workspace: string): { sender?: LoadedSender; directory: Directory; problems: Problem[] } {
  const problems: Problem[] = [];
  const at = (path: (string | number)[], message: string, severity: Problem['severity'] = 'error') => problems.push(problemAt(source, path, message, severity));
  const letter = obj(data.letter);

  let sender: LoadedSender | undefined;
  const senderId = str(letter.sender);
  if (senderId !== undefined && ID_PATTERN.test(senderId)) {
    const senderFile = senderPath(workspace, senderId);
    const loaded = loadSender(senderFile);
    sender = loaded.sender;
    problems.push(...loaded.problems);
    if (!existsSync(senderFile)) {
      at(['letter', 'sender'], `unknown sender \`${senderId}\`: no ${senderFile}; ${unknownHint(senderId, idsIn(join(workspace, 'senders')))}.`);
    }
  }
  if (sender) {
    const ids = sender.data.signatories.map((s) => s.id);
    list(letter.signatories).forEach((id, i) => {
      if (typeof id === 'string' && ID_PATTERN.test(id) && !ids.includes(id)) {
        at(['letter', 'signatories', i], `unknown signatory \`${id}\` of sender \`${sender.data.id}\`: ${unknownHint(id, ids)}.`);
      }
    });
  }

  const directory = loadDirectory(workspace);
  problems.push(...directory.problems);
  const seen = new Map<string, number>();
  list(data.recipients).forEach((entry, i) => {
    const r = obj(entry);
    const official = str(r.official);
    if (official !== undefined && ID_PATTERN.test(official) && !directory.officials.has(official)) {
      at(
        ['recipients', i, 'official'],
        `unknown official \`${official}\`: not in ${join(workspace, 'directory', 'officials.yaml')}; ${unknownHint(official, [...directory.officials.keys()])}.`,
      );
    }
    const via = str(r.via);
    if (via !== undefined && ID_PATTERN.test(via) && !directory.embassies.has(via)) {
      at(
        ['recipients', i, 'via'],
        `unknown embassy \`${via}\`: not in ${join(workspace, 'directory', 'embassies.yaml')}; ${unknownHint(via, [...directory.embassies.keys()])}.`,
      );
    }
    const id = str(r.id) ?? official;
    if (id !== undefined) {
      if (seen.has(id)) at(['recipients', i, 'id'], `recipient id \`${id}\` is also used by recipients[${seen.get(id)}]: each letter needs its own id.`);
      seen.set(id, i);
    }
  });

  const template = letter.template === undefined ? 'appeal' : str(letter.template);
  if (template !== undefined && ID_PATTERN.test(template) && !findTemplateDir(workspace, template)) {
    at(['letter', 'template'], `unknown template \`${template}\`: no templates/${template}/ in ${workspace} nor built in (built in: appeal).`);
  }

  // Own keys only: `sources.constructor` must not find Object's constructor.
  const sources = obj(data.sources);
  const declared = (id: string) => Object.hasOwn(sources, id);
  const cited = new Set<string>();
  list(data.timeline).forEach((entry, i) => {
    const id = str(obj(entry).source);
    if (id === undefined) return;
    cited.add(id);
    if (!declared(id)) {
      at(['timeline', i, 'source'], `unknown source \`${id}\`: add it under \`sources:\` or correct the id; ${unknownHint(id, Object.keys(sources))}.`);
    }
  });
  const bodies: [string, (string | number)[]][] =
    typeof data.body === 'string'
      ? [[data.body, ['body']]]
      : Object.entries(obj(data.body)).flatMap(([lang, text]): [string, (string | number)[]][] => (typeof text === 'string' ? [[text, ['body', lang]]] : []));
  for (const [text, path] of bodies) {
    problems.push(...bodyProblems(text, source, path));
    for (const m of text.matchAll(CITATION)) {
      const id = m[1]!;
      cited.add(id);
      if (!declared(id)) {
        at(path, `the body cites [^${id}], which is not under \`sources:\`: add it there or correct the citation; ${unknownHint(id, Object.keys(sources))}.`);
      }
    }
  }
  for (const id of Object.keys(sources)) {
    if (!cited.has(id)) at(['sources', id], `source \`${id}\` is never cited: cite it in the body as [^${id}] or remove it.`, 'warning');
  }
  return { sender, directory, problems };
}
