import { join, resolve } from 'node:path';
import { emailTemplateProblems } from '../compose/compose-email.js';
import { composeLetter } from '../compose/compose-letter.js';
import { isTemplateFile, templateFileProblems } from '../compose/template-file-problems.js';
import { checkLetterFits } from '../pipeline/lay-out-letter.js';
import { readyToShape } from '../pipeline/ready-to-shape.js';
import { problemKey, sortProblems, userProblems, ValidationError, type Problem } from '../errors.js';
import { planCaseLetters } from '../plan/plan-case-letters.js';
import { detectKind, kindOfFolder } from '../input/detect-kind.js';
import { loadCampaign, type LoadedCampaign } from '../pipeline/load-campaign.js';
import { planCampaign } from '../pipeline/plan-campaign.js';
import { planCampaignLetter } from '../pipeline/plan-campaign-letter.js';
import { signatureWarnings } from '../pipeline/signature-resolution.js';
import { languageProblems, letterTextProblems } from '../plan/check-languages.js';
import { loadCase, type LoadedCase } from '../pipeline/load-case.js';
import { loadDirectoryFile } from '../input/load-directory.js';
import { loadSender } from '../input/load-sender.js';
import { problemAt, readYaml } from '../input/read-yaml.js';
import type { FileKind } from '../input/schemas.js';
import { releaseOptimiser, withOptimiserHeld } from './optimiser-held.js';
import { EXIT, printProblems, problemJson, shown, toJson, type Args, type Io } from './print.js';

export interface FileReport {
  file: string;
  /** A template (`.hbs`: a letter template, a partial, an e-mail cover note) or one of the four YAML kinds. */
  kind?: FileKind | 'template';
  ok: boolean;
  problems: Problem[];
}

/** A report as `letters validate --json` prints it: every key present, `null` where nothing is known. */
export function reportJson(report: FileReport, shown: (file: string) => string = (f) => f) {
  return {
    file: shown(report.file),
    kind: report.kind ?? null,
    ok: report.ok,
    problems: report.problems.map((p) => problemJson(p, shown)),
  };
}

/** Checks one file of any of the four kinds, with everything it references, and lists every problem. */
export async function validateFile(file: string): Promise<FileReport> {
  const path = resolve(file);
  if (isTemplateFile(path)) {
    const problems = templateFileProblems(path);
    sortProblems(problems, path);
    return { file: path, kind: 'template', ok: !problems.some((p) => p.severity === 'error'), problems };
  }
  // A plain list is read too: a directory file may be one (a list anywhere else is refused by its loader).
  const read = readYaml(path, { list: true });
  if (!read.ok) return { file: path, kind: kindOfFolder(path), ok: false, problems: read.problems };
  const kind = detectKind(path, read.source.data);
  // A list that is no directory file: the reader's own "must be a mapping" message says what to do.
  if (!kind && Array.isArray(read.source.data)) {
    const strict = readYaml(path);
    if (!strict.ok) return { file: path, ok: false, problems: strict.problems };
  }
  const problems = kind
    ? await check(kind, path)
    : [
        {
          file: path,
          path: '',
          severity: 'error' as const,
          message: 'cannot tell what kind of file this is: put it in cases/, senders/, directory/ or campaigns/.',
        },
      ];
  sortProblems(problems, path);
  return { file: path, kind, ok: !problems.some((p) => p.severity === 'error'), problems };
}

async function check(kind: FileKind, file: string): Promise<Problem[]> {
  switch (kind) {
    case 'case':
      try {
        const kase = loadCase(file);
        const missing = languageProblems(kase);
        return [...missing, ...(missing.length === 0 ? await composeProblems(kase) : []), ...kase.warnings];
      } catch (err) {
        if (err instanceof ValidationError) return err.problems;
        throw err;
      }
    case 'sender': {
      // Each signature as a letter signed by that signatory alone prints it: its largest size.
      const { sender, problems } = loadSender(file);
      return sender
        ? [
            ...problems,
            ...signatureWarnings(
              sender,
              sender.data.signatories.map((s) => s.id),
              1,
            ),
          ]
        : problems;
    }
    case 'directory':
      return loadDirectoryFile(file).problems;
    case 'campaign': {
      const campaign = loadCampaign(file);
      return campaign.problems.some((p) => p.severity === 'error') ? campaign.problems : [...campaign.problems, ...(await campaignComposeProblems(campaign))];
    }
  }
}

/**
 * What only filling in a campaign's letters finds, as `batch` would (a case's text with no version in
 * a sender's language, a salutation an official lacks): every letter is planned and composed, without
 * a PDF, and its letterhead and signatures measured against a page; each problem once, however many
 * letters it spoils.
 */
