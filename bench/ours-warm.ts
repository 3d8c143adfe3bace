// Our pipeline on the sample letter, warm, in the bench's `ours` process: compose -> layout -> PDF, as
// `generate` and `batch` run it per letter after reading. This module is the entry of the bench's own
// bundle of src/ (ours-bundle.ts), made as dist/'s bundles are, packages patched alike: the bench times
// the code users run, not src/ as tsx serves it (fontkit's shaping, for one, is patched at bundling).
import { createHash } from 'node:crypto';
import { composeLetter } from '../src/compose/compose-letter.js';
import type { LetterSpec } from '../src/plan/letter-spec.js';
import { loadCase } from '../src/pipeline/load-case.js';
import { layOutLetter } from '../src/pipeline/lay-out-letter.js';
import { produceLetter } from '../src/pipeline/produce-letter.js';
import { readyToShape } from '../src/pipeline/ready-to-shape.js';
import { planCaseLetters } from '../src/plan/plan-case-letters.js';
import { FORMATS } from '../src/render/formats.js';

/** The one letter of a case file (the sample), read and planned by this bundle's own code. */
export function sampleSpec(caseFile: string): LetterSpec {
  const [spec] = planCaseLetters(loadCase(caseFile));
  if (!spec) throw new Error(`${caseFile} has no letter`);
  return spec;
}

/** One letter through our whole pipeline after reading (what `generate` and `batch` run per letter). */
export async function renderOurs(spec: LetterSpec): Promise<{ pdf: Buffer; pages: number }> {
  const letter = await produceLetter(spec);
  return { pdf: letter.pdf, pages: letter.pages };
}

export interface Phases {
  compose: number;
  layout: number;
  pdf: number;
  sha256: number;
}

/** Where a warm letter's time goes: produceLetter's steps timed one by one, median ms of each. */
export async function ourPhases(spec: LetterSpec, letters: number): Promise<Phases> {
  const ms: Record<keyof Phases, number[]> = { compose: [], layout: [], pdf: [], sha256: [] };
  for (let i = 0; i < letters; i++) {
    const t0 = performance.now();
    const doc = composeLetter(spec);
    await readyToShape(doc);
    const t1 = performance.now();
    const layout = layOutLetter(spec, doc);
    const t2 = performance.now();
    const pdf = await FORMATS.pdf.render(doc, layout);
    const t3 = performance.now();
    createHash('sha256').update(pdf).digest('hex');
    const t4 = performance.now();
    ms.compose.push(t1 - t0);
    ms.layout.push(t2 - t1);
    ms.pdf.push(t3 - t2);
    ms.sha256.push(t4 - t3);
  }
  return { compose: median(ms.compose), layout: median(ms.layout), pdf: median(ms.pdf), sha256: median(ms.sha256) };
}

/** The median as sample.ts's `stats` takes it (not imported: it would bring src/ in as tsx serves it). */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length / 2) - 1)] ?? NaN;
}

/**
 * The sample letter to its `n`-th other addressee: the same case, sender and body, a name the process
 * has never printed, so nothing can serve the whole letter from a cache of letters seen before: the
 * campaign-day letter whose body was rendered for someone else.
 */
export function otherAddressee(spec: LetterSpec, n: number): LetterSpec {
  const [first, ...rest] = spec.addressees;
  if (!first) throw new Error('the sample letter has no addressee');
  const name = first.data.name;
  const renamed = typeof name === 'string' ? `${name} ${n}` : Object.fromEntries(Object.entries(name).map(([lang, text]) => [lang, `${text} ${n}`]));
  return { ...spec, id: `${spec.id}-${n}`, addressees: [{ ...first, data: { ...first.data, name: renamed } }, ...rest] };
}
