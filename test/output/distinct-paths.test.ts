import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertDistinctPaths } from '../../src/output/distinct-paths.js';
import { outputPath } from '../../src/output/output-path.js';

describe('output paths', () => {
  it('keep ids holding `--` apart: a folder per id, never a joined name', () => {
    const a = outputPath('/out', ['s', 'a', 'x--p'], '.pdf');
    const b = outputPath('/out', ['s', 'a--x', 'p'], '.pdf');
    expect(a).toBe(join('/out', 's', 'a', 'x--p.pdf'));
    expect(b).toBe(join('/out', 's', 'a--x', 'p.pdf'));
    expect(a).not.toBe(b);
  });

  it('refuse two letters on one path before anything is written, naming both', () => {
    expect(() =>
      assertDistinctPaths([
        { path: '/out/x.pdf', name: 'recipient `x`' },
        { path: '/out/y.pdf', name: 'recipient `y`' },
        { path: '/out/x.pdf', name: 'recipient `x` (again)' },
      ]),
    ).toThrow('recipient `x` and recipient `x` (again) would both be written to /out/x.pdf');
    expect(() => assertDistinctPaths([{ path: '/out/x.pdf', name: 'a' }])).not.toThrow();
  });
});
