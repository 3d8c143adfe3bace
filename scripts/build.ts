// Builds dist/ (`npm run build`, run by `npm install` through prepare): src/ bundled by esbuild into one ESM
// file per entry, the CLI and the batch worker, with shared chunks beside them. A new process then reads a
// few files instead of some 860 modules; split chunks keep `--help` from loading what only `generate` needs.
import { rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

const root = resolve(import.meta.dirname, '..');

/** Text replacements in a package's file, failing the build when the text they replace has changed. */
function patch(name: string, filter: RegExp, replacements: [from: string, to: string][]): Plugin {
  return {
    name,
    setup(b) {
      b.onLoad({ filter }, async ({ path }) => {
        let text = await readFile(path, 'utf8');
        for (const [from, to] of replacements) {
          if (!text.includes(from)) throw new Error(`${path} changed: update ${name} in scripts/build.ts`);
          text = text.replaceAll(from, to);
        }
        return { contents: text, loader: 'js' };
      });
    },
  };
}

/**
 * yargs finds its locales (and the package.json it reads options from) from its own file's place: bundled,
 * that place is a chunk of dist/. Point it back at the installed yargs, wherever npm put it.
 */
const yargsOwnPlace = patch('yargs-own-place', /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/, [
  [
    'const __dirname = fileURLToPath(import.meta.url);',
    "const __dirname = resolve(dirname(createRequire(import.meta.url).resolve('yargs')), 'lib/platform-shims/esm.mjs');",
  ],
]);

/**
 * pdfkit reads its standard fonts (through its package.json's `#standard-fonts/*` imports) and its sRGB
 * profile from its own folder: point both back at the installed pdfkit.
 */
const pdfkitOwnPlace = patch('pdfkit-own-place', /[\\/]pdfkit[\\/]js[\\/]pdfkit\.node\.mjs$/, [
  ['const require$1 = createRequire(import.meta.url);', "const require$1 = createRequire(createRequire(import.meta.url).resolve('pdfkit'));"],
  ["import { createRequire } from 'module';", "import { createRequire } from 'module';\nimport { pathToFileURL } from 'url';"],
  [
    "new URL('./data/sRGB_IEC61966_2_1.icc', import.meta.url)",
    "new URL('./data/sRGB_IEC61966_2_1.icc', pathToFileURL(createRequire(import.meta.url).resolve('pdfkit')))",
  ],
]);

rmSync(resolve(root, 'dist'), { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  // Flat: render-pool.ts finds ./worker.js beside itself, package-root.ts walks up to package.json.
  // render-pool is an entry of its own for test/batch/render-pool.test.ts, which drives the built pool.
  entryPoints: { cli: 'src/cli.ts', worker: 'src/batch/worker.ts', 'render-pool': 'src/batch/render-pool.ts' },
  outdir: 'dist',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // piscina starts its worker threads from its own file.
  external: ['piscina'],
  // Bundled CommonJS packages call require() for Node's built-ins.
  banner: { js: "import { createRequire as __letters_createRequire } from 'node:module'; const require = __letters_createRequire(import.meta.url);" },
  plugins: [yargsOwnPlace, pdfkitOwnPlace],
  logLevel: 'warning',
  metafile: !!process.env.LETTERS_METAFILE,
});
// LETTERS_METAFILE=meta.json npm run build: what each output holds, for esbuild's analyzer.
if (result.metafile) writeFileSync(process.env.LETTERS_METAFILE!, JSON.stringify(result.metafile));
