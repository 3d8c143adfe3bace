import { ValidationError } from '../errors.js';
import { problemAt } from '../input/read-yaml.js';
import type { CaseData } from '../input/schemas.js';
import type { Footnote } from '../letter-document.js';
import type { Origin } from '../plan/localize.js';

/**
 * Footnotes numbered in order of first citation across the whole letter; citing a source again
 * reuses its number. `cite` fails on an id that is not one of the case's own sources.
 */
export function numberFootnotes(sources: CaseData['sources'], origin: Origin): { cite: (id: string) => number; footnotes: Footnote[] } {
  const footnotes: Footnote[] = [];
  const numbers = new Map<string, number>();
  const cite = (id: string): number => {
    let n = numbers.get(id);
    if (n === undefined) {
      // Own keys only: `[^constructor]` must not find Object.prototype.constructor.
      const source = sources && Object.hasOwn(sources, id) ? sources[id] : undefined;
      if (!source) {
        throw new ValidationError([
          problemAt(
            origin.source,
            sources ? ['sources'] : [],
            `the letter cites [^${id}], which is not among the case's sources (${Object.keys(sources ?? {}).join(', ') || 'none'}): add it under \`sources:\` or correct the citation.`,
          ),
        ]);
      }
      n = footnotes.length + 1;
      numbers.set(id, n);
      footnotes.push({ number: n, url: source.url, ...(source.title ? { title: source.title } : {}) });
    }
    return n;
  };
  return { cite, footnotes };
}
