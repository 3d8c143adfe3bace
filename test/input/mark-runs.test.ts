// A character with thousands of combining marks (e + 100,000 × U+0301, "Zalgo" text) took fontkit's
// mark positioning time in the square of their number: found by fuzzing, a case body or a template
// with one kept `letters preview` and `generate` busy for many minutes. Unicode's stream-safe text
// format (UAX #15) allows 30 in a row; more are refused where they stand.
import { describe, expect, it } from 'vitest';
import { longMarkRun, MAX_MARKS } from '../../src/input/mark-runs.js';
import { parseYaml } from '../../src/input/read-yaml.js';

function problems(text: string): string[] {
  const read = parseYaml('f.yaml', text);
  return read.ok ? [] : read.problems.map((p) => `${p.line}:${p.column} ${p.path} ${p.message}`);
}

describe('longMarkRun', () => {
  it('passes the marks real scripts stack, up to 30 in a row', () => {
    expect(MAX_MARKS).toBe(30);
    for (const text of ['Nguyễn Văn', 'Nguye\u0302\u0303n', 'क्षत्रिय', 'ﷺ', 'e' + '\u0301'.repeat(30), '👍🏽', 'a\ufe0f'])
      expect(longMarkRun(text)).toBeUndefined();
  });

  it('finds a run of more than 30, at its first mark, with its length and first mark', () => {
    expect(longMarkRun(`ab e${'\u0301'.repeat(31)}`)).toEqual({ index: 4, length: 31, message: expect.stringContaining('31 combining marks in a row') });
    expect(longMarkRun(`x${'\u0301\u0300'.repeat(50_000)}`)!.message).toMatch(
      /^100,000 combining marks in a row \(U\+0301 first\) on one character: no script needs more than 30/,
    );
  });
});

describe('a case file with a character carrying too many marks', () => {
  it('is refused at the value, whether the marks are written or escaped', () => {
    expect(problems(`id: x\ntitle: Persecution of e${'\u0301'.repeat(40)}rlan\n`)).toEqual([
      expect.stringMatching(/^2:8 title the text has 40 combining marks in a row/),
    ]);
    expect(problems(`id: x\nbody: "e${'\\u0301'.repeat(40)}"\n`)).toEqual([expect.stringMatching(/^2:7 body the text has 40 combining marks in a row/)]);
    expect(problems(`id: x\ntitle: e${'\u0301'.repeat(30)}\n`)).toEqual([]);
  });
});
