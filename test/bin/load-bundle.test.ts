// bin/load-bundle.cjs runs dist/'s bundles with V8's code cache: a cache is only ever a shortcut to
// the bundle's own code, never stale code of an edited bundle nor a damaged file (V8 crashes on those).
import { spawnSync } from 'node:child_process';
import { isAscii } from 'node:buffer';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchOfBin } from '../../scripts/launch.js';
import { ROOT } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const LOADER = join(ROOT, 'bin', 'load-bundle.cjs');
const BUILD_LINE = '// letters build 0f0e0d0c-0b0a-4908-8706-050403020100\n';

/** A bundle as the build writes one: its build line, then code with a few functions to cache. */
function bundle(value: number): string {
  const fns = Array.from({ length: 50 }, (_, i) => `function f${i}(x) { return x * ${i} + ${value}; }`).join('\n');
  return `${BUILD_LINE}${fns}\nmodule.exports = { value: () => f0(0) };\n`;
}

/** Runs node on `script` with the loader (after `before`, run first); its stdout, or its failure. */
function node(script: string, cwd: string, before = ''): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(
    process.execPath,
    ['-e', `${before} const { loadBundle, writeCodeCaches, usedCodeCache } = require(${JSON.stringify(LOADER)}); ${script}`],
    {
      cwd,
      encoding: 'utf8',
    },
  );
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
}

describe('loadBundle', () => {
  it('runs a bundle with its cache, and without it once the bundle is edited or the cache damaged', () => {
    const dir = tempDir('letters-load-bundle-');
    const file = join(dir, 'b.cjs');
    writeFileSync(file, bundle(1));
    expect(node(`console.log(loadBundle('b.cjs').value()); writeCodeCaches();`, dir)).toMatchObject({ status: 0, stdout: '1' });
    const cache = readFileSync(`${file}.v8cache`);
    expect(cache.subarray(0, BUILD_LINE.length).toString('latin1')).toBe(BUILD_LINE);
    const run = `console.log(loadBundle('b.cjs').value(), usedCodeCache('b.cjs'));`;
    expect(node(run, dir)).toMatchObject({ status: 0, stdout: '1 true' });
    // A Node without zlib.crc32 (before 20.15) sums with SHA-256: it runs the bundle from its source
    // when the cache was made with CRC-32, from a cache it made itself, and the other way round.
    const noCrc32 = "require('node:zlib').crc32 = undefined;";
    expect(node(run, dir, noCrc32)).toMatchObject({ status: 0, stdout: '1 false' });
    expect(node(`${run} writeCodeCaches();`, dir, noCrc32)).toMatchObject({ status: 0, stdout: '1 false' });
    expect(
      readFileSync(`${file}.v8cache`)
        .subarray(BUILD_LINE.length, BUILD_LINE.length + 7)
        .toString(),
    ).toBe('sha256 ');
    expect(node(run, dir, noCrc32)).toMatchObject({ status: 0, stdout: '1 true' });
    expect(node(run, dir)).toMatchObject({ status: 0, stdout: '1 false' });
    writeFileSync(`${file}.v8cache`, cache);
    expect(node(run, dir)).toMatchObject({ status: 0, stdout: '1 true' });

    // The bundle edited, its length the same: its own code runs, not the cached one.
    writeFileSync(file, bundle(2));
    expect(node(run, dir)).toMatchObject({ status: 0, stdout: '2 false' });

    // The cache damaged on disk: bytes flipped in the cached code, or cut short.
    writeFileSync(file, bundle(1));
    for (const at of [0.3, 0.6, 0.9]) {
      const damaged = Buffer.from(cache);
      const from = Math.floor(damaged.length * at);
      for (let i = from; i < from + 64 && i < damaged.length; i++) damaged[i]! ^= 0xa5;
      writeFileSync(`${file}.v8cache`, damaged);
      expect(node(run, dir)).toMatchObject({ status: 0, stdout: '1 false' });
    }
    writeFileSync(`${file}.v8cache`, cache.subarray(0, cache.length - 100));
    expect(node(run, dir)).toMatchObject({ status: 0, stdout: '1 false' });
  });

  it('runs the built bundles from the code caches the build made', () => {
    // Started as `letters` starts: V8 keeps a cache only for the node flags it was made with.
    const { nodeArgs, env } = launchOfBin();
    const r = spawnSync(
      process.execPath,
      [
        ...nodeArgs,
        '-e',
        `const { loadBundle, usedCodeCache } = require(${JSON.stringify(LOADER)}); for (const b of ['dist/cli.cjs', 'dist/commands.cjs']) { loadBundle(b); console.log(b, usedCodeCache(b)); }`,
      ],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } },
    );
    expect(r.stdout.trim().split('\n')).toEqual(['dist/cli.cjs true', 'dist/commands.cjs true']);
  });

  it('reads a bundle in UTF-8 when it is not ASCII, and the build writes every bundle in ASCII', () => {
    const dir = tempDir('letters-load-bundle-');
    const text = 'Kazakhstan: Қазақстан, «Baltabay», 中文, 😀';
    writeFileSync(join(dir, 'u.cjs'), `${BUILD_LINE}module.exports = { text: ${JSON.stringify(text)}, re: /^(jänner|märz)$/i.test('MÄRZ') };\n`, 'utf8');
    const print = `const b = loadBundle('u.cjs'); console.log(JSON.stringify([b.text, b.re]));`;
    expect(node(`${print} writeCodeCaches();`, dir)).toMatchObject({ status: 0, stdout: JSON.stringify([text, true]) });
    expect(node(print, dir)).toMatchObject({ status: 0, stdout: JSON.stringify([text, true]) });

    // Read as Latin-1, a bundle of dist/ is its own text only while it is ASCII (scripts/build.ts).
    const dist = join(ROOT, 'dist');
    const bundles = readdirSync(dist).filter((f) => f.endsWith('.cjs'));
    expect(bundles).toContain('commands.cjs');
    for (const f of bundles) expect([f, isAscii(readFileSync(join(dist, f)))]).toEqual([f, true]);
  });
});
