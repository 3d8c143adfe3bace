import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sortProblems, ValidationError, type Problem } from '../errors.js';
import { findTemplateDir } from '../input/find-template.js';
import { CITATION } from '../compose/number-footnotes.js';
import { bodyProblems } from '../compose/render-body.js';
import { findWorkspace } from '../input/find-workspace.js';
import { idFileNameProblem } from '../input/id-file-name.js';
import { loadDirectory, type Directory } from '../input/load-directory.js';
import { linkedOutside } from '../input/linked-outside.js';
import { loadFile } from '../input/load-file.js';
import { loadSender, senderPath, type LoadedSender } from '../input/load-sender.js';
import { ccProblems } from '../plan/delivery-addresses.js';
import { noSalutation } from '../plan/plan-case-letters.js';
import { problemAt, readYaml, type SourceFile } from '../input/read-yaml.js';
import { repeatedEntries } from '../input/repeated-entries.js';
import { cutAtMax, MAX_PROBLEMS, moreProblems } from '../input/validate-data.js';
import { signatureWarnings } from './signature-resolution.js';
import { hintsOnBudget, unknownHint } from './unknown-hint.js';
import type { CaseContent, LoadedCase } from '../input/loaded-case.js';
import { CaseFile, ID_PATTERN, type CaseData } from '../input/schemas.js';

export type { CaseContent, LoadedCase };

/** Lists the ids of a workspace folder's YAML files, for "did you mean" hints. */
export function idsIn(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => f.slice(0, -5))
    : [];
}

/**
 * Reads a case's own content (schema, template, body, sources, timeline) without loading its own
 * sender or its recipients, so a broken own sender or an unknown recipient spoils none of the letters
 * a campaign writes from the case; throws one ValidationError listing every problem of the file.
 */
export function loadCaseContent(file: string): CaseContent {
  const { source, value, workspace, problems } = readCaseContent(file);
  sortProblems(problems, source.file);
  if (!value || problems.some((p) => p.severity === 'error')) throw new ValidationError(problems);
  return contentOf(source, value, workspace, problems);
}

/**
 * Reads a case and everything it names (its sender, directory entries, template), and checks every
 * reference; throws one ValidationError listing all problems of all those files. References are
 * checked even when the case has schema errors, so one run shows every problem.
 */
export function loadCase(file: string): LoadedCase {
  const { source, value, workspace, problems } = readCaseContent(file);
  const refs = checkReferences(source, value ?? (source.data as Loose), workspace);
  // Thousands of recipients may each name an unknown official, or one already named: 200 are listed,
  // the rest counted, as the schema's problems are (the body's are cut on their own, in checkContent).
  problems.push(...cutAtMax(refs.problems, source.file));
  // Letter problems spoil one letter each, so alone they do not stop the case; listed with the others.
  const fatal = problems.some((p) => p.severity === 'error');
  problems.push(...cutAtMax(refs.letterProblems, source.file));
  sortProblems(problems, source.file);
  if (fatal || !refs.sender || !value) throw new ValidationError(problems);
  return {
    ...contentOf(source, value, workspace, problems),
    sender: refs.sender,
    directory: refs.directory,
    letterProblems: refs.letterProblems,
  };
}

/**
 * The language of a case's plain texts: `letter.language`, else its own sender's. A broken sender
 * file still gives its `language` when that can be read from the YAML; without one, English.
 */
export function caseLanguage(letter: { language?: unknown; sender?: unknown }, workspace: string): string {
  if (typeof letter.language === 'string') return letter.language;
  const id = letter.sender;
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) return 'en';
  const file = senderPath(workspace, id);
  const sender = loadSender(file).sender;
  if (sender) return sender.data.language;
  const read = existsSync(file) && !linkedOutside(workspace, file) ? readYaml(file) : undefined;
  const language = read?.ok ? obj(read.source.data).language : undefined;
  return typeof language === 'string' ? language : 'en';
}

function contentOf(source: SourceFile, data: CaseData, workspace: string, problems: Problem[]): CaseContent {
  return {
    file: source.file,
    workspace,
    source,
    data,
    language: caseLanguage(data.letter, workspace),
    warnings: problems.filter((p) => p.severity === 'warning'),
  };
}

