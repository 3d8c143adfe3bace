import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { relativeInside } from '../src/path-inside.js';
import { shown } from '../src/commands/print.js';

describe('relativeInside', () => {
  const folder = resolve('/work/out');

  it('gives the path below the folder, and the empty string for the folder itself', () => {
    expect(relativeInside(folder, join(folder, 'a', 'b.pdf'))).toBe(join('a', 'b.pdf'));
    expect(relativeInside(folder, folder)).toBe('');
  });

  it('refuses the parent, a sibling and a path that climbs back out', () => {
    expect(relativeInside(folder, resolve('/work'))).toBeUndefined();
    expect(relativeInside(folder, resolve('/work/outside'))).toBeUndefined();
    expect(relativeInside(folder, resolve('/work/out/../x'))).toBeUndefined();
    expect(relativeInside(folder, resolve('/elsewhere/a.pdf'))).toBeUndefined();
  });

  it('keeps a file whose name starts with two dots, which lies inside', () => {
    expect(relativeInside(folder, join(folder, '..notes'))).toBe('..notes');
    expect(relativeInside(folder, join(folder, '...', 'x'))).toBe(join('...', 'x'));
  });
});

describe('shown, a path as the commands print it', () => {
  it('prints a file named ..something relative to the current folder like every other file', () => {
    const cwd = resolve('/work/ws');
    expect(shown(join(cwd, '..draft.yaml'), cwd)).toBe('..draft.yaml');
    expect(shown(resolve('/work/other.yaml'), cwd)).toBe(resolve('/work/other.yaml'));
  });
});
