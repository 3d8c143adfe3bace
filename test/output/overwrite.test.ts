// One overwrite rule for generate and batch: an unchanged letter is reported unchanged (exit 0); a
// changed one needs --force.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-cli.js';
import { cleanUp, expectClean, run, scratch } from './helpers.js';

afterAll(cleanUp);

describe('letters generate run twice', () => {
  it('reports the letter unchanged and exits 0, leaving the file alone', () => {
    const out = scratch();
    const first = run(['generate', join(ROOT, 'cases', 'erlan-baltabay.yaml'), '--out', out], ROOT);
    expect(first.code).toBe(0);
    const pdf = join(out, 'erlan-baltabay', 'tokayev.pdf');
    const before = statSync(pdf);
    const again = run(['generate', join(ROOT, 'cases', 'erlan-baltabay.yaml'), '--out', out, '--json'], ROOT);
    expect(again.code).toBe(0);
    expectClean(again);
    const json = JSON.parse(again.stdout) as { letters: { status: string; path: string }[] };
    expect(json.letters.map((l) => l.status)).toEqual(['unchanged']);
    expect(statSync(pdf).mtimeMs).toBe(before.mtimeMs);
    const plain = run(['generate', join(ROOT, 'cases', 'erlan-baltabay.yaml'), '--out', out], ROOT);
    expect(plain.code).toBe(0);
    expect(plain.stdout.trim()).toBe(pdf);
    expect(plain.stderr).toMatch(/unchanged/);
  });

  it('refuses a changed letter without --force, naming the fix, and writes it with --force', () => {
    const out = scratch();
    expect(run(['generate', join(ROOT, 'cases', 'erlan-baltabay.yaml'), '--out', out], ROOT).code).toBe(0);
    const pdf = join(out, 'erlan-baltabay', 'tokayev.pdf');
    writeFileSync(pdf, 'precious');
    const again = run(['generate', join(ROOT, 'cases', 'erlan-baltabay.yaml'), '--out', out], ROOT);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists already and differs from this letter: pass --force to overwrite it');
    expect(readFileSync(pdf, 'utf8')).toBe('precious');
    expect(run(['generate', join(ROOT, 'cases', 'erlan-baltabay.yaml'), '--out', out, '--force'], ROOT).code).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readdirSync(join(out, 'erlan-baltabay'))).toEqual(['tokayev.pdf']);
  });
});
