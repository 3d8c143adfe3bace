import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/package-root.js';

describe('PACKAGE_ROOT', () => {
  it("is the folder of this tool's package.json, with the built-in templates, from src/", () => {
    expect(PACKAGE_ROOT).toBe(resolve(import.meta.dirname, '..'));
    expect((JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { name: string }).name).toBe('campaign-letters');
    expect(existsSync(join(PACKAGE_ROOT, 'templates', 'appeal'))).toBe(true);
  });
});
