import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { problemKey, sortProblems, ValidationError, type Problem } from '../errors.js';
import { LABEL_LANGUAGES } from '../languages/labels.js';
import { findTemplateDir } from '../input/find-template.js';
import { findWorkspace } from '../input/find-workspace.js';
import { idsIn, loadCaseContent } from './load-case.js';
import { hintsOnBudget } from './unknown-hint.js';
import { loadDirectory } from '../input/load-directory.js';
import { linkedOutside } from '../input/linked-outside.js';
import { loadFile } from '../input/load-file.js';
import { loadSender, senderPath, type LoadedSender } from '../input/load-sender.js';
import { noSalutation } from '../plan/plan-case-letters.js';
import { problemAt, type SourceFile } from '../input/read-yaml.js';
import { repeatedEntries } from '../input/repeated-entries.js';
import { cutAtMax } from '../input/validate-data.js';
import { CampaignFile, type CampaignData, type CaseData } from '../input/schemas.js';
import { campaignEmbassy } from './campaign-embassy.js';
import { campaignSignatories } from './campaign-signatories.js';
import { signatureWarnings } from './signature-resolution.js';

/** One entry of a campaign list and what is wrong with it; its letters fail with these problems. */
export interface CampaignRef {
  id: string;
  file: string;
  problems: Problem[];
  /** Warnings of its file (a source never cited): its letters are written, and their manifest rows name these. */
  warnings?: Problem[];
}

export interface CampaignCaseRef extends CampaignRef {
  /** The state the case addresses (`country`), when the case loaded. */
  country?: string;
  /** The case's own template (`letter.template`), when the case loaded. */
  template?: string;
  /** The file of the case's own sender (`letter.sender`), which sets the language of its plain texts. */
  ownSenderFile?: string;
}

export interface CampaignSenderRef extends CampaignRef {
  /** The letters' language: the entry's, else the sender's, when known. */
  language?: string;
}

export interface LoadedCampaign {
  file: string;
  workspace: string;
  source?: SourceFile;
  data?: CampaignData;
  /** Every problem, of the campaign file and of the files it names: what `validate` reports. */
  problems: Problem[];
  /** Problems that spoil the whole campaign (a duplicate entry, an unknown template): no letter can be planned. */
  campaignProblems: Problem[];
  cases: CampaignCaseRef[];
  senders: CampaignSenderRef[];
  officials: CampaignRef[];
  /** The embassy of each (case, sender) pair, keyed `caseIndex/senderIndex`, or why there is none. */
  embassies: Map<string, { id?: string; problems: Problem[] }>;
  /** The signature images each (case, sender) pair's letters print blurred, keyed as `embassies`. */
  signatureWarnings: Map<string, Problem[]>;
  /** Every distinct warning among `problems`, in reading order: what `batch` prints once each. */
  warnings: Problem[];
}

/**
 * The letters one campaign may make. A batch keeps a little of each letter (its path, to refuse two
 * letters sharing one; its failure's cause, for the summary): 2,000 senders and 2,000 officials, a
 * file of 70 KB, made 4,000,000 letters, and the batch's thread ran out of memory. 100,000 letters
 * are some ten minutes of rendering at the bench's pace, ten times its largest day (bench/batch.ts).
 */
export const MAX_LETTERS = 100_000;

/**
 * Reads a campaign file and checks every reference in it: its cases exist in `cases/` and load, its
 * senders exist in `senders/` and load (signature images included), its signatories belong to their
 * sender, its officials are in the directory, and an embassy of each case's country is in each
 * sender's country. Each problem is located in the file at fault. Only a campaign file that cannot be
 * read or breaks the schema has no `data`; reference problems are attached to the entries they spoil,
 * so a batch can fail those letters and write the others.
 */
