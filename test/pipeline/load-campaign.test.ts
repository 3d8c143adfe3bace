import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_PROBLEMS } from '../../src/input/validate-data.js';
import { loadCampaign, MAX_LETTERS } from '../../src/pipeline/load-campaign.js';
import { runCli } from '../helpers/run-cli.js';
import { batchWorkspace } from '../batch/helpers.js';

const BAD = `id: bad-day
date: 2020-03-23
cases: [case-one, case-too]
officials: [official-a, officail-b]
senders:
  - {sender: good-en, country: Belgium, signatories: [thrid]}
  - {sender: good-fx, country: France}
  - {sender: good-fr, country: Portugal}
`;

/** Writes `campaigns/<id>.yaml` into `ws`: a day of case-one to official-a from `senders`; its path. */
function writeDay(ws: string, id: string, senders: string[]): string {
  const file = join(ws, 'campaigns', `${id}.yaml`);
  writeFileSync(file, `id: ${id}\ndate: 2020-03-23\ncases: [case-one]\nofficials: [official-a]\nsenders:\n${senders.map((s) => `  - ${s}\n`).join('')}`);
  return file;
}

/** The batch fixture workspace with `campaigns/<id>.yaml` of a day of case-one to official-a from `senders`, loaded. */
function campaignOf(id: string, senders: string[]) {
  const ws = batchWorkspace();
  return { ws, campaign: loadCampaign(writeDay(ws, id, senders)) };
}

/** The batch fixture workspace with `text` replaced by `by` in its file `path`. */
function editedWorkspace(path: string, text: string, by: string): string {
  const ws = batchWorkspace();
  const file = join(ws, path);
  writeFileSync(file, readFileSync(file, 'utf8').replace(text, by));
  return ws;
}

