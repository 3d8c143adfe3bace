import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, sampleWorkspace } from '../helpers/run-cli.js';

// A letterhead or a signature title too tall for any page was refused with a message that named no
// file ("error: the letterhead is 1228 points tall..."), and `validate` called the case and the
// campaign ok: only `generate` found it. It is a problem of the sender file, at the field to shorten.
describe('a part of the letter too tall for a page', () => {
  const ituc = (edit: (yaml: string) => string) => {
    const ws = sampleWorkspace();
    const file = join(ws, 'senders', 'ituc.yaml');
    writeFileSync(file, edit(readFileSync(file, 'utf8')));
    return ws;
  };
  const tallLetterhead = ituc((yaml) =>
    yaml.replace('officers:\n', `${Array.from({ length: 80 }, (_, i) => `  - {abbr: X${i}, name: Federation number ${i}}\n`).join('')}officers:\n`),
  );
  const letterheadAt =
    /^senders\/ituc\.yaml:5:3: error: letterhead: the letterhead is \d+ points tall, more than the first page holds \(\d+\): give the sender fewer `letterhead` lines or `officers`, or shorter titles\.$/m;

  it('is named in the sender file by generate, preview, validate of the case and of the campaign', () => {
    const generate = runCli(['generate', 'cases/erlan-baltabay.yaml', '--out', 'out'], { cwd: tallLetterhead });
    expect(generate.code).toBe(1);
    expect(generate.stderr).toMatch(letterheadAt);
    const preview = runCli(['preview', 'cases/erlan-baltabay.yaml'], { cwd: tallLetterhead });
    expect(preview.code).toBe(1);
    expect(preview.stderr).toMatch(letterheadAt);
    const validate = runCli(['validate', 'cases/erlan-baltabay.yaml', 'campaigns/kazakhstan-day-2020.yaml'], { cwd: tallLetterhead });
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain('cases/erlan-baltabay.yaml: invalid (case), 1 error');
    expect(validate.stdout).toContain('campaigns/kazakhstan-day-2020.yaml: invalid (campaign), 1 error');
    expect(validate.stderr.match(new RegExp(letterheadAt.source, 'gm'))).toHaveLength(2);
  });

  it("points at the signatory's title", () => {
    const title = Array.from({ length: 700 }, () => 'Secretary').join(' ');
    const ws = ituc((yaml) => yaml.replace(/^ {4}title: \{en: General Secretary.*$/m, `    title: ${title}`));
    const validate = runCli(['validate', 'cases/erlan-baltabay.yaml'], { cwd: ws });
    expect(validate.code).toBe(1);
    expect(validate.stderr).toMatch(
      /^senders\/ituc\.yaml:15:12: error: signatories\[0\]\.title: the signature of Sharan Burrow is \d+ points tall, more than a page holds \(\d+\): shorten the title in the sender file\.$/m,
    );
  });

  it("points at the sender's address when it would take the first page's foot", () => {
    const long = Array.from({ length: 40 }, (_, i) => `Boulevard du Roi Albert II number ${i}`).join(', ');
    const ws = ituc((yaml) => yaml.replace(/^address: .*$/m, `address: ${long}`));
    const validate = runCli(['validate', 'cases/erlan-baltabay.yaml'], { cwd: ws });
    expect(validate.code).toBe(1);
    expect(validate.stderr).toMatch(
      /^senders\/ituc\.yaml:22:10: error: address: the sender's address takes \d+ lines at the foot of the first page, more than 6: /m,
    );
  });

  it("points at the case's source whose footnote no page holds", () => {
    const ws = sampleWorkspace();
    const file = join(ws, 'cases', 'erlan-baltabay.yaml');
    const title = Array.from({ length: 900 }, (_, i) => `Report ${i} on repression`).join(' ');
    const yaml = readFileSync(file, 'utf8');
    writeFileSync(file, yaml.replace(/^( {4}url: https:\/\/www\.ituc-csi\.org\/Kazakhstan-repression-deepens-2019)$/m, `$1\n    title: ${title}`));
    const at =
      /^cases\/erlan-baltabay\.yaml:50:12: error: sources\.ituc-repression-2019\.title: footnote 1 is \d+ points tall: with the line that cites it, more than a page holds \(\d+\)\. /m;
    const validate = runCli(['validate', 'cases/erlan-baltabay.yaml'], { cwd: ws });
    expect(validate.code).toBe(1);
    expect(validate.stderr).toMatch(at);
    const generate = runCli(['generate', 'cases/erlan-baltabay.yaml', '--out', 'out'], { cwd: ws });
    expect(generate.code).toBe(1);
    expect(generate.stderr).toMatch(at);
  });
});
