// scripts/bundle-patches.ts makes string-width's Segmenter and emoji expression on first use, and gives
// its older copies a shortcut for printable ASCII: each copy the build bundles must measure as before.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { stringWidthLazy } from '../../scripts/bundle-patches.js';

const root = resolve(import.meta.dirname, '..', '..');
const out = mkdtempSync(join(tmpdir(), 'letters-patches-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Every string-width the bundles take in (yargs's, cliui's, wrap-ansi's), wherever npm placed them. */
function stringWidthCopies(): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const path = join(dir, entry.name);
      if (entry.name === 'string-width') found.push(join(path, 'index.js'));
      else if (depth < 4 && (entry.name === 'node_modules' || dir.endsWith('node_modules') || entry.name.startsWith('@'))) walk(path, depth + 1);
    }
  };
  walk(join(root, 'node_modules'), 0);
  return found;
}

async function bundled(entry: string, patched: boolean): Promise<(text: string) => number> {
  const file = join(out, `${patched ? 'patched' : 'plain'}-${Math.random().toString(36).slice(2)}.cjs`);
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    plugins: patched ? [stringWidthLazy] : [],
    logLevel: 'silent',
  });
  const width = createRequire(import.meta.url)(file) as { default?: (t: string) => number } | ((t: string) => number);
  return typeof width === 'function' ? width : width.default!;
}

const SAMPLES = [
  'Sends the letters of a campaign day',
  '',
  '  --jobs  Letters rendered at once  [number] [default: 2]',
  'Қазақстан Республикасының Президенті',
  '日本語のテキスト',
  '한국어 조합 각',
  'e\u0301 combining, zero\u200bwidth',
  '👩‍👩‍👧 family, 1️⃣ keycap, 🇰🇿 flag',
  '\u001b[31mred\u001b[39m text',
  'tab\there, del\u007f, nbsp\u00a0',
  'tab\tand bell\u0007, ASCII only',
  'delete\u007f',
  'ﾊﾟﾝ halfwidth',
];

describe('string-width, as the build bundles it', () => {
  const copies = stringWidthCopies();

  it('finds the copies that make a Segmenter', () => {
    expect(copies.length).toBeGreaterThanOrEqual(2);
  });

  it('measures every sample as the package itself does', async () => {
    for (const copy of copies) {
      const [plain, patched] = [await bundled(copy, false), await bundled(copy, true)];
      for (const text of SAMPLES) expect([dirname(copy), text, patched(text)]).toEqual([dirname(copy), text, plain(text)]);
    }
  });
});
