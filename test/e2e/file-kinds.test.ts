import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compact, pdfWords, previewWords } from '../helpers/pdf-text.js';
import { ROOT, runCli, sampleWorkspace } from '../helpers/run-cli.js';

const CAMPAIGN = join('campaigns', 'kazakhstan-day-2020.yaml');

interface PreviewJson {
  id: string;
  case: string;
  sender: string;
  official: string;
  path: string;
  language: string;
  status: string;
  pages: number;
  text: string;
}

describe('letters preview of a campaign', () => {
  it('shows the letters batch writes, in its order, with the same words as their PDFs', async () => {
    const ws = sampleWorkspace();
    const batch = runCli(['batch', CAMPAIGN, '--jobs', '1', '--quiet'], { cwd: ws });
    expect(batch.code, batch.stderr).toBe(0);
    const run = runCli(['preview', CAMPAIGN, '--json'], { cwd: ws });
    expect(run.code, run.stderr).toBe(0);
    const letters = JSON.parse(run.stdout) as PreviewJson[];
    const rows = JSON.parse(readFileSync(join(ws, 'out', 'kazakhstan-day-2020', 'manifest.json'), 'utf8')) as {
      file: string;
      language: string;
      pages: number;
    }[];
    expect(letters.map((l) => [`${l.id}.pdf`, l.language, l.pages])).toEqual(rows.map((r) => [r.file, r.language, r.pages]));
    for (const l of letters) {
      expect(l.path).toBe(join('out', 'kazakhstan-day-2020', `${l.id}.pdf`));
      const pdf = readFileSync(join(ws, l.path));
      expect(compact(previewWords(l.text)), l.id).toBe(compact(await pdfWords(pdf)));
    }
  });

  it('picks letters with --sender, --case and --official, each repeatable', () => {
    const one = runCli(['preview', CAMPAIGN, '--sender', 'fse-exemple', '--official', 'kz-president']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).not.toMatch(/^===/m);
    // French sets a no-break space before ":" and between the day and the month.
    expect(one.stdout).toContain('Par l’intermédiaire de l’Ambassade du Kazakhstan en France\u00a0:');
    expect(one.stdout).toContain('Paris, le 23\u00a0mars 2020');
    const some = runCli(['preview', CAMPAIGN, '--json', '--sender', 'ituc', '--sender', 'example-es-energia', '--case', 'erlan-baltabay']);
    expect(some.code, some.stderr).toBe(0);
    expect((JSON.parse(some.stdout) as PreviewJson[]).map((l) => l.id)).toEqual([
      'ituc/erlan-baltabay/kz-president',
      'ituc/erlan-baltabay/kz-prosecutor-general',
      'example-es-energia/erlan-baltabay/kz-president',
      'example-es-energia/erlan-baltabay/kz-prosecutor-general',
    ]);
  });

  it('names the ids a campaign has when asked for one it has not (exit 1), and refuses --recipient (exit 2)', () => {
    const unknown = runCli(['preview', CAMPAIGN, '--official', 'kz-presdent']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no official `kz-presdent` in campaigns/kazakhstan-day-2020.yaml: its officials are kz-president, kz-prosecutor-general.');
    const recipient = runCli(['preview', CAMPAIGN, '--recipient', 'tokayev']);
    expect(recipient.code).toBe(2);
    expect(recipient.stderr).toMatch(/--recipient picks a letter of a case; for a campaign use --sender, --case or --official/);
    const onCase = runCli(['preview', 'cases/erlan-baltabay.yaml', '--sender', 'ituc']);
    expect(onCase.code).toBe(2);
    expect(onCase.stderr).toMatch(/pick letters of a campaign; for a case use --recipient/);
  });
});

describe('a file of the wrong kind', () => {
  it('validate of a campaign finds, once each, the problems that would fail its letters in batch', () => {
    const ws = sampleWorkspace();
    expect(runCli(['validate', CAMPAIGN], { cwd: ws }).code).toBe(0);
    // The ITUC writes in Portuguese this day, which the case's texts do not have.
    const file = join(ws, CAMPAIGN);
    writeFileSync(file, readFileSync(file, 'utf8').replace('{sender: ituc, country: Belgium}', '{sender: ituc, country: Belgium, language: pt}'));
    const run = runCli(['validate', CAMPAIGN], { cwd: ws });
    expect(run.code).toBe(1);
    // Every gap at once, each once however many letters it spoils (it was the first gap alone: a fix and
    // a run per text), and the campaign's entry that asks for the language.
    const missing = run.stderr.split('\n').filter((l) => /no Portuguese \(`pt`\) text/.test(l));
    expect(missing[0]).toMatch(/^cases\/erlan-baltabay\.yaml:\d+:\d+: error: people\[0\]\.role: no Portuguese/);
    expect(missing.map((l) => l.replace(/^.*error: ([^:]+):.*$/, '$1'))).toEqual(
      expect.arrayContaining(['people[0].role', 'timeline[0].event', 'demands[0]', 'body', 'signatories[0].title']),
    );
    expect(new Set(missing).size).toBe(missing.length);
    expect(run.stderr).toMatch(
      /campaigns\/kazakhstan-day-2020\.yaml:\d+:\d+: error: senders\[0\]\.language: the letters of sender `ituc` are in `pt`, and texts they need have no `pt` version \(each listed at its place\)/,
    );
    const batch = runCli(['batch', CAMPAIGN, '--jobs', '1', '--quiet'], { cwd: ws });
    expect(batch.stderr).toContain(missing[0]!.replace(/^error: /, ''));
  });

  it('batch on a case says to use generate (exit 2) and writes nothing', () => {
    const ws = sampleWorkspace();
    const run = runCli(['batch', 'cases/erlan-baltabay.yaml'], { cwd: ws });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: cases/erlan-baltabay.yaml is a case file, but `letters batch` takes a campaign file: to write its letters, run: letters generate cases/erlan-baltabay.yaml\n',
    );
    expect(existsSync(join(ws, 'out'))).toBe(false);
  });

  it('generate on a campaign says to use batch (exit 2) and writes nothing', () => {
    const ws = sampleWorkspace();
    const run = runCli(['generate', CAMPAIGN], { cwd: ws });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: campaigns/kazakhstan-day-2020.yaml is a campaign file, but `letters generate` takes a case file: to write its letters, run: letters batch campaigns/kazakhstan-day-2020.yaml\n',
    );
    expect(existsSync(join(ws, 'out'))).toBe(false);
  });

  it('preview on a sender or a directory file says what it takes (exit 2)', () => {
    for (const file of ['senders/ituc.yaml', 'directory/officials.yaml']) {
      const run = runCli(['preview', file]);
      expect(run.code, file).toBe(2);
      expect(run.stderr).toMatch(/is a (sender|directory) file, but `letters preview` takes a case file or a campaign file/);
    }
  });

  // README: "Each command takes the kind of file it is for, and names the right command for another kind (exit code 2)".
  // generate, preview and batch read a template as YAML ("unknown YAML tag `!--`"), send a campaign as a manifest
  // ("the manifest is not valid JSON … Run the batch again").
  it('generate, preview and batch on a template say how a template is used and checked (exit 2)', () => {
    for (const command of ['generate', 'preview', 'batch']) {
      const run = runCli([command, 'templates/appeal/en.hbs']);
      expect(run.code, command).toBe(2);
      expect(run.stderr).toMatch(
        new RegExp(
          `^error: templates/appeal/en\\.hbs is a template file, but \`letters ${command}\` takes a (case|campaign) file.*: a case names its template in \`letter\\.template\`.*check it with: letters validate templates/appeal/en\\.hbs\n$`,
        ),
      );
    }
  });

  // README: messages show a file name's control characters as escapes; the wrong-kind message printed them raw.
  it('names a file of the wrong kind with its control characters escaped', () => {
    const ws = sampleWorkspace();
    const name = 'campaigns/evil\x1b[2K.yaml';
    copyFileSync(join(ws, CAMPAIGN), join(ws, name));
    for (const command of ['generate', 'send']) {
      const run = runCli([command, name], { cwd: ws });
      expect(run.code, command).toBe(2);
      expect(run.stderr).toContain('error: campaigns/evil\\x1b[2K.yaml is a campaign file');
      expect(run.stderr).not.toContain('\x1b');
    }
  });

  it('send on a campaign file says to batch it with --eml and send its folder (exit 2); on a case, what it takes', () => {
    const ws = sampleWorkspace();
    const run = runCli(['send', CAMPAIGN], { cwd: ws });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: campaigns/kazakhstan-day-2020.yaml is a campaign file, but `letters send` takes the folder a `letters batch … --eml` run wrote, or its manifest.json: to send its letters, run: letters batch campaigns/kazakhstan-day-2020.yaml --eml, then: letters send out/kazakhstan-day-2020\n',
    );
    const kase = runCli(['send', 'cases/erlan-baltabay.yaml'], { cwd: ws });
    expect(kase.code).toBe(2);
    expect(kase.stderr).toMatch(/^error: cases\/erlan-baltabay\.yaml is a case file, but `letters send` takes the folder/);
    expect(existsSync(join(ws, 'out'))).toBe(false);
  });
});

describe('letters --version', () => {
  it("prints the package's version", () => {
    const run = runCli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });
});
