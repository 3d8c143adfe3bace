// A file that a workspace names by id (senders/<id>.yaml, directory/*.yaml, a campaign's cases/<id>.yaml)
// and that is a symbolic link out of the workspace is refused, as a signature image's path is: files
// arrive by e-mail, and a link must not pull a file from elsewhere on the machine into a letter.
import { cpSync, mkdirSync, renameSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { loadCampaign } from '../../src/pipeline/load-campaign.js';
import { loadCase } from '../../src/pipeline/load-case.js';
import { runCli, sampleWorkspace, tempDir } from '../helpers/run-cli.js';

/** The sample workspace with `relative` moved out of it and a link to it left in its place. */
function linkedOut(relative: string): { ws: string; outside: string } {
  const ws = sampleWorkspace();
  const elsewhere = tempDir('letters-elsewhere-');
  const outside = join(elsewhere, relative.replace(/\//g, '-'));
  renameSync(join(ws, relative), outside);
  symlinkSync(outside, join(ws, relative));
  return { ws, outside };
}

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (err) {
    if (err instanceof ValidationError) return err.problems.filter((p) => p.severity === 'error').map((p) => `${p.file}: ${p.message}`);
    throw err;
  }
  return [];
}

const OUTSIDE = /is a symbolic link to .* outside the workspace .*: copy the file into/;

describe('files named by id that link out of the workspace', () => {
  it("a case's sender", () => {
    const { ws } = linkedOut('senders/ituc.yaml');
    const got = problemsOf(() => loadCase(join(ws, 'cases', 'erlan-baltabay.yaml')));
    expect(got.some((p) => p.startsWith(join(ws, 'senders', 'ituc.yaml')) && OUTSIDE.test(p))).toBe(true);
  });

  it('the directory of officials', () => {
    const { ws } = linkedOut('directory/officials.yaml');
    const got = problemsOf(() => loadCase(join(ws, 'cases', 'erlan-baltabay.yaml')));
    expect(got.some((p) => p.startsWith(join(ws, 'directory', 'officials.yaml')) && OUTSIDE.test(p))).toBe(true);
  });

  it("a campaign's case", () => {
    const { ws } = linkedOut('cases/erlan-baltabay.yaml');
    const campaign = loadCampaign(join(ws, 'campaigns', 'kazakhstan-day-2020.yaml'));
    const all = [...campaign.problems, ...campaign.cases.flatMap((c) => c.problems)].map((p) => `${p.file}: ${p.message}`);
    expect(all.some((p) => p.startsWith(join(ws, 'cases', 'erlan-baltabay.yaml')) && OUTSIDE.test(p))).toBe(true);
  });

  it('a link inside the workspace is fine', () => {
    const ws = sampleWorkspace();
    mkdirSync(join(ws, 'shared'));
    cpSync(join(ws, 'senders', 'ituc.yaml'), join(ws, 'shared', 'ituc.yaml'));
    renameSync(join(ws, 'senders', 'ituc.yaml'), join(ws, 'shared', 'old.yaml'));
    symlinkSync(join(ws, 'shared', 'ituc.yaml'), join(ws, 'senders', 'ituc.yaml'));
    cpSync(join(ws, 'senders', 'signatures'), join(ws, 'shared', 'signatures'), { recursive: true });
    expect(problemsOf(() => loadCase(join(ws, 'cases', 'erlan-baltabay.yaml')))).toEqual([]);
  });

  it('validate reports it at the case, exit 1', () => {
    const { ws } = linkedOut('senders/ituc.yaml');
    const r = runCli(['validate', join(ws, 'cases', 'erlan-baltabay.yaml')], { cwd: ws });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(OUTSIDE);
  });
});