/** The case file's own problems, unsorted; throws only when the file cannot be read at all. */
function readCaseContent(file: string): { source: SourceFile; value?: CaseData; workspace: string; problems: Problem[] } {
  const { source, value, problems } = loadFile(file, CaseFile);
  if (!source) throw new ValidationError(problems);
  const workspace = findWorkspace(source.file);
  problems.push(...checkContent(source, value ?? (source.data as Loose), workspace));
  return { source, value, workspace, problems };
}

/** A case as parsed, possibly failing its schema: every field is checked before use. */
type Loose = Record<string, unknown>;

const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const obj = (x: unknown): Loose => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Loose) : {});

/** The case's own sender, its signatories, and its recipients' directory entries. */
function checkReferences(
  source: SourceFile,
  data: Loose,
  workspace: string,
): { sender?: LoadedSender; directory: Directory; problems: Problem[]; letterProblems: Problem[] } {
  const problems: Problem[] = [];
  const letterProblems: Problem[] = [];
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
  problems.push(...repeatedSignatories(source, list(letter.signatories)));
  // Thousands of unknown signatories, recipients' officials or embassies: guessed on a budget (unknown-hint.ts).
  const hint = hintsOnBudget();
  if (sender) {
    const ids = sender.data.signatories.map((s) => s.id);
    list(letter.signatories).forEach((id, i) => {
      if (typeof id === 'string' && ID_PATTERN.test(id) && !ids.includes(id)) {
        at(['letter', 'signatories', i], `unknown signatory \`${id}\` of sender \`${sender.data.id}\`: ${hint(id, ids)}.`);
      }
    });
    // Measured in the box the case's letters print them in: side by side, several signatories' are smaller.
    // A case that names none is signed by the sender's first signatory (plan-case-letters.ts).
    const named = letter.signatories === undefined || letter.signatories === null ? ids.slice(0, 1) : list(letter.signatories);
    const signing = named.filter((id): id is string => typeof id === 'string' && ids.includes(id));
    problems.push(...signatureWarnings(sender, signing, signing.length));
  }

  const directory = loadDirectory(workspace);
  problems.push(...directory.problems);
  // Thousands of recipients may name unknown officials: the known ids are listed once.
  const officials = [...directory.officials.keys()];
  const embassies = [...directory.embassies.keys()];
  const seen = new Map<string, number>();
  list(data.recipients).forEach((entry, i) => {
    const r = obj(entry);
    const official = str(r.official);
    const entryOfOfficial = official !== undefined ? directory.officials.get(official) : undefined;
    // A directory file that cannot be read has its own problem: the ids it would hold are not named again.
    if (official !== undefined && ID_PATTERN.test(official) && !entryOfOfficial && directory.unread.length === 0) {
      at(
        ['recipients', i, 'official'],
        `unknown official \`${official}\`: not in ${join(workspace, 'directory', 'officials.yaml')}; ${hint(official, officials)}.`,
      );
    }
    if (entryOfOfficial && entryOfOfficial.data.salutation === undefined && r.salutation === undefined) {
      letterProblems.push(noSalutation(source, ['recipients', i], official));
    }
    const via = str(r.via);
    if (via !== undefined && ID_PATTERN.test(via) && !directory.embassies.has(via) && directory.unread.length === 0) {
      at(['recipients', i, 'via'], `unknown embassy \`${via}\`: not in ${join(workspace, 'directory', 'embassies.yaml')}; ${hint(via, embassies)}.`);
    }
    const id = str(r.id) ?? official;
    if (id !== undefined) {
      if (seen.has(id)) at(['recipients', i, 'id'], `recipient id \`${id}\` is also used by recipients[${seen.get(id)}]: each letter needs its own id.`);
      seen.set(id, i);
    }
  });
  return { sender, directory, problems, letterProblems };
}

/**
 * A signatory the case's letter lists twice (it would carry that signature twice). A problem of the
 * letters from the case's own sender, which alone its signatories sign: in a campaign, other senders'
 * letters from the case are written (plan-campaign-letter.ts checks them there).
 */
export function repeatedSignatories(source: SourceFile, signatories: readonly unknown[]): Problem[] {
  return repeatedEntries(signatories).map(({ index, first, id }) =>
    problemAt(
      source,
      ['letter', 'signatories', index],
      `\`${id}\` is listed twice (also letter.signatories[${first}]): the letter would carry that signature twice. Remove one.`,
    ),
  );
}

