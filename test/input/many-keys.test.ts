// A file of a hundred thousand short keys (under the 1 MiB limit) took minutes: the YAML parser's own
// duplicate check compares each key with every one before it, and each problem was placed by a walk of
// its mapping. Now a few seconds at most, and the report is bounded.
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/input/read-yaml.js';
import { CaseFile } from '../../src/input/schemas.js';
import { validateData } from '../../src/input/validate-data.js';

// The limits below are some ten times what a quiet machine takes (1.4 s to parse, 1.6 s to check), so a
// busy one does not fail them: what they catch is the quadratic time of before, minutes.
const MANY = `id: x\n${Array.from({ length: 100_000 }, (_, i) => `k${i}: v`).join('\n')}\n`;

describe('a file of very many keys', () => {
  it('parses in linear time', () => {
    const start = performance.now();
    const read = parseYaml('f.yaml', MANY);
    expect(performance.now() - start).toBeLessThan(15_000);
    expect(read.ok).toBe(true);
  });

  it('finds duplicate keys among them, each at its place', () => {
    const read = parseYaml('f.yaml', `${MANY}k5: again\nk70000: again\n`);
    const problems = read.ok ? read.source.problems : read.problems;
    expect(problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      '100002:1 k5: duplicate key `k5`: each key may appear once in a mapping; merge the two or remove one.',
      '100003:1 k70000: duplicate key `k70000`: each key may appear once in a mapping; merge the two or remove one.',
    ]);
  });

  it('reports a bounded number of problems, and says how many more there are', () => {
    const read = parseYaml('f.yaml', MANY);
    if (!read.ok) throw new Error('not read');
    const start = performance.now();
    const { problems } = validateData(read.source, CaseFile);
    expect(performance.now() - start).toBeLessThan(15_000);
    expect(problems.length).toBeLessThanOrEqual(201);
    expect(problems.some((p) => /unknown key `k0`/.test(p.message))).toBe(true);
    expect(problems[problems.length - 1]!.message).toMatch(/^\d+ more problems? in this file (are|is) not shown: fix these first/);
  });
});

// The check for a text cut at a comma in braces looks at each piece once: a hostile file of one
// mapping of tens of thousands of bare keys is reported in linear time, as one problem.
describe('a mapping in braces of very many keys without values', () => {
  it('is reported once, in linear time', () => {
    const keys = Array.from({ length: 60_000 }, (_, i) => `k${i}`).join(', ');
    const start = performance.now();
    const read = parseYaml('f.yaml', `id: x\ntitle: {en: a, ${keys}}\n`);
    expect(performance.now() - start).toBeLessThan(10_000);
    const problems = read.ok ? read.source.problems : read.problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/^`k0, k1, .*\.\.\.` have no `:` and no value/);
    expect(problems[0]!.message.length).toBeLessThan(400);
  });
});
