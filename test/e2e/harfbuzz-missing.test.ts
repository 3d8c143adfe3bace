// HarfBuzz (harfbuzzjs) shapes Bengali, Tamil, Thai, Myanmar and Khmer, and loads only for a letter
// that has them. An installation without it (a damaged node_modules, a package manager that left it
// out) must still write every other letter, and tell of the one with such a script what to do, never
// with a stack trace.
import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sampleWorkspace, tempDir } from '../helpers/run-cli.js';

/** A copy of the installed tool (bin, dist, templates, schemas) whose node_modules has every package but harfbuzzjs. */
function installationWithoutHarfBuzz(): string {
  const dir = tempDir('letters-install-');
  for (const part of ['bin', 'dist', 'templates', 'schemas', 'package.json']) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name !== 'harfbuzzjs' && name !== '.bin') symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name));
  }
  return dir;
}

describe('an installation without HarfBuzz', () => {
  it('writes a letter without those scripts, and tells of one with them to reinstall, exit 1, no stack trace', () => {
    const tool = installationWithoutHarfBuzz();
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
