// A case or sender copied from another, its id left as it was: a campaign and a case's `sender:` find
// these files by their names, while `generate` wrote the copy's letters under out/<the other's id>/,
// where --force then replaced the other case's letters, without a word. A warning, not an error: the
// file is still whole, and kept under another name on purpose (a variant, a test fixture) it does no harm.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, sampleWorkspace } from '../helpers/run-cli.js';

describe("an id that is not its file's name", () => {
  it('a case in cases/ gets a warning at its id, with both fixes, from validate and generate', () => {
    const ws = sampleWorkspace();
    copyFileSync(join(ws, 'cases', 'erlan-baltabay.yaml'), join(ws, 'cases', 'new-case.yaml'));
    const validated = runCli(['validate', 'cases/new-case.yaml'], { cwd: ws });
    expect(validated.code).toBe(0);
    expect(validated.stderr).toBe(
      "cases/new-case.yaml:3:5: warning: id: the id `erlan-baltabay` is not the file's name, new-case.yaml: a campaign finds a case by its file name, and `generate` writes its letters under out/erlan-baltabay/, with those of the case of that id. Make the two the same: write `id: new-case`, or rename the file to erlan-baltabay.yaml.\n",
    );
    const generated = runCli(['generate', 'cases/new-case.yaml'], { cwd: ws });
    expect(generated.code).toBe(0);
    expect(generated.stderr).toContain("cases/new-case.yaml:3:5: warning: id: the id `erlan-baltabay` is not the file's name");
    expect(generated.stdout).toBe('out/erlan-baltabay/tokayev.pdf\n');
  });

  it('a sender in senders/ gets a warning at its id; a file name that is no id gets the rename only', () => {
    const ws = sampleWorkspace();
    const text = readFileSync(join(ws, 'senders', 'ituc.yaml'), 'utf8');
    writeFileSync(join(ws, 'senders', 'ituc-copy.yaml'), text);
    writeFileSync(join(ws, 'senders', 'ITUC Copy.yaml'), text);
    const r = runCli(['validate', 'senders/ituc-copy.yaml', 'senders/ITUC Copy.yaml'], { cwd: ws });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^senders\/ituc-copy\.yaml:\d+:5: warning: id: the id `ituc` is not the file's name, ituc-copy\.yaml: cases and campaigns find a sender by its file name \(`sender: ituc-copy` reads this file\)\. Make the two the same: write `id: ituc-copy`, or rename the file to ituc\.yaml\.$/m,
    );
    expect(r.stderr).toMatch(
      /^senders\/ITUC Copy\.yaml:\d+:5: warning: id: the id `ituc` is not the file's name, ITUC Copy\.yaml: .* Rename the file to ituc\.yaml\.$/m,
    );
  });

  // `senders/ituc-b.yml` was "ok (sender)", and a case naming `sender: ituc-b` was told there is no
  // senders/ituc-b.yaml: files are found by their id and `.yaml`.
  it('a sender or case whose name ends in another extension than .yaml gets a warning with the rename', () => {
    const ws = sampleWorkspace();
    copyFileSync(join(ws, 'senders', 'ituc.yaml'), join(ws, 'senders', 'ituc.yml'));
    copyFileSync(join(ws, 'cases', 'erlan-baltabay.yaml'), join(ws, 'cases', 'erlan-baltabay.YAML'));
    const r = runCli(['validate', 'senders/ituc.yml', 'cases/erlan-baltabay.YAML'], { cwd: ws });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^senders\/ituc\.yml:\d+:5: warning: id: the file's name ends in \.yml: cases and campaigns find a sender by its id as senders\/ituc\.yaml, and would not find this file\. Rename it to ituc\.yaml\.$/m,
    );
    expect(r.stderr).toMatch(
      /^cases\/erlan-baltabay\.YAML:3:5: warning: id: the file's name ends in \.YAML: a campaign finds a case by its id as cases\/erlan-baltabay\.yaml, and would not find this file\. Rename it to erlan-baltabay\.yaml\.$/m,
    );
  });

  it('a case outside cases/ may have any name', () => {
    const ws = sampleWorkspace();
    copyFileSync(join(ws, 'cases', 'erlan-baltabay.yaml'), join(ws, 'my-case.yaml'));
    const r = runCli(['validate', 'my-case.yaml'], { cwd: ws });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