describe('loadCampaign', () => {
  it('checks every reference and locates each problem in the file at fault', () => {
    const ws = batchWorkspace();
    const file = join(ws, 'campaigns', 'bad-day.yaml');
    writeFileSync(file, BAD);
    const campaign = loadCampaign(file);
    const lines = campaign.problems.map((p) => `${p.file.slice(ws.length + 1)}:${p.line}:${p.column} ${p.path}: ${p.message}`);
    expect(lines).toEqual([
      expect.stringMatching(/^campaigns\/bad-day\.yaml:3:19 cases\[1\]: unknown case `case-too`: no .*cases\/case-too\.yaml; did you mean `case-one`\?/),
      expect.stringMatching(
        /^campaigns\/bad-day\.yaml:6:55 senders\[0\]\.signatories\[0\]: unknown signatory `thrid` of sender `good-en`: did you mean `first`\?/,
      ),
      expect.stringMatching(/^campaigns\/bad-day\.yaml:7:14 senders\[1\]\.sender: unknown sender `good-fx`: .*did you mean `good-fr`\?/),
      expect.stringMatching(/^campaigns\/bad-day\.yaml:4:25 officials\[1\]: unknown official `officail-b`: .*did you mean `official-b`\?/),
      expect.stringMatching(/^campaigns\/bad-day\.yaml:8:32 senders\[2\]\.country: no embassy of Kazakhstan in Portugal \(case `case-one`, sender `good-fr`\)/),
    ]);
    // Each problem spoils only the letters of its entry.
    expect(campaign.cases.map((c) => c.problems.length)).toEqual([0, 1]);
    expect(campaign.senders.map((s) => s.problems.length)).toEqual([1, 1, 0]);
    expect(campaign.officials.map((o) => o.problems.length)).toEqual([0, 1]);
    expect(campaign.embassies.get('0/0')).toEqual({ id: 'kz-in-belgium', problems: [] });
    expect(campaign.embassies.get('0/2')!.problems).toHaveLength(1);
    expect(campaign.campaignProblems).toEqual([]);
  });

  // Found by fuzzing: an empty officials.yaml gave its own problem, then "unknown official … none exist
  // yet" for each official of the campaign.
  it('names a directory file that cannot be read, not each official it would have held', () => {
    const ws = batchWorkspace();
    writeFileSync(join(ws, 'directory', 'officials.yaml'), '');
    const campaign = loadCampaign(writeDay(ws, 'day', ['{sender: good-en, country: Belgium}']));
    const messages = campaign.problems.map((p) => p.message);
    expect(messages.filter((m) => /unknown official/.test(m))).toEqual([]);
    expect(messages).toContainEqual(expect.stringMatching(/^the file is empty/));
    // Its letters still fail, with the directory's reason.
    expect(campaign.officials[0]!.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^the file is empty/)]);
  });

  it('reports a sender listed twice as a problem of the whole campaign', () => {
    const { ws, campaign } = campaignOf('twice', ['{sender: good-en, country: Belgium}', '{sender: good-en, country: France}']);
    expect(campaign.campaignProblems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      expect.stringMatching(/^7:14 `good-en` is listed twice \(also senders\[0\]\)/),
    ]);
    const run = runCli(['batch', 'campaigns/twice.yaml'], { cwd: ws });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('nothing was written');
  });

  // Signed twice by one person: the letters carried the same signature and name twice, and validate said ok.
  it("refuses a signatory listed twice in a sender entry, failing that entry's letters only", () => {
    const { campaign } = campaignOf('signed-twice', ['{sender: good-en, country: Belgium, signatories: [first, first]}', '{sender: good-fr, country: France}']);
    expect(campaign.problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      '6:62 senders[0].signatories[1]: `first` is listed twice (also senders[0].signatories[0]): the letters would carry that signature twice. Remove one.',
    ]);
    expect(campaign.senders.map((s) => s.problems.length)).toEqual([1, 0]);
    expect(campaign.campaignProblems).toEqual([]);
  });

  // A case's own signatories sign only the letters from its own sender: listed twice there, they spoiled every sender's letters.
  it("refuses a signatory listed twice in a case's letter, failing only its own sender's letters", () => {
    const ws = editedWorkspace('cases/case-one.yaml', 'signatories: [second]', 'signatories: [second, second]');
    writeDay(ws, 'case-twice', ['{sender: good-en, country: Belgium}', '{sender: good-fr, country: France}']);
    const run = runCli(['batch', 'campaigns/case-twice.yaml', '--json', '--quiet'], { cwd: ws });
    const summary = JSON.parse(run.stdout) as { written: number; failed: number; failures: { cause: string; letters: string[] }[] };
    expect([summary.written, summary.failed]).toEqual([1, 1]);
    expect(summary.failures[0]!.cause).toMatch(/cases\/case-one\.yaml:\d+:\d+: error: letter\.signatories\[1\]: `second` is listed twice/);
    expect(summary.failures[0]!.letters).toEqual(['good-en/case-one/official-a.pdf']);
    // generate and validate of the case still refuse it.
    expect(runCli(['validate', 'cases/case-one.yaml'], { cwd: ws }).stderr).toContain('`second` is listed twice');
  });

  // The case's own sender is the file its letter.sender names, as generate reads it, whatever id that file gives itself.
  it("takes a case's signatories for letters from its own sender's file, even one whose id differs from its name", () => {
    const ws = editedWorkspace('senders/good-en.yaml', 'id: good-en', 'id: good-english');
    writeDay(ws, 'own', ['{sender: good-en, country: Belgium}']);
    const campaign = runCli(['preview', 'campaigns/own.yaml'], { cwd: ws });
    const single = runCli(['preview', 'cases/case-one.yaml'], { cwd: ws });
    for (const run of [campaign, single]) {
      expect(run.stdout).toContain('Second Signer');
      expect(run.stdout).not.toContain('Good English Union Signer');
    }
  });

  describe("two embassies of the case's state in a sender's country (an embassy and a consulate)", () => {
    /** The batch workspace with a consulate of Kazakhstan in Belgium after the embassy, and a campaign of `senders`. */
    function withConsulate(senders: string[]) {
      const ws = batchWorkspace();
      appendFileSync(
        join(ws, 'directory', 'embassies.yaml'),
        '  - {id: kz-consulate-antwerp, of: Kazakhstan, in: belgium, name: Consulate of Kazakhstan in Antwerp, emails: [antwerp@example.org]}\n' +
          '  - {id: ir-in-germany, of: Iran, in: Germany, name: Embassy of Iran in Germany, emails: [ir@example.org]}\n',
      );
      return { ws, campaign: loadCampaign(writeDay(ws, 'two', senders)) };
    }

    it('are not chosen between silently: the sender entry is refused, naming both entries and the fix', () => {
      const { ws, campaign } = withConsulate(['{sender: good-en, country: Belgium}', '{sender: good-fr, country: France}']);
      const lines = campaign.problems.map((p) => `${p.file.slice(ws.length + 1)}:${p.line}:${p.column} ${p.path}: ${p.message}`);
      expect(lines).toEqual([
        'campaigns/two.yaml:6:32 senders[0].country: 2 embassies of Kazakhstan in Belgium (case `case-one`, sender `good-en`): `kz-in-belgium` (directory/embassies.yaml:3) and `kz-consulate-antwerp` (directory/embassies.yaml:6). Say which one the letters go via: add `embassy: kz-in-belgium` (or `embassy: kz-consulate-antwerp`) to this sender entry.'.replace(
          /directory\//g,
          `${ws}/directory/`,
        ),
      ]);
      expect(campaign.embassies.get('0/0')!.problems).toHaveLength(1);
      expect(campaign.embassies.get('0/1')).toEqual({ id: 'kz-in-france', problems: [] });
      const run = runCli(['validate', 'campaigns/two.yaml'], { cwd: ws });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('senders[0].country: 2 embassies of Kazakhstan in Belgium');
    });

    it("the entry's `embassy` says which one its letters go via", () => {
      const { ws, campaign } = withConsulate(['{sender: good-en, country: Belgium, embassy: kz-consulate-antwerp}']);
      expect(campaign.problems).toEqual([]);
      expect(campaign.embassies.get('0/0')).toEqual({ id: 'kz-consulate-antwerp', problems: [] });
      const run = runCli(['batch', 'campaigns/two.yaml', '--json'], { cwd: ws });
      expect(run.code, run.stderr).toBe(0);
      const [row] = JSON.parse(readFileSync(join(ws, 'out', 'two', 'manifest.json'), 'utf8')) as { embassy: string; emails: string[] }[];
      expect(row).toMatchObject({ embassy: 'kz-consulate-antwerp', emails: ['antwerp@example.org', 'alpha@example.org'] });
    });

    it("an `embassy` that is unknown, in another country or of no case's state is refused at its place", () => {
      const { campaign } = withConsulate([
        '{sender: good-en, country: Belgium, embassy: kz-in-belgum}',
        '{sender: good-fr, country: France, embassy: kz-in-belgium}',
        '{sender: speaks-german, country: Germany, embassy: ir-in-germany}',
      ]);
      expect(campaign.problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
        expect.stringMatching(/^6:50 senders\[0\]\.embassy: unknown embassy `kz-in-belgum`: not in .*embassies\.yaml; did you mean `kz-in-belgium`\?/),
        '7:49 senders[1].embassy: embassy `kz-in-belgium` is in Belgium, but this sender writes from France: name an embassy in France, or correct `country`.',
        '8:56 senders[2].embassy: embassy `ir-in-germany` is of Iran, but no case of this campaign concerns Iran (`case-one` concerns Kazakhstan): name the embassy of Kazakhstan in Germany, or remove `embassy`.',
      ]);
      expect([0, 1, 2].map((j) => campaign.embassies.get(`0/${j}`)!.problems.length)).toEqual([1, 1, 1]);
    });
  });

  // One `embassy` could choose for one state only: a campaign about Kazakhstan and Iran, with two of each in Belgium, had no valid file.
  it('takes a list of embassies, one a state, for a campaign whose cases concern several states', () => {
    const ws = batchWorkspace();
    const caseOne = readFileSync(join(ws, 'cases', 'case-one.yaml'), 'utf8');
    writeFileSync(join(ws, 'cases', 'case-two.yaml'), caseOne.replace('id: case-one', 'id: case-two').replace('country: Kazakhstan', 'country: Iran'));
    appendFileSync(
      join(ws, 'directory', 'embassies.yaml'),
      ['kz-consulate-antwerp, of: Kazakhstan', 'ir-in-belgium, of: Iran', 'ir-consulate-liege, of: Iran']
        .map((e) => `  - {id: ${e}, in: Belgium, name: ${e.split(',')[0]}, emails: [${e.split(',')[0]}@example.org]}\n`)
        .join(''),
    );
    const day = (embassy: string) => {
      const file = join(ws, 'campaigns', 'states.yaml');
      writeFileSync(
        file,
        `id: states\ndate: 2020-03-23\ncases: [case-one, case-two]\nofficials: [official-a]\nsenders:\n  - {sender: good-en, country: Belgium, embassy: ${embassy}}\n`,
      );
      return loadCampaign(file);
    };
    const both = day('[kz-consulate-antwerp, ir-consulate-liege]');
    expect(both.problems).toEqual([]);
    expect([both.embassies.get('0/0')!.id, both.embassies.get('1/0')!.id]).toEqual(['kz-consulate-antwerp', 'ir-consulate-liege']);
    // One state chosen: the other's cases fail, told to list its embassy beside the first.
    const one = day('kz-consulate-antwerp');
    expect(one.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      expect.stringMatching(
        /^senders\[0\]\.country: 2 embassies of Iran in Belgium \(case `case-two`, sender `good-en`\): .* list it beside the entry's own: `embassy: \[kz-consulate-antwerp, ir-in-belgium\]` \(or ir-consulate-liege in place of ir-in-belgium\)\.$/,
      ),
    ]);
    expect(one.embassies.get('0/0')!.id).toBe('kz-consulate-antwerp');
    // Two of one state listed: refused at the second.
    const twice = day('[ir-in-belgium, kz-consulate-antwerp, ir-consulate-liege]');
    expect(twice.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'senders[0].embassy[2]: `ir-in-belgium` and `ir-consulate-liege` are both embassies of Iran: list one embassy a state, the one the letters about it go via.',
    ]);
    expect(day('[kz-consulate-antwerp, ir-in-belgium, ir-in-belgium]').problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'senders[0].embassy[2]: `ir-in-belgium` is listed twice: list it once.',
    ]);
  });

  it("refuses a sender entry's reference of more than 100 characters, repeated on every continuation page", () => {
    const { campaign } = campaignOf('long-ref', [`{sender: good-en, country: Belgium, reference: ${'X/'.repeat(51)}}`]);
    expect(campaign.problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      '6:52 senders[0].reference: is too long: 102 characters, at most 100 are allowed; shorten it.',
    ]);
  });

  it('passes the sample campaign of the repository', () => {
    const campaign = loadCampaign(join(import.meta.dirname, '..', '..', 'campaigns', 'kazakhstan-day-2020.yaml'));
    expect(campaign.problems).toEqual([]);
    expect(new Set(campaign.senders.map((s) => s.language))).toEqual(new Set(['en', 'fr', 'ru', 'es']));
    expect(campaign.data!.senders.length).toBeGreaterThanOrEqual(4);
    expect(new Set(campaign.data!.senders.map((s) => s.country)).size).toBeGreaterThanOrEqual(4);
  });
});