export function loadCampaign(file: string): LoadedCampaign {
  const { source, value, problems } = loadFile(file, CampaignFile);
  const workspace = findWorkspace(file);
  const result: LoadedCampaign = {
    file: source?.file ?? file,
    workspace,
    source,
    data: value,
    problems,
    campaignProblems: [],
    cases: [],
    senders: [],
    officials: [],
    embassies: new Map(),
    signatureWarnings: new Map(),
    warnings: [],
  };
  if (!source || !value) return result;
  const at = (path: (string | number)[], message: string): Problem => problemAt(source, path, message);
  const directory = loadDirectory(workspace);
  const directoryProblems = directory.problems.filter((p) => p.severity === 'error');
  const directoryWarnings = directory.problems.filter((p) => p.severity === 'warning');
  problems.push(...directory.problems);
  // A campaign of 1 MB may list 100,000 unknown ids: each list of known ids is read once, and the
  // guesses among them are made on a budget (unknown-hint.ts).
  const hint = hintsOnBudget();
  const once = <T>(get: () => T): (() => T) => {
    let value: T | undefined;
    return () => (value ??= get());
  };
  const knownCases = once(() => idsIn(join(workspace, 'cases')));
  const knownSenders = once(() => idsIn(join(workspace, 'senders')));
  const knownOfficials = once(() => [...directory.officials.keys()]);

  // What the signatures' warnings need: who signs depends on the case and the sender (campaign-signatories.ts).
  const letters: (CaseData['letter'] | undefined)[] = [];
  const senders: (LoadedSender | undefined)[] = [];
  result.cases = value.cases.map((id, i): CampaignCaseRef => {
    const caseFile = join(workspace, 'cases', `${id}.yaml`);
    if (!existsSync(caseFile)) {
      return {
        id,
        file: caseFile,
        problems: [at(['cases', i], `unknown case \`${id}\`: no ${caseFile}; ${hint(id, knownCases())}.`)],
      };
    }
    const outside = linkedOutside(workspace, caseFile);
    if (outside) return { id, file: caseFile, problems: [{ file: caseFile, path: '', message: outside, severity: 'error' }] };
    // The case's own content only: its own sender and recipients are not the campaign's letters.
    try {
      const kase = loadCaseContent(caseFile);
      letters[i] = kase.data.letter;
      return {
        id,
        file: caseFile,
        country: kase.data.country,
        template: kase.data.letter.template,
        ownSenderFile: senderPath(workspace, kase.data.letter.sender),
        problems: [],
        warnings: kase.warnings,
      };
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return { id, file: caseFile, problems: err.problems.filter((p) => p.severity === 'error') };
    }
  });

  result.senders = value.senders.map((entry, i): CampaignSenderRef => {
    const senderFile = senderPath(workspace, entry.sender);
    const own: Problem[] = [];
    if (!existsSync(senderFile)) {
      own.push(at(['senders', i, 'sender'], `unknown sender \`${entry.sender}\`: no ${senderFile}; ${hint(entry.sender, knownSenders())}.`));
      return { id: entry.sender, file: senderFile, problems: own };
    }
    const { sender, problems: senderProblems } = loadSender(senderFile);
    senders[i] = sender;
    own.push(...senderProblems.filter((p) => p.severity === 'error'));
    const language = entry.language ?? sender?.data.language;
    if (language !== undefined && !LABEL_LANGUAGES.includes(language.split('-')[0]!)) {
      own.push(
        at(
          entry.language !== undefined ? ['senders', i, 'language'] : ['senders', i, 'sender'],
          `letters in \`${language}\` cannot be written: labels and formulas exist in ${LABEL_LANGUAGES.join(', ')}. Give \`language:\` one of those.`,
        ),
      );
    }
    if (sender) {
      const ids = sender.data.signatories.map((s) => s.id);
      (entry.signatories ?? []).forEach((id, j) => {
        if (!ids.includes(id)) own.push(at(['senders', i, 'signatories', j], `unknown signatory \`${id}\` of sender \`${entry.sender}\`: ${hint(id, ids)}.`));
      });
    }
    for (const { index, first, id } of repeatedEntries(entry.signatories ?? [])) {
      own.push(
        at(
          ['senders', i, 'signatories', index],
          `\`${id}\` is listed twice (also senders[${i}].signatories[${first}]): the letters would carry that signature twice. Remove one.`,
        ),
      );
    }
    return { id: entry.sender, file: senderFile, language, problems: own, warnings: senderProblems.filter((p) => p.severity === 'warning') };
  });

  const officialsFile = join(workspace, 'directory', 'officials.yaml');
  result.officials = value.officials.map((id, i): CampaignRef => {
    const official = directory.officials.get(id);
    if (official) {
      // A campaign letter takes the official's salutation from the directory: without one, none can be written.
      const salutation = official.data.salutation === undefined ? [noSalutation(official.source, official.path, id)] : [];
      return { id, file: officialsFile, problems: [...directoryProblems, ...salutation], warnings: directoryWarnings };
    }
    return {
      id,
      file: officialsFile,
      // A directory file that cannot be read has its own problem: the ids it would hold are not named again.
      problems:
        directory.unread.length > 0 && directoryProblems.length > 0
          ? directoryProblems
          : [...directoryProblems, at(['officials', i], `unknown official \`${id}\`: not in ${officialsFile}; ${hint(id, knownOfficials())}.`)],
    };
  });

  const embassiesFile = join(workspace, 'directory', 'embassies.yaml');
  const countries = result.cases.flatMap((c) => (c.country === undefined ? [] : [{ id: c.id, country: c.country }]));
  result.cases.forEach((c, i) => {
    if (c.country === undefined) return;
    value.senders.forEach((entry, j) => {
      const choice = campaignEmbassy(directory, embassiesFile, entry, j, c.id, c.country!, countries, hint);
      result.embassies.set(`${i}/${j}`, 'embassy' in choice ? { id: choice.embassy.data.id, problems: [] } : { problems: [at(choice.path, choice.message)] });
    });
  });

  // Measured in the box the pair's letters print them in: side by side, several signatories' are smaller.
  letters.forEach((letter, i) => {
    if (!letter) return;
    value.senders.forEach((entry, j) => {
      const sender = senders[j];
      if (!sender) return;
      const { ids } = campaignSignatories(letter, sender.data, entry);
      const warnings = signatureWarnings(sender, ids, ids.length);
      if (warnings.length > 0) result.signatureWarnings.set(`${i}/${j}`, warnings);
    });
  });

  // Shared problems (a broken directory file, a sender's blurred signature) reach several entries but are reported once.
  const seen = new Set(problems.map(problemKey));
  const refs: { problems: Problem[]; warnings?: Problem[] }[] = [...result.cases, ...result.senders, ...result.officials, ...result.embassies.values()];
  const found = [...refs.flatMap((ref) => [...ref.problems, ...(ref.warnings ?? [])]), ...[...result.signatureWarnings.values()].flat()];
  for (const p of found) {
    const key = problemKey(p);
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(p);
  }
  checkDuplicates(value, source, result.campaignProblems);
  const size = checkSize(value, source);
  result.campaignProblems.push(...size);
  const template = value.template;
  if (template !== undefined && !findTemplateDir(workspace, template)) {
    result.campaignProblems.push(
      at(['template'], `unknown template \`${template}\`: no templates/${template}/ in ${workspace} nor built in (built in: appeal).`),
    );
  }
  problems.push(...result.campaignProblems);
  // A campaign of 1 MB may list 100,000 unknown or repeated ids: validate listed each (7.9 MB for
  // 20,000 unknown officials). The entries keep their own, so each letter still fails with its reason.
  result.problems = cutAtMax(problems, result.file, size);
  result.campaignProblems = cutAtMax(result.campaignProblems, result.file, size);
  result.warnings = result.problems.filter((p) => p.severity === 'warning');
  sortProblems(result.warnings, result.file);
  return result;
}