async function campaignComposeProblems(campaign: LoadedCampaign): Promise<Problem[]> {
  const problems = new Problems();
  // The sender entries whose language leaves texts without a version, each named once.
  const entries = new Map<number, string>();
  for (const item of planCampaign(campaign, join(campaign.workspace, 'out'))) {
    try {
      // Those of the campaign's own references are among its problems already.
      if (item.problems.length > 0) continue;
      const composed = problems.collect(campaign.file, () => {
        const { spec } = planCampaignLetter(item);
        // Every text without a version in the letter's language, not only the first that composing meets.
        const gaps = letterTextProblems(spec);
        if (gaps.length > 0) {
          entries.set(campaign.data!.senders.indexOf(item.entry), spec.language);
          throw new ValidationError(gaps);
        }
        return { spec, doc: composeLetter(spec) };
      });
      if (!composed) continue;
      // Letter by letter, so a day of thousands of letters holds one composed letter at a time.
      await readyToShape(composed.doc);
      problems.collect(campaign.file, () => {
        checkLetterFits(composed.spec, composed.doc);
        problems.add(problems.coverNote(composed.spec.workspace, composed.spec.template, composed.spec.language));
      });
    } finally {
      // The first letter done, V8 may optimise for the others (optimiser-held.ts).
      releaseOptimiser();
    }
  }
  // Where the language comes from, so the reader knows which letters those gaps spoil and what else to change.
  for (const [j, language] of [...entries].sort(([a], [b]) => a - b)) {
    const entry = campaign.data!.senders[j]!;
    problems.list.push(
      problemAt(
        campaign.source!,
        ['senders', j, entry.language !== undefined ? 'language' : 'sender'],
        `the letters of sender \`${entry.sender}\` are in \`${language}\`${entry.language !== undefined ? '' : ' (its own language)'}, and texts they need have no \`${language}\` version (each listed at its place): add them, or give this entry a \`language:\` they have.`,
      ),
    );
  }
  return problems.list;
}

/** Problems found letter by letter, each kept once: ValidationError's and UserError's; anything else is a bug. */
class Problems {
  readonly list: Problem[] = [];
  private readonly seen = new Set<string>();
  /** Each cover note's problems, read once however many letters take it: a broken one is not cached by the loader. */
  private readonly coverNotes = new Map<string, Problem[]>();
  coverNote(workspace: string, template: string, language: string): Problem[] {
    const key = [workspace, template, language].join('\u0000');
    let found = this.coverNotes.get(key);
    if (!found) this.coverNotes.set(key, (found = emailTemplateProblems(workspace, template, language)));
    return found;
  }
  /** What `work` gives, or undefined when it fails with problems of the input, which are kept. */
  collect<T>(file: string, work: () => T): T | undefined {
    try {
      return work();
    } catch (err) {
      const found = userProblems(err, file);
      if (!found) throw err;
      this.add(found);
      return undefined;
    }
  }
  add(found: Problem[]): void {
    for (const p of found) {
      const key = problemKey(p);
      if (!this.seen.has(key)) this.list.push(p);
      this.seen.add(key);
    }
  }
}

/**
 * What only filling in the letters finds (a helper given the wrong kind of value, a body that reads a
 * timeline entry the case does not have): every letter of the case is composed, without a PDF, and
 * its letterhead and signatures measured against a page.
 */
async function composeProblems(kase: LoadedCase): Promise<Problem[]> {
  const problems = new Problems();
  for (const spec of problems.collect(kase.file, () => planCaseLetters(kase)) ?? []) {
    try {
      const doc = problems.collect(kase.file, () => composeLetter(spec));
      // The cover note its e-mail would take with --eml.
      problems.add(problems.coverNote(spec.workspace, spec.template, spec.language));
      if (!doc) continue;
      await readyToShape(doc);
      problems.collect(kase.file, () => checkLetterFits(spec, doc));
    } finally {
      // The first letter done, V8 may optimise for the others (optimiser-held.ts).
      releaseOptimiser();
    }
  }
  return problems.list;
}

/** The `letters validate` handler: options in, results printed, the exit code out. */
export async function validateCommand(io: Io, args: Args): Promise<number> {
  const reports: FileReport[] = [];
  // Held for the first file, until its first letter is composed (optimiser-held.ts): a file checked
  // on each save is a new process each time.
  await withOptimiserHeld(async () => {
    for (const file of args.files as string[]) {
      reports.push(await validateFile(file));
      releaseOptimiser();
    }
  });
  const json = reports.map((r) => reportJson(r, (f) => shown(f, io.cwd)));
  if (args.json) io.stdout(`${toJson(json)}\n`);
  for (const r of reports) {
    printProblems(io, r.problems, io.cwd);
    if (!args.json) {
      const errors = r.problems.filter((p) => p.severity === 'error').length;
      const warnings = r.problems.length - errors;
      const counts = [errors ? `${errors} error${errors > 1 ? 's' : ''}` : '', warnings ? `${warnings} warning${warnings > 1 ? 's' : ''}` : '']
        .filter(Boolean)
        .join(', ');
      io.stdout(`${shown(r.file, io.cwd)}: ${r.ok ? 'ok' : 'invalid'}${r.kind ? ` (${r.kind})` : ''}${counts ? `, ${counts}` : ''}\n`);
    }
  }
  return reports.every((r) => r.ok) ? EXIT.ok : EXIT.badInput;
}
