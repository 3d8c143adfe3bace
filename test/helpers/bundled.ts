// A package's module bundled as scripts/build.ts bundles it, with a chosen set of its esbuild plugins
// (scripts/bundle-patches.ts), and loaded: for the tests that hold a patched package to the original.
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { tempDir } from './temp-dir.js';

const root = resolve(import.meta.dirname, '..', '..');
let out: string | undefined;

/** `contents` (an ES module importing packages) bundled with these plugins, and loaded. */
export async function bundled<T>(contents: string, plugins: Plugin[]): Promise<T> {
  out ??= tempDir('letters-bundled-');
  const file = join(out, `${Math.random().toString(36).slice(2)}.cjs`);
  await build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    outfile: file,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    plugins,
    logLevel: 'silent',
  });
  return createRequire(import.meta.url)(file) as T;
}