// A campaign of 1 MB may list 100,000 unknown or repeated ids: `validate` listed every one (7.9 MB
// for 20,000 unknown officials), and `batch` every repeated one before refusing the campaign.
describe('a campaign with thousands of problems', () => {
  it('reports the first MAX_PROBLEMS of its own and counts the rest; every entry keeps its own', () => {
    const ws = batchWorkspace();
    const file = join(ws, 'campaigns', 'many.yaml');
    const ids = Array.from({ length: 1_000 }, (_, i) => `x${i}`);
    writeFileSync(file, `id: many\ndate: 2020-03-23\ncases: [case-one]\nsenders: [{sender: good-en, country: Belgium}]\nofficials: [${ids.join(', ')}]\n`);
    const campaign = loadCampaign(file);
    const own = campaign.problems.filter((p) => p.file === campaign.file);
    expect(own).toHaveLength(MAX_PROBLEMS + 1);
    expect(own[0]!.message).toMatch(/^unknown official `x0`/);
    expect(own[MAX_PROBLEMS - 1]!.message).toMatch(/^unknown official `x199`/);
    expect(own[MAX_PROBLEMS]!.message).toBe('800 more problems in this file are not shown: fix these first, then check the file again.');
    expect(campaign.officials.every((o, i) => o.problems[0]!.message.startsWith(`unknown official \`x${i}\``))).toBe(true);
  });

  it('refuses a sender listed 1,000 times with the first MAX_PROBLEMS repeats and the count of the rest', () => {
    const ws = batchWorkspace();
    const file = writeDay(
      ws,
      'same',
      Array.from({ length: 1_000 }, () => '{sender: good-en, country: Belgium}'),
    );
    const campaign = loadCampaign(file);
    expect(campaign.campaignProblems).toHaveLength(MAX_PROBLEMS + 1);
    expect(campaign.campaignProblems[0]!.message).toMatch(/^`good-en` is listed twice \(also senders\[0\]\)/);
    expect(campaign.campaignProblems.at(-1)!.message).toBe('799 more problems in this file are not shown: fix these first, then check the file again.');
    expect(campaign.problems.filter((p) => p.file === campaign.file)).toHaveLength(MAX_PROBLEMS + 1);
  });
});

