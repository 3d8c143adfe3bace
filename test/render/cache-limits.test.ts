import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type * as BoundedCacheModule from '../../src/bounded-cache.js';
import type { LetterSpec } from '../../src/plan/letter-spec.js';
import { ROOT, sampleWorkspace } from '../helpers/run-cli.js';
import { shuffled } from '../helpers/shuffled.js';

/**
 * Every per-process cache that is a BoundedCache (laid-out paragraphs and lines, numbering tokens,
 * font files and ToUnicode maps by glyph list, compressed page pieces, widths, hyphenation points,
 * parsed bodies...) starts over when full: a letter must not depend on when that happens. Here each
 * holds at most a few entries and a couple of KB, so they start over many times inside every letter,
 * and the letters (the samples and the text-layer stress cases: five languages, fallback scripts,
 * right to left, ligatures, bold and italic, footnotes, and one paragraph's text at three measures)
 * are rendered in a shuffled order; then again with the caches as shipped, fresh in another order,
 * and warm in a third. Every rendering of a letter has the same bytes.
 */

vi.mock('../../src/bounded-cache.js', async (importOriginal) => {
  const real = await importOriginal<typeof BoundedCacheModule>();
  class TinyCache<K, V> extends real.BoundedCache<K, V> {
    constructor(limit: number, budget?: ConstructorParameters<typeof real.BoundedCache<K, V>>[1]) {
      super(Math.min(limit, 3), budget && { ...budget, bytes: Math.min(budget.bytes, 2_000) });
    }
  }
  return { ...real, BoundedCache: TinyCache };
});

const ws = sampleWorkspace();
afterAll(() => rmSync(ws, { recursive: true, force: true }));
cpSync(join(ROOT, 'test', 'fixtures', 'text-layer', 'cases'), join(ws, 'cases'), { recursive: true });
// One paragraph's text set at three measures in three letters: as a paragraph, quoted, and as a list item.
const same =
  'The same words, set again and again, justify each line with a different spacing when the width changes: ' +
  '**Łódź**, *Ørsted* and ﬁnal office, twice over. The same words, set again and again, justify each line.';
for (const [name, body] of [
  ['same-paragraph', same],
  ['same-quote', `> ${same}`],
  ['same-list', `- ${same}\n  - ${same}`],
]) {
  writeFileSync(
    join(ws, 'cases', `${name}.yaml`),
    readFileSync(join(ws, 'cases', 'erlan-baltabay.yaml'), 'utf8')
      .replace(/^id: .*$/m, `id: ${name}`)
      .replace(/^body:\n[\s\S]*?(?=^letter:)/m, `body: |\n  ${body!.replace(/\n/g, '\n  ')}\n`),
  );
}

type Produce = (spec: LetterSpec) => Promise<{ pdf: Buffer }>;

/** The modules that plan and render, as imported now (with or without the mock), and every letter of the workspace's cases. */
async function modules(): Promise<{ produce: Produce; specs: { name: string; spec: LetterSpec }[] }> {
  const { loadCase } = await import('../../src/pipeline/load-case.js');
  const { planCaseLetters } = await import('../../src/plan/plan-case-letters.js');
  const { produceLetter } = await import('../../src/pipeline/produce-letter.js');
  const specs = readdirSync(join(ws, 'cases'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => planCaseLetters(loadCase(join(ws, 'cases', f))).map((spec) => ({ name: `${f}/${spec.id}`, spec })));
  return { produce: produceLetter, specs };
}

async function render(produce: Produce, letters: { name: string; spec: LetterSpec }[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const { name, spec } of letters) out.set(name, (await produce(spec)).pdf);
  return out;
}

describe('letters rendered with caches that start over every few entries', () => {
  it('have the bytes they have with the caches as shipped, in any order', async () => {
    const tiny = await modules();
    const { BoundedCache } = await import('../../src/bounded-cache.js');
    expect(BoundedCache.name).toBe('TinyCache');
    expect(tiny.specs.length).toBeGreaterThanOrEqual(20);
    const forward = await render(tiny.produce, shuffled(tiny.specs, 5));

    vi.doUnmock('../../src/bounded-cache.js');
    vi.resetModules();
    const shipped = await modules();
    expect((await import('../../src/bounded-cache.js')).BoundedCache.name).toBe('BoundedCache');
    const fresh = await render(shipped.produce, shuffled(shipped.specs, 8));
    const warm = await render(shipped.produce, [...shipped.specs].reverse());

    const differing = [...forward.keys()].filter((name) => ![fresh, warm].every((run) => run.get(name)!.equals(forward.get(name)!)));
    expect(differing).toEqual([]);
  }, 120_000);
});
