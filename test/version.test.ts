// A batch skips a letter whose inputs are as last time; the versions it renders with are among them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderingVersion, toolVersion } from '../src/version.js';
import { ROOT } from './helpers/run-cli.js';

describe('renderingVersion', () => {
  it("names the tool's version and the installed version of every package it depends on", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const parts = renderingVersion().split(' ');
    expect(parts[0]).toBe(toolVersion());
    const names = Object.keys(pkg.dependencies).sort();
    expect(parts.slice(1).map((p) => p.slice(0, p.lastIndexOf('@')))).toEqual(names);
    const installed = (name: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    expect(parts).toContain(`pdfkit@${installed('pdfkit')}`);
    expect(parts).toContain(`hyphen@${installed('hyphen')}`);
    expect(parts.every((p) => !p.endsWith('@missing'))).toBe(true);
  });
});
