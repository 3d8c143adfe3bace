// HarfBuzz (harfbuzzjs, for Bengali, Tamil, Thai, Myanmar and Khmer) and the fallback fonts load only
// for a letter that needs them. An installation without one (a damaged node_modules, a package manager
// that left it out) must still write every other letter, and tell of the one that needs it what to do,
// never with a stack trace.
import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sampleWorkspace, tempDir } from '../helpers/run-cli.js';

/** A copy of the installed tool (bin, dist, templates, schemas) whose node_modules has every package but `left`. */
function installationWithout(left: string): string {
  const dir = tempDir('letters-install-');
  for (const part of ['bin', 'dist', 'templates', 'schemas', 'package.json']) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  const link = (name: string) => symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name));
  mkdirSync(join(dir, 'node_modules'));
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name === '.bin' || name === left) continue;
    if (!left.startsWith(`${name}/`)) link(name);
    else {
      // A package of a scope: the scope's others stay.
      mkdirSync(join(dir, 'node_modules', name));
      for (const inner of readdirSync(join(ROOT, 'node_modules', name))) if (`${name}/${inner}` !== left) link(`${name}/${inner}`);
    }
  }
  return dir;
}

/** `letters generate cases/<name>.yaml --out out` in the sample workspace `ws`, run by the installation `tool`. */
function generate(tool: string, ws: string, name: string) {
  return spawnSync(process.execPath, [join(tool, 'bin', 'letters.js'), 'generate', `cases/${name}.yaml`, '--out', 'out'], {
    cwd: ws,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

describe('an installation without HarfBuzz', () => {
  it('writes a letter without those scripts, and tells of one with them to reinstall, exit 1, no stack trace', () => {
    const tool = installationWithout('harfbuzzjs');
    const ws = sampleWorkspace();
    cpSync(join(ROOT, 'test', 'fixtures', 'text-layer', 'cases', 'scripts-asia.yaml'), join(ws, 'cases', 'scripts-asia.yaml'));
    const run = (name: string) =>
      spawnSync(process.execPath, [join(tool, 'bin', 'letters.js'), 'generate', `cases/${name}.yaml`, '--out', 'out'], {
        cwd: ws,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });

    const sample = run('erlan-baltabay');
    expect(sample.status, sample.stderr).toBe(0);
    expect(existsSync(join(ws, 'out', 'erlan-baltabay', 'tokayev.pdf'))).toBe(true);

    const asia = run('scripts-asia');
    expect(asia.status).toBe(1);
    expect(asia.stderr).toMatch(
      /HarfBuzz, which shapes Bengali, Tamil, Thai, Myanmar and Khmer text, could not be loaded \(.*harfbuzzjs.*\): reinstall letters \(npm install\), or leave such text out of the letter\./,
    );
    expect(asia.stderr).toContain("could not be loaded (Cannot find module 'harfbuzzjs'): reinstall letters");
    expect(asia.stderr).not.toMatch(/\n\s+at |internal error|Require stack/);
    expect(existsSync(join(ws, 'out', 'scripts-asia'))).toBe(true);
    expect(readdirSync(join(ws, 'out', 'scripts-asia')).filter((f) => f.endsWith('.pdf'))).toEqual([]);
  }, 60_000);
});

describe('an installation without a font package', () => {
  it('writes a letter that does not need it, and tells of one that does to reinstall, exit 1, no stack trace', () => {
    const tool = installationWithout('@embedpdf/fonts-arabic');
    const ws = sampleWorkspace();
    cpSync(join(ROOT, 'test', 'fixtures', 'text-layer', 'cases', 'scripts-fa.yaml'), join(ws, 'cases', 'scripts-fa.yaml'));
    expect(generate(tool, ws, 'erlan-baltabay').status).toBe(0);
    const persian = generate(tool, ws, 'scripts-fa');
    expect(persian.status).toBe(1);
    expect(persian.stderr).toContain(
      "the font package @embedpdf/fonts-arabic could not be read (Cannot find module '@embedpdf/fonts-arabic'): reinstall letters (npm install).",
    );
    expect(persian.stderr).not.toMatch(/\n\s+at |internal error|Require stack/);
  }, 60_000);
});
