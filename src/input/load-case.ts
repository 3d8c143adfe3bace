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
import { CaseFile, type CaseData } from './schemas.js';

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
 * reference; throws one ValidationError listing all problems of all those files.
 */
export function loadCase(file: string): LoadedCase {
  const { source, value, problems } = loadFile(file, CaseFile);
  if (!source || !value) throw new ValidationError(problems);
  const workspace = findWorkspace(source.file);
  const at = (path: (string | number)[], message: string, severity: Problem['severity'] = 'error') => problems.push(problemAt(source, path, message, severity));

  const senderFile = senderPath(workspace, value.letter.sender);
  const { sender, problems: senderProblems } = loadSender(senderFile);
  problems.push(...senderProblems);
  if (!existsSync(senderFile)) {
    at(
      ['letter', 'sender'],
      `unknown sender \`${value.letter.sender}\`: no ${senderFile}; ${unknownHint(value.letter.sender, idsIn(join(workspace, 'senders')))}.`,
    );
  }
  if (sender) {
    const ids = sender.data.signatories.map((s) => s.id);
    (value.letter.signatories ?? []).forEach((id, i) => {
      if (!ids.includes(id)) at(['letter', 'signatories', i], `unknown signatory \`${id}\` of sender \`${sender.data.id}\`: ${unknownHint(id, ids)}.`);
    });
  }

  const directory = loadDirectory(workspace);
  problems.push(...directory.problems);
  const seen = new Map<string, number>();
  value.recipients.forEach((r, i) => {
    if (r.official !== undefined && !directory.officials.has(r.official)) {
      at(
        ['recipients', i, 'official'],
        `unknown official \`${r.official}\`: not in ${join(workspace, 'directory', 'officials.yaml')}; ${unknownHint(r.official, [...directory.officials.keys()])}.`,
      );
    }
    if (typeof r.via === 'string' && !directory.embassies.has(r.via)) {
      at(
        ['recipients', i, 'via'],
        `unknown embassy \`${r.via}\`: not in ${join(workspace, 'directory', 'embassies.yaml')}; ${unknownHint(r.via, [...directory.embassies.keys()])}.`,
      );
    }
    const id = r.id ?? r.official;
    if (id !== undefined) {
      if (seen.has(id)) at(['recipients', i, 'id'], `recipient id \`${id}\` is also used by recipients[${seen.get(id)}]: each letter needs its own id.`);
      seen.set(id, i);
    }
  });

  if (!findTemplateDir(workspace, value.letter.template)) {
    at(
      ['letter', 'template'],
      `unknown template \`${value.letter.template}\`: no templates/${value.letter.template}/ in ${workspace} nor built in (built in: appeal).`,
    );
  }

  const sources = value.sources ?? {};
  const cited = new Set<string>();
  value.timeline?.forEach((t, i) => {
    if (t.source === undefined) return;
    cited.add(t.source);
    if (!sources[t.source])
      at(
        ['timeline', i, 'source'],
        `unknown source \`${t.source}\`: add it under \`sources:\` or correct the id; ${unknownHint(t.source, Object.keys(sources))}.`,
      );
  });
  const bodies: [string, (string | number)[]][] =
    typeof value.body === 'string' ? [[value.body, ['body']]] : Object.entries(value.body ?? {}).map(([lang, text]) => [text, ['body', lang]]);
  for (const [text, path] of bodies) {
    problems.push(...bodyProblems(text, source, path));
    for (const m of text.matchAll(CITATION)) {
      const id = m[1]!;
      cited.add(id);
      if (!sources[id])
        at(path, `the body cites [^${id}], which is not under \`sources:\`: add it there or correct the citation; ${unknownHint(id, Object.keys(sources))}.`);
    }
  }
  for (const id of Object.keys(sources)) {
    if (!cited.has(id)) at(['sources', id], `source \`${id}\` is never cited: cite it in the body as [^${id}] or remove it.`, 'warning');
  }

  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0 || !sender) throw new ValidationError(problems);
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
