// The layers of src/, top to bottom (docs/architecture.md). A module may import only its own layer and
// the layers below it; `npm run check` runs this through `npm run depcruise` and fails on an upward
// import or any cycle between files.
const LAYERS = [
  ['cli', '^src/cli\\.ts$'],
  ['commands', '^src/commands/'],
  ['batch', '^src/batch/'],
  ['pipeline', '^src/pipeline/'],
  ['compose', '^src/compose/'],
  ['plan', '^src/plan/'],
  ['render', '^src/render/'],
  ['layout', '^src/layout/'],
  ['output', '^src/output/'],
  ['input', '^src/input/'],
  ['languages', '^src/languages/'],
  ['fonts', '^src/fonts/'],
  ['base', '^src/(letter-document|errors|version|package-root|bounded-cache|path-inside)\\.ts$|^src/types/'],
];

const upward = LAYERS.slice(1).map(([name, path], i) => ({
  name: `no-upward-from-${name}`,
  comment: `${name} sits below ${LAYERS.slice(0, i + 1)
    .map(([above]) => above)
    .join(', ')}: it must not import them.`,
  severity: 'error',
  from: { path },
  to: {
    path: LAYERS.slice(0, i + 1)
      .map(([, above]) => `(${above})`)
      .join('|'),
  },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'A cycle between modules means two layers lean on each other; move the shared part down.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...upward,
    {
      name: 'every-module-in-a-layer',
      comment: 'A new folder or top-level file of src/ needs its place in the LAYERS list above.',
      severity: 'error',
      from: { path: '^src/', pathNot: LAYERS.map(([, path]) => `(${path})`).join('|') },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
