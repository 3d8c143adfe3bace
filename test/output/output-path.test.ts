import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { outputPath } from '../../src/output/output-path.js';

describe('outputPath', () => {
  it('builds the path from ids, one folder per id but the last', () => {
    expect(outputPath('/out', ['erlan-baltabay', 'tokayev'], '.pdf')).toBe(resolve('/out/erlan-baltabay/tokayev.pdf'));
    expect(outputPath('/out/day', ['ituc', 'case-one', 'kz-president'], '.pdf')).toBe(resolve('/out/day/ituc/case-one/kz-president.pdf'));
  });

  it('refuses an id that is not one, so nothing is written outside the folder', () => {
    for (const id of ['..', '../x', 'a/b', 'A', '']) {
      expect(() => outputPath('/out', ['case', id], '.pdf')).toThrow(UserError);
    }
    expect(() => outputPath(join('/out'), ['../etc'], '.pdf')).toThrow(/cannot name a file/);
  });
});
