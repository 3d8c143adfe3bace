import { ValidationError } from '../errors.js';
import { type PathPart, problemAt } from '../input/read-yaml.js';
import type { CaseData } from '../input/schemas.js';
import type { Footnote } from '../letter-document.js';
import type { Origin } from '../plan/localize.js';
import { bodyProblemAt } from './render-body.js';

/**
 * `[^id]` in a body as written; the id may be filled in (`[^{{source}}]`). Global: for matchAll and
 * replace only. An id holds no `[` (no source id can): otherwise each `[^` of `[^[^[^…` was tried with
 * an id running to the end of the text, and 300,000 of them never finished.
 */
export const CITATION = /\[\^([^\]\s[]+)\]/g;
/** A private-use character, which no body holds, around the number of a citation while it is found. */
const MARK = '\uE000';
const MARKED = new RegExp(`${CITATION.source}${MARK}(\\d+)${MARK}`, 'g');

/**
 * Footnotes numbered in order of first citation across the whole letter; citing a source again
 * reuses its number. `cite` fails on an id that is not one of the case's own sources, at the citation
 * in the case's body that filled it in when there is one.
 */
export function numberFootnotes(sources: CaseData['sources'], origin: Origin, body?: CaseBody): { cite: (id: string) => number; footnotes: Footnote[] } {
  const footnotes: Footnote[] = [];
  const numbers = new Map<string, number>();
  const cite = (id: string): number => {
    let n = numbers.get(id);
    if (n === undefined) {
      // Own keys only: `[^constructor]` must not find Object.prototype.constructor.
      const source = sources && Object.hasOwn(sources, id) ? sources[id] : undefined;
      if (!source) throw new ValidationError([unknownCitation(id, sources, origin, body)]);
      n = footnotes.length + 1;
      numbers.set(id, n);
      footnotes.push({ number: n, url: source.url, ...(source.title ? { title: source.title } : {}) });
    }
    return n;
  };
  return { cite, footnotes };
}

/** A case's own body: its text as written, its place in the case file, and the body's filling-in of a text. */
export interface CaseBody {
  text: string;
  path: PathPart[];
  fill: (text: string) => string;
}

function unknownCitation(id: string, sources: CaseData['sources'], origin: Origin, body?: CaseBody) {
  const known = Object.keys(sources ?? {});
  const there = `which is not among the case's sources (${known.join(', ') || 'none'})`;
  const at = body ? citationOf(id, body) : undefined;
  if (body && at) {
    const filled = at.written === id ? '' : `, filled in as [^${id}]`;
    const fix = known.length > 0 ? `cite one of them, or add \`${id}\` under \`sources:\`.` : `add \`${id}\` under \`sources:\`.`;
    return bodyProblemAt(origin.source, body.path, body.text, at.index, `the body cites [^${at.written}]${filled}, ${there}: ${fix}`);
  }
  return problemAt(origin.source, sources ? ['sources'] : [], `the letter cites [^${id}], ${there}: add it under \`sources:\` or correct the citation.`);
}

/**
 * The citation of the body that was filled in as `[^id]` (`[^{{source}}]` in a loop). Found only when
 * the id names no source: the body is filled in again with each citation followed by its number.
 */
function citationOf(id: string, body: CaseBody): { written: string; index: number } | undefined {
  const written = [...body.text.matchAll(CITATION)];
  let k = 0;
  const marked = body.text.replace(CITATION, (m: string) => `${m}${MARK}${k++}${MARK}`);
  let filled: string;
  try {
    filled = body.fill(marked);
  } catch {
    return undefined;
  }
  // Filled-in data is escaped for Markdown (`erlan\-baltabay`), which the citation's id is not.
  for (const hit of filled.matchAll(MARKED)) {
    const m = hit[1]!.replace(/\\(.)/gs, '$1') === id ? written[Number(hit[2])] : undefined;
    if (m) return { written: m[1]!, index: m.index };
  }
  return undefined;
}
