// A campaign of 1 MB may list 100,000 ids, and a directory of 1 MB some 15,000 officials. Each unknown
// one's "did you mean" measured it against every known one, in `letters validate` with V8's optimiser
// held back (commands/optimiser-held.ts): 2,000 unknown officials took 48 s, 20,000 did not end.
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { batchWorkspace } from '../batch/helpers.js';

describe('thousands of unknown officials against a large directory, in the built CLI', () => {
  it('letters validate names them and ends in seconds', () => {
    const ws = batchWorkspace();
    const known = Array.from({ length: 12_000 }, (_, i) => `  - {id: official-number-${i}, name: N, salutation: Dear}\n`);
    appendFileSync(join(ws, 'directory', 'officials.yaml'), known.join(''));
    const ids = Array.from({ length: 20_000 }, (_, i) => `x${i}`);
    const file = join(ws, 'campaigns', 'many.yaml');
    writeFileSync(file, `id: many\ndate: 2020-03-23\ncases: [case-one]\nsenders: [{sender: good-en, country: Belgium}]\nofficials: [${ids.join(', ')}]\n`);
    const started = Date.now();
    const r = runCli(['validate', file], { cwd: ws, timeout: 50_000 });
    expect(Date.now() - started).toBeLessThan(40_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/many\.yaml:5:\d+: error: officials\[0\]: unknown official `x0`: .*did you mean `official-\S+`\?/);
    expect(r.stderr).not.toMatch(/internal error| {4}at /);
    // The first 200 of the file's own, and the count of the rest: it listed all 20,000 (7.9 MB).
    expect(r.stderr).toContain('many.yaml:5:');
    expect(r.stderr).toContain('19800 more problems in this file are not shown: fix these first, then check the file again.');
    expect(r.stderr.split('\n').length).toBeLessThan(210);
  });

  it('letters batch refuses a sender listed 10,000 times with the first 200 repeats and the count of the rest', () => {
    const ws = batchWorkspace();
    const file = join(ws, 'campaigns', 'same.yaml');
    const entries = Array.from({ length: 10_000 }, () => '  - {sender: good-en, country: Belgium}\n');
    writeFileSync(file, `id: same\ndate: 2020-03-23\ncases: [case-one]\nofficials: [official-a]\nsenders:\n${entries.join('')}`);
    const r = runCli(['batch', file, '--quiet'], { cwd: ws, timeout: 50_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/same\.yaml:7:14: error: senders\[1\]\.sender: `good-en` is listed twice \(also senders\[0\]\)/);
    expect(r.stderr).toContain('9799 more problems in this file are not shown: fix these first, then check the file again.');
    expect(r.stderr.split('\n').length).toBeLessThan(210);
  });

  // 2,000 senders × 2,000 officials, a file of 70 KB: the batch's thread ran out of memory planning
  // 4,000,000 letters ("internal error: the batch thread failed: … JS heap out of memory").
  it('letters batch refuses a campaign of 4,000,000 letters before any letter', () => {
    const ws = batchWorkspace();
    const ids = (prefix: string) => Array.from({ length: 2_000 }, (_, i) => `${prefix}${i}`);
    const file = join(ws, 'campaigns', 'huge.yaml');
    const senders = ids('s').map((id) => `  - {sender: ${id}, country: Belgium}\n`);
    writeFileSync(file, `id: huge\ndate: 2020-03-23\ncases: [case-one]\nofficials: [${ids('o').join(', ')}]\nsenders:\n${senders.join('')}`);
    const r = runCli(['batch', file, '--quiet'], { cwd: ws, timeout: 50_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'huge.yaml:5:1: error: senders: this campaign makes 4,000,000 letters (2,000 senders × 1 case × 2,000 officials), more than the 100,000 one campaign may make: split it into several campaign files, each with some of the senders, cases or officials.',
    );
    expect(r.stderr).toContain('nothing was written');
    expect(r.stderr).not.toMatch(/internal error| {4}at /);
  });
});
