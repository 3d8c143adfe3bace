import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateFile } from '../../src/commands/validate.js';
import { ROOT, runCli, tempDir } from '../helpers/run-cli.js';

const BAD = join(ROOT, 'test', 'fixtures', 'bad');

/** A case with ten different problems, each on its own line. */
const TEN = `id: Bad_Id
title: Ten problems
summary: an unknown key
country: Kazakhstan
people:
  - name: Erlan Baltabay
    pronoun: it
timeline:
  - date: 05.07.19
    event: sentenced
    source: ituc
sources:
  ituc:
    url: https://www.ituc-csi.org/a
body: |
  We write about {{shout person.name}}[^ituc].

  He was jailed again[^missing].
letter:
  sender: acme
  signatories: [treasurer]
  date: 2019-02-30
recipients:
  - official: kz-nobody
  - id: tokayev
    name: Kassym-Jomart Tokayev
    salutation: Dear President,
    via: kz-in-nowhere
`;

function workspace(): string {
  const ws = tempDir('letters-ten-');
  for (const sub of ['senders', 'directory']) cpSync(join(BAD, sub), join(ws, sub), { recursive: true });
  mkdirSync(join(ws, 'cases'));
  writeFileSync(join(ws, 'cases', 'ten.yaml'), TEN);
  return ws;
}

const EXPECTED: [string, RegExp][] = [
  ['id', /`Bad_Id` is not a valid id.*e\.g\. `bad-id`/],
  ['summary', /unknown key `summary`/],
  ['people[0].pronoun', /`it` is not allowed: use one of he, she, they/],
  ['timeline[0].date', /date `05\.07\.19` must be written YYYY-MM-DD, e\.g\. 2019-07-05/],
  ['body', /unknown helper `shout`/],
  ['body', /cites \[\^missing\], which is not under `sources:`/],
  ['letter.signatories[0]', /unknown signatory `treasurer` of sender `acme`/],
  ['letter.date', /2019-02-30 is not a date in the calendar/],
  ['recipients[0].official', /unknown official `kz-nobody`/],
  ['recipients[1].via', /unknown embassy `kz-in-nowhere`/],
];

describe('a case with ten different problems', () => {
  it('reports exactly those ten, each located, in one run of the library', async () => {
    const report = await validateFile(join(workspace(), 'cases', 'ten.yaml'));
    expect(report.ok).toBe(false);
    expect(report.problems).toHaveLength(10);
    for (const [path, message] of EXPECTED) {
      const hits = report.problems.filter((p) => p.path === path && message.test(p.message));
      expect(hits, `${path}: ${message}`).toHaveLength(1);
      expect(hits[0]!.severity).toBe('error');
      expect(hits[0]!.line).toBeGreaterThan(0);
      expect(hits[0]!.column).toBeGreaterThan(0);
    }
  });

  it('reports exactly ten through the CLI, and --json lists them as objects', () => {
    const ws = workspace();
    const run = runCli(['validate', 'cases/ten.yaml'], { cwd: ws });
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('cases/ten.yaml:'))).toHaveLength(10);
    expect(run.stdout).toBe('cases/ten.yaml: invalid (case), 10 errors\n');

    const json = runCli(['validate', '--json', 'cases/ten.yaml', 'senders/acme.yaml'], { cwd: ws });
    expect(json.code).toBe(1);
    const reports = JSON.parse(json.stdout) as { file: string; kind: string; ok: boolean; problems: Record<string, unknown>[] }[];
    expect(reports.map((r) => [r.file, r.kind, r.ok])).toEqual([
      ['cases/ten.yaml', 'case', false],
      ['senders/acme.yaml', 'sender', true],
    ]);
    expect(reports[1]!.problems).toEqual([]);
    expect(reports[0]!.problems).toHaveLength(10);
    for (const p of reports[0]!.problems) {
      expect(Object.keys(p).sort()).toEqual(['column', 'file', 'line', 'message', 'path', 'severity', 'value']);
      expect(p.file).toBe('cases/ten.yaml');
    }
    expect(reports[0]!.problems[0]).toEqual({
      file: 'cases/ten.yaml',
      line: 1,
      column: 5,
      path: 'id',
      message: expect.stringMatching(/is not a valid id/),
      value: 'Bad_Id',
      severity: 'error',
    });
    expect(reports[0]!.problems.find((p) => p.path === 'letter.signatories[0]')).toMatchObject({ value: 'treasurer', line: 21, column: 17 });
  });

  it('a file without problems is ok in --json, with exit 0', () => {
    const ws = workspace();
    writeFileSync(
      join(ws, 'cases', 'good.yaml'),
      readFileSync(join(BAD, 'unknown-sender.yaml'), 'utf8').replace('sender: acne', 'sender: acme').replace('id: test-case', 'id: good'),
    );
    const run = runCli(['validate', '--json', 'cases/good.yaml'], { cwd: ws });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([{ file: 'cases/good.yaml', kind: 'case', ok: true, problems: [] }]);
  });

  // README: validate works out the kind from the folder the file is in; `kind` is null only where nothing is known.
  it('a file that cannot be read as YAML still has the kind its folder gives it', () => {
    const ws = workspace();
    writeFileSync(join(ws, 'cases', 'empty.yaml'), '');
    writeFileSync(join(ws, 'stray.yaml'), '');
    const run = runCli(['validate', '--json', 'cases/empty.yaml', 'stray.yaml'], { cwd: ws });
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as { kind: string | null }[]).map((r) => r.kind)).toEqual(['case', null]);
    expect(runCli(['validate', 'cases/empty.yaml'], { cwd: ws }).stdout).toBe('cases/empty.yaml: invalid (case), 1 error\n');
  });
});
