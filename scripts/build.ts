// Builds dist/ (`npm run build`, run by `npm install` through prepare): src/ bundled by esbuild into a few
// CommonJS files that bin/load-bundle.cjs runs with V8's code cache. A new process reads a few files
// instead of some 860 modules, and compiles little: the build runs the tool once (generate, preview and
// validate of the samples) and keeps the compiled code of each bundle beside it (`<bundle>.v8cache`).
// - cli.cjs: the command line (yargs); `--help` loads nothing else.
// - commands.cjs: the commands and all they use, loaded when a command runs; and the batch thread's work.
// - batch-command.cjs (with batch-thread.cjs, the thread it starts): `letters batch`'s own thread alone.
// - worker.cjs (with worker.js, the module piscina starts): a batch worker's rendering alone.
// - errors.cjs: the error classes, one module that every other bundle requires.
// - render-pool.cjs: the batch pool alone, for test/batch/render-pool.test.ts.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { asciiSource } from './ascii-source.js';
import { bundleOptions } from './bundle-options.js';
import { launchOfBin } from './launch.js';
import { LANGUAGES } from '../src/languages/languages.js';
import { patternsJsonPath } from '../src/layout/hyphenate.js';

const root = resolve(import.meta.dirname, '..');

/** The commands, loaded by cli.cjs from commands.cjs when one runs (cli.ts imports each when it runs). */
const COMMANDS = ['generate', 'preview', 'send', 'validate'];

/** cli.ts's imports of the commands: left to commands.cjs, which cli.cjs requires through the loader. */
const commandsApart: Plugin = {
  name: 'commands-apart',
  setup(b) {
    const fromCli = (importer: string) => importer.endsWith(`${'src'}/cli.ts`) || importer.endsWith('src\\cli.ts');
    b.onResolve({ filter: new RegExp(`^\\./commands/(${COMMANDS.join('|')})\\.js$`) }, ({ importer }) =>
      fromCli(importer) ? { path: './commands.cjs', external: true } : undefined,
    );
    // `letters batch` runs the campaign in a thread (commands.cjs's batchThread): its own thread needs
    // only the command, a bundle of its own, and never loads commands.cjs.
    b.onResolve({ filter: /^\.\/commands\/batch\.js$/ }, ({ importer }) => (fromCli(importer) ? { path: './batch-command.cjs', external: true } : undefined));
    b.onResolve({ filter: /^letters:commands$/ }, () => ({ path: 'commands', namespace: 'letters' }));
    b.onLoad({ filter: /.*/, namespace: 'letters' }, () => ({
      // Each command's modules are run when it is called, not when the bundle loads: `generate`
      // never starts nodemailer, `--help` loads no bundle but cli.cjs.
      contents: [
        ...COMMANDS.map((c) => `export const ${c}Command = async (...args) => (await import('./src/commands/${c}.ts')).${c}Command(...args);`),
        // The thread `letters batch` runs a campaign in: dist/batch-thread.cjs calls it.
        `export const batchThread = async () => (await import('./src/batch/batch-thread.ts')).batchThread();`,
        // For the build's training run alone (trainCodeCaches): the batch thread's code, compiled in this thread.
        `export const runBatch = async (...args) => (await import('./src/batch/run-batch.ts')).runBatch(...args);`,
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    }));
  },
};

/**
 * src/errors.ts is one bundle of its own (errors.cjs), which the others require through the loader:
 * the CLI tells a user's mistake from a bug by the error's class (`instanceof UserError`), so the
 * commands must throw the very classes cli.cjs checks.
 */
const errorsShared: Plugin = {
  name: 'errors-shared',
  setup(b) {
    const errors = resolve(root, 'src', 'errors.js');
    b.onResolve({ filter: /\/errors\.js$/ }, ({ path, resolveDir, kind }) =>
      kind !== 'entry-point' && resolve(resolveDir, path) === errors ? { path: './errors.cjs', external: true } : undefined,
    );
  },
};

/** The bundles, each `dist/<name>.cjs`. */
const BUNDLES = {
  cli: 'src/cli.ts',
  commands: 'letters:commands',
  'batch-command': 'src/commands/batch.ts',
  errors: 'src/errors.ts',
  worker: 'src/batch/worker.ts',
  'render-pool': 'src/batch/render-pool.ts',
};

rmSync(resolve(root, 'dist'), { recursive: true, force: true });
const result = await build({
  // The first line names this build, for the loader to match each code cache with its bundle.
  ...bundleOptions({ firstLine: `// letters build ${randomUUID()}`, plugins: [commandsApart, errorsShared] }),
  absWorkingDir: root,
  // Flat: render-pool finds ./worker.js beside itself, package-root.ts walks up to package.json.
  entryPoints: BUNDLES,
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  sourcemap: true,
  logLevel: 'warning',
  metafile: !!process.env.LETTERS_METAFILE,
});
// LETTERS_METAFILE=meta.json npm run build: what each output holds, for esbuild's analyzer.
if (result.metafile) writeFileSync(process.env.LETTERS_METAFILE!, JSON.stringify(result.metafile));

// The module piscina starts in each worker thread: worker.cjs through the loader. Making the code caches,
// it writes the worker's after each chunk of letters (the main thread writes the others when done).
writeFileSync(
  resolve(root, 'dist', 'worker.js'),
  `// Written by scripts/build.ts: piscina's worker module, worker.cjs run through the loader.
import { createRequire } from 'node:module';
const { loadBundle, writeCodeCaches } = createRequire(import.meta.url)('../bin/load-bundle.cjs');
const renderTask = loadBundle(new URL('./worker.cjs', import.meta.url)).default;
export default process.env.LETTERS_WRITE_CODE_CACHE === '1'
  ? async (task) => {
      const results = await renderTask(task);
      writeCodeCaches();
      return results;
    }
  : renderTask;
`,
);

writeFileSync(
  resolve(root, 'dist', 'batch-thread.cjs'),
  `// Written by scripts/build.ts: the thread \`letters batch\` runs a campaign in (src/batch/run-batch-in-thread.ts
// starts it): batch-thread.ts, from commands.cjs run through the loader.
'use strict';
// As bin/letters.js: stacks of internal errors mapped back to src/ (a thread has its own setting).
if (process.env.LETTERS_DEBUG) process.setSourceMapsEnabled(true);
const { join } = require('node:path');
const { loadBundle } = require('../bin/load-bundle.cjs');
void loadBundle(join(__dirname, 'commands.cjs')).batchThread();
`,
);

writeHyphenationPatterns();

/**
 * Each language's hyphenation patterns as JSON beside the bundles, which src/layout/hyphenate.ts reads
 * in half the time the package's JavaScript literal takes. In ASCII (the file is read as Latin-1), and
 * checked to parse back into the very data the package gives.
 */
function writeHyphenationPatterns(): void {
  const require = createRequire(import.meta.url);
  // Those of an earlier build, perhaps of another hyphen version, go.
  rmSync(resolve(root, 'dist', 'hyphen'), { recursive: true, force: true });
  for (const { hyphenation } of Object.values(LANGUAGES)) {
    if (!hyphenation) continue;
    const { patterns } = require(hyphenation) as { patterns: unknown };
    const json = JSON.stringify(patterns).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    if (!isDeepStrictEqual(JSON.parse(json), patterns)) throw new Error(`${hyphenation}'s patterns do not survive JSON`);
    const file = resolve(root, 'dist', patternsJsonPath(hyphenation));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, json);
  }
}