/** The checks of the case file itself: its template, its body templates, its citations and sources. */
function checkContent(source: SourceFile, data: Loose, workspace: string): Problem[] {
  const problems: Problem[] = [];
  const at = (path: (string | number)[], message: string, severity: Problem['severity'] = 'error') => problems.push(problemAt(source, path, message, severity));
  const letter = obj(data.letter);

  const id = str(data.id);
  const misnamed = id !== undefined && ID_PATTERN.test(id) ? idFileNameProblem(source, id) : undefined;
  if (misnamed) problems.push(misnamed);

  const template = letter.template === undefined ? 'appeal' : str(letter.template);
  if (template !== undefined && ID_PATTERN.test(template) && !findTemplateDir(workspace, template)) {
    at(['letter', 'template'], `unknown template \`${template}\`: no templates/${template}/ in ${workspace} nor built in (built in: appeal).`);
  }

  // The e-mail draft's check, made here so `validate` and every letter see it.
  problems.push(...ccProblems(source, list(letter.cc)));

  // Own keys only: `sources.constructor` must not find Object's constructor.
  const sources = obj(data.sources);
  const declared = (id: string) => Object.hasOwn(sources, id);
  // Thousands of timeline entries may cite unknown sources: listed once, guessed on a budget.
  const known = Object.keys(sources);
  const hint = hintsOnBudget();
  const cited = new Set<string>();
  list(data.timeline).forEach((entry, i) => {
    const id = str(obj(entry).source);
    if (id === undefined) return;
    cited.add(id);
    if (!declared(id)) {
      at(['timeline', i, 'source'], `unknown source \`${id}\`: add it under \`sources:\` or correct the id; ${hint(id, known)}.`);
    }
  });
  // Oldest first (docs/formats.md): the default body tells the facts in the timeline's order.
  let latest: { date: string; index: number } | undefined;
  list(data.timeline).forEach((entry, i) => {
    const date = str(obj(entry).date);
    if (date === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return;
    if (latest && date < latest.date) {
      at(
        ['timeline', i, 'date'],
        `${date} is before the date of timeline[${latest.index}] above it, ${latest.date}: the timeline lists facts oldest first, and letters tell them in its order. Move this entry up, or correct its date.`,
        'warning',
      );
    } else latest = { date, index: i };
  });
  const bodies: [string, (string | number)[]][] =
    typeof data.body === 'string'
      ? [[data.body, ['body']]]
      : Object.entries(obj(data.body)).flatMap(([lang, text]): [string, (string | number)[]][] => (typeof text === 'string' ? [[text, ['body', lang]]] : []));
  for (const [text, path] of bodies) {
    problems.push(...bodyProblems(text, source, path));
    // Placing a citation reads the body up to it: the first MAX_PROBLEMS are placed and listed, the
    // rest counted (80,000 `[^nope]` kept validate busy for minutes).
    const unknown: Problem[] = [];
    let hidden = 0;
    // A citation inside an HTML comment is not in the letter (markdown-to-blocks.ts commentRule).
    const comments = [...text.matchAll(/<!--[\s\S]*?-->/g)].map((c) => [c.index, c.index + c[0].length] as const);
    for (const m of text.matchAll(CITATION)) {
      if (comments.some(([from, to]) => m.index >= from && m.index < to)) continue;
      const id = m[1]!;
      // `[^{{source}}]` over the timeline: the id is known once the body is filled in, and checked then.
      if (id.includes('{{')) continue;
      cited.add(id);
      if (declared(id)) continue;
      if (unknown.length >= MAX_PROBLEMS) {
        hidden++;
        continue;
      }
      const problem = problemAt(
        source,
        path,
        `the body cites [^${id}], which is not under \`sources:\`: add it there or correct the citation; ${hint(id, known)}.`,
      );
      // At the citation itself where the file keeps its place findable.
      unknown.push({ ...problem, ...source.locateInValue(path, m.index) });
    }
    if (hidden > 0) unknown.push({ ...unknown.at(-1)!, message: moreProblems(hidden, 'in the body') });
    problems.push(...unknown);
  }
  for (const id of Object.keys(sources)) {
    if (!cited.has(id)) at(['sources', id], `source \`${id}\` is never cited: cite it in the body as [^${id}] or remove it.`, 'warning');
  }
  return problems;
}