/** A campaign of more than MAX_LETTERS letters is refused before any is planned: its problem, if so. */
function checkSize(value: CampaignData, source: SourceFile): Problem[] {
  // As plan-campaign.ts's countLetters counts them (which imports this module).
  const letters = value.cases.length * value.senders.length * value.officials.length;
  if (letters <= MAX_LETTERS) return [];
  const count = (n: number, what: string) => `${n.toLocaleString('en')} ${what}${n === 1 ? '' : 's'}`;
  const product = [count(value.senders.length, 'sender'), count(value.cases.length, 'case'), count(value.officials.length, 'official')].join(' × ');
  // At the key, and without the list as its value (problemAt's), which --json would print whole.
  const at = source.locate(['senders'], true);
  return [
    {
      file: source.file,
      line: at?.line,
      column: at?.column,
      path: 'senders',
      message: `this campaign makes ${letters.toLocaleString('en')} letters (${product}), more than the ${MAX_LETTERS.toLocaleString('en')} one campaign may make: split it into several campaign files, each with some of the senders, cases or officials.`,
      severity: 'error',
    },
  ];
}

/** The same case, sender or official twice would write the same file twice. */
function checkDuplicates(value: CampaignData, source: SourceFile, problems: Problem[]): void {
  const lists: [string, string[]][] = [
    ['cases', value.cases],
    ['officials', value.officials],
    ['senders', value.senders.map((s) => s.sender)],
  ];
  for (const [field, ids] of lists) {
    for (const { index, first, id } of repeatedEntries(ids)) {
      const path = field === 'senders' ? [field, index, 'sender'] : [field, index];
      problems.push(problemAt(source, path, `\`${id}\` is listed twice (also ${field}[${first}]): each would write the same letters. Remove one.`));
    }
  }
}
