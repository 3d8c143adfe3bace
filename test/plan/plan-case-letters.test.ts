import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { batchWorkspace, filesUnder } from '../batch/helpers.js';

/** The batch fixture with an official without a salutation, and the case writing to it after official-a. */
function workspaceWithoutSalutation(): string {
  const ws = batchWorkspace();
  const officials = join(ws, 'directory', 'officials.yaml');
  writeFileSync(
    officials,
    `${readFileSync(officials, 'utf8').trimEnd()}\n  - id: official-c\n    country: Kazakhstan\n    name: Gamma Official\n    position: {en: [Minister C]}\n`,
  );
  const kase = join(ws, 'cases', 'case-one.yaml');
  writeFileSync(kase, readFileSync(kase, 'utf8').replace('  - official: official-a\n', '  - official: official-a\n  - official: official-c\n'));
  return ws;
}

const PROBLEM =
  /^cases\/case-one\.yaml:\d+:\d+: error: recipients\[1\]: official `official-c` has no salutation: add `salutation` to the official in directory\/officials\.yaml, or to this recipient/m;

describe('a recipient official without a salutation', () => {
  it('fails only its own letter, located at the recipient entry; the other letter is written', () => {
    const ws = workspaceWithoutSalutation();
    const run = runCli(['generate', 'cases/case-one.yaml'], { cwd: ws });
    expect(run.code).toBe(1);
    expect(filesUnder(join(ws, 'out'))).toEqual(['case-one/official-a.pdf']);
    expect(run.stdout.trim()).toBe(join('out', 'case-one', 'official-a.pdf'));
    expect(run.stderr).toMatch(PROBLEM);
    expect(run.stderr).toContain('letter official-c was not written.');
    // Reported once: with its letter, not also up front.
    expect(run.stderr.match(/has no salutation/g)).toHaveLength(1);
  });

  it('is reported by validate, and written once the recipient gives a salutation', () => {
    const ws = workspaceWithoutSalutation();
    const validate = runCli(['validate', 'cases/case-one.yaml'], { cwd: ws });
    expect(validate.code).toBe(1);
    expect(validate.stderr).toMatch(PROBLEM);
    const kase = join(ws, 'cases', 'case-one.yaml');
    writeFileSync(kase, readFileSync(kase, 'utf8').replace('  - official: official-c\n', '  - official: official-c\n    salutation: "Dear Minister,"\n'));
    expect(runCli(['validate', 'cases/case-one.yaml'], { cwd: ws }).code).toBe(0);
    const run = runCli(['generate', 'cases/case-one.yaml'], { cwd: ws });
    expect(run.code).toBe(0);
    expect(filesUnder(join(ws, 'out'))).toEqual(['case-one/official-a.pdf', 'case-one/official-c.pdf']);
  });
});

// `--recipient official-a` pasted with a zero-width space was told "no recipient `official-a`", of a
// case whose recipients are, to the eye, official-a.
describe('--recipient with an invisible character', () => {
  it('names it, shown as an escape', () => {
    const run = runCli(['generate', 'cases/case-one.yaml', '--recipient', 'official-a\u200b'], { cwd: batchWorkspace() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no recipient `official-a\\u200b` (it holds the invisible character U+200B (ZERO WIDTH SPACE)) in ');
  });
});
