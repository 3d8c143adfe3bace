// The esbuild options every bundle of src/ is made with: dist/'s (scripts/build.ts) and the bench's
// pipeline (bench/ours-bundle.ts), so that the bench times the code users run, packages patched alike.
import type { BuildOptions, Plugin } from 'esbuild';
import {
  aesTablesLazy,
  fontkitShaperTriesLazy,
  handlebarsHelpersKept,
  lineBreakTableLazy,
  pdfkitPatched,
  stringWidthLazy,
  yargsOwnPlace,
} from './bundle-patches.js';

/** What the build changes in the packages it bundles (bundle-patches.ts). */
export const PACKAGE_PATCHES = [
  yargsOwnPlace,
  pdfkitPatched,
  stringWidthLazy,
  aesTablesLazy,
  lineBreakTableLazy,
  fontkitShaperTriesLazy,
  handlebarsHelpersKept,
];

/** A bundle's first line that src/'s `import.meta.url` (define below) stands for: the bundle's own place. */
const IMPORT_META_URL_LINE = "var __letters_import_meta_url = require('node:url').pathToFileURL(__filename).href;";

/**
 * The options of a CommonJS bundle of src/ for Node 20, its packages patched (PACKAGE_PATCHES), with
 * `plugins` of its own after them and a `firstLine` before the line its `import.meta.url` needs.
 */
export function bundleOptions(own: { firstLine?: string; plugins?: Plugin[] } = {}): BuildOptions {
  return {
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // Smaller bundles are quicker to read and take less memory in every thread. LETTERS_UNMINIFIED=1
    // keeps the names and lines, for reading CPU profiles (node --cpu-prof).
    // No keepNames: it wraps every closure made at run time in a defineProperty call, and nothing here
    // reads a function's name (error classes name themselves, src/errors.ts).
    minify: process.env.LETTERS_UNMINIFIED !== '1',
    // piscina starts its worker threads from its own file.
    external: ['piscina'],
    // import() of what is not bundled (commands.cjs) becomes a require, which the loader serves.
    supported: { 'dynamic-import': false },
    // fontkit's and unicode-trie's inflate, done by zlib (scripts/shims/tiny-inflate.cjs).
    alias: { 'tiny-inflate': './scripts/shims/tiny-inflate.cjs' },
    // The bundles find their packages and files from their own place, as src/ does from import.meta.url.
    define: { 'import.meta.url': '__letters_import_meta_url' },
    banner: { js: own.firstLine === undefined ? IMPORT_META_URL_LINE : `${own.firstLine}\n${IMPORT_META_URL_LINE}` },
    plugins: [...PACKAGE_PATCHES, ...(own.plugins ?? [])],
  };
}
