// The bench's bundle of our pipeline (ours-warm.ts), made with dist/'s esbuild options and package
// patches (scripts/bundle-options.ts) into bench/.build/, inside the package so that src/'s files
// (templates, fonts) are found from it as from dist/. Made anew by each `npm run bench`.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { bundleOptions } from '../scripts/bundle-options.js';
import { ROOT } from './sample.js';

import type * as oursWarm from './ours-warm.js';

export type OursWarm = typeof oursWarm;

/** Where the bundle is written. */
export const OURS_BUNDLE = join(ROOT, 'bench', '.build', 'ours-warm.cjs');

/** Bundles ours-warm.ts as dist/'s bundles are made (`npm run bench` runs this before the contenders start). */
export async function buildOursBundle(): Promise<string> {
  await build({
    ...bundleOptions(),
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, 'bench', 'ours-warm.ts')],
    outfile: OURS_BUNDLE,
    logLevel: 'warning',
  });
  return OURS_BUNDLE;
}

/** The bundle, loaded (buildOursBundle first). */
export function loadOursBundle(file = OURS_BUNDLE): OursWarm {
  return createRequire(import.meta.url)(file) as OursWarm;
}