// 2,000 senders and 2,000 officials, a campaign file of 70 KB, make 4,000,000 letters: `batch` planned
// them all and its thread ran out of memory ("internal error: the batch thread failed: … JS heap out
// of memory … This is a bug in letters").
describe('a campaign of millions of letters', () => {
  it('is refused before any letter, at its senders, with the count and the fix', () => {
    const ws = batchWorkspace();
    const ids = (prefix: string) => Array.from({ length: 400 }, (_, i) => `${prefix}${i}`);
    const file = join(ws, 'campaigns', 'huge.yaml');
    writeFileSync(
      file,
      `id: huge\ndate: 2020-03-23\ncases: [case-one]\nofficials: [${ids('o').join(', ')}]\nsenders:\n${ids('s')
        .map((id) => `  - {sender: ${id}, country: Belgium}\n`)
        .join('')}`,
    );
    const campaign = loadCampaign(file);
    expect(campaign.campaignProblems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toContainEqual(
      `5:1 senders: this campaign makes 160,000 letters (400 senders × 1 case × 400 officials), more than the ${MAX_LETTERS.toLocaleString('en')} one campaign may make: split it into several campaign files, each with some of the senders, cases or officials.`,
    );
    // What validate lists: shown though 800 unknown senders and officials come before it, and only 200 are.
    expect(campaign.problems.filter((p) => p.path === 'senders' && /^this campaign makes 160,000 letters/.test(p.message))).toHaveLength(1);
    expect(campaign.problems.filter((p) => p.file === campaign.file)).toHaveLength(MAX_PROBLEMS + 1);
  });

  it('a campaign within the limit is not refused', () => {
    const ws = batchWorkspace();
    const file = join(ws, 'campaigns', 'big.yaml');
    writeFileSync(file, `id: big\ndate: 2020-03-23\ncases: [case-one]\nofficials: [official-a]\nsenders: [{sender: good-en, country: Belgium}]\n`);
    expect(loadCampaign(file).campaignProblems).toEqual([]);
    expect(MAX_LETTERS).toBe(100_000);
  });
});
