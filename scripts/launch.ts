// How `letters` starts when run as users run it (`npx letters`, or `letters` once installed): the
// kernel (or npm's shim on Windows) reads bin/letters.js's first line, `#!/usr/bin/env -S [NAME=value …]
// node [--flag …]`, and starts node with that environment and those flags. The build makes its code
// caches in a node started so (V8 keeps a cache only for the flags it was made with), and the benches
// start node the same way, so their figures are those of the command, not of a bare `node bin/letters.js`.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

export interface Launch {
  /** Variables the first line sets. */
  env: Record<string, string>;
  /** node's flags, before the script. */
  nodeArgs: string[];
}

export function launchOfBin(bin = join(ROOT, 'bin', 'letters.js')): Launch {
  const first = readFileSync(bin, 'utf8').split('\n', 1)[0]!;
  const m = /^#!\/usr\/bin\/env(?: -S)? (.*)$/.exec(first);
  if (!m) throw new Error(`${bin} does not start with #!/usr/bin/env: ${first}`);
  const words = m[1]!.trim().split(/\s+/);
  const at = words.indexOf('node');
  if (at < 0) throw new Error(`${bin}'s first line starts no node: ${first}`);
  const env = Object.fromEntries(words.slice(0, at).map((w) => w.split('=', 2) as [string, string]));
  return { env, nodeArgs: words.slice(at + 1) };
}
