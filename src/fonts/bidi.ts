import { createRequire } from 'node:module';
import type { Bidi } from 'bidi-js';

let loaded: Bidi | undefined;

/** bidi-js, loaded by the first line with right-to-left text (its module is the factory its types call the default export). */
export function bidiAlgorithm(): Bidi {
  return (loaded ??= (createRequire(import.meta.url)('bidi-js') as () => Bidi)());
}