for (const name of Object.keys(BUNDLES)) {
  const file = resolve(root, 'dist', `${name}.cjs`);
  const text = readFileSync(file, 'utf8');
  const ascii = asciiSource(text, file);
  if (ascii !== text) writeFileSync(file, ascii);
}
trainCodeCaches();

/**
 * Runs the built tool once in a new process, as a user would (generate, preview and validate of the
 * sample case, a batch of the sample campaign in one thread and in two workers), and has it write the
 * code cache of each bundle it loaded: what it compiled on the way. The batch thread's code runs in
 * this thread once more (runBatch), since a bundle's cache is one thread's. A failure fails the build.
 */
function trainCodeCaches(): void {
  const out = mkdtempSync(join(tmpdir(), 'letters-build-'));
  try {
    const script = `
      const { loadBundle, writeCodeCaches } = require('./bin/load-bundle.cjs');
      const { main } = loadBundle('dist/cli.cjs');
      const io = { stdout() {}, stderr(t) { process.stderr.write(t); }, stdoutIsTTY: false, stderrIsTTY: false, env: {}, cwd: process.cwd() };
      (async () => {
        for (const argv of [
          ['generate', 'cases/erlan-baltabay.yaml', '--out', ${JSON.stringify(out)}, '--force'],
          ['preview', 'cases/erlan-baltabay.yaml'],
          ['validate', 'cases/erlan-baltabay.yaml'],
          ['batch', 'campaigns/kazakhstan-day-2020.yaml', '--out', ${JSON.stringify(out)} + '/1', '--jobs', '1', '--quiet'],
          ['batch', 'campaigns/kazakhstan-day-2020.yaml', '--out', ${JSON.stringify(out)} + '/2', '--jobs', '2', '--quiet'],
          ['--help'],
        ]) {
          const code = await main(argv, io);
          if (code !== 0) throw new Error('letters ' + argv.join(' ') + ' exited with ' + code);
        }
        // \`letters batch\` runs the campaign in a thread of its own, whose code cache this thread writes:
        // the same batch here, so that commands.cjs's cache holds that code too.
        const day = await loadBundle('dist/commands.cjs').runBatch('campaigns/kazakhstan-day-2020.yaml', { outDir: ${JSON.stringify(out)} + '/3', jobs: 1 });
        if (day.written !== day.total) throw new Error('the training batch wrote ' + day.written + ' of ' + day.total + ' letters');
        writeCodeCaches();
      })().catch((err) => { console.error(err); process.exitCode = 1; });
    `;
    // Started as `letters` starts (launch.ts): a code cache is kept only for the node flags it was made with.
    const launch = launchOfBin();
    const run = spawnSync(process.execPath, [...launch.nodeArgs, '-e', script], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NODE_OPTIONS: '', LETTERS_WRITE_CODE_CACHE: '1', ...launch.env },
    });
    if (run.status !== 0) throw new Error(`making the code caches failed (exit ${run.status ?? run.signal})`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
