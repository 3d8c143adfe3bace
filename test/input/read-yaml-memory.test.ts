// A file's SourceFile outlives its check: a batch worker keeps every case of a campaign and 64 senders
// loaded. It keeps the file's text and data, and its parse tree only while something still uses it
// (read-yaml.ts, treeOf): places are found again, the same, after the tree is collected.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parseYaml, type SourceFile } from '../../src/input/read-yaml.js';
import { ROOT } from '../helpers/run-cli.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const SAMPLE = readFileSync(join(ROOT, 'cases', 'erlan-baltabay.yaml'), 'utf8');

function sourceOf(text: string): SourceFile {
  const read = parseYaml('case.yaml', text);
  if (!read.ok) throw new Error(read.problems.map((p) => p.message).join('\n'));
  return read.source;
}

/** The heap held by what `make` returns for each text, after a full collection, in bytes per text. */
async function heldPer(texts: string[], make: (text: string) => unknown): Promise<number> {
  const settle = async () => {
    // A WeakRef's target lives to the end of the task that made it.
    await new Promise((resolve) => setTimeout(resolve, 1));
    gc();
  };
  await settle();
  const before = getHeapStatistics().used_heap_size;
  const held = texts.map(make);
  await settle();
  const after = getHeapStatistics().used_heap_size;
  expect(held).toHaveLength(texts.length);
  return (after - before) / texts.length;
}

describe('a SourceFile kept after its check', () => {
  it('holds its data and text, not its parse tree', async () => {
    const texts = Array.from({ length: 100 }, (_, i) => `${SAMPLE}\n# copy ${i}\n`);
    // Flat strings, each its own, as files read from disk are.
    for (const t of texts) expect(t.charCodeAt(t.length - 2)).toBeGreaterThan(0);
    // Compiled once, not held per file: the code of the first parses would count as held.
    for (let i = 0; i < 20; i++) structuredClone(sourceOf(texts[i]!).data);
    const sources = await heldPer(texts, sourceOf);
    const data = await heldPer(texts, (text) => structuredClone(sourceOf(text).data));
    // With its tree, a case's SourceFile held some twice its data (its text apart).
    expect(sources / data).toBeLessThan(1.4);
  });

  it('finds the same places after its parse tree was collected', async () => {
    const source = sourceOf(SAMPLE);
    const paths = [
      ['person', 'name'],
      ['letter', 'body'],
      ['timeline', 0, 'event'],
      ['demands', 1],
      ['sources', 0, 'url'],
    ] as const;
    const ask = () =>
      paths.map((path) => ({
        at: source.locate(path),
        key: source.locate(path, true),
        inValue: source.locateInValue(path, 3),
        line: source.contentLine(path),
      }));
    const first = ask();
    expect(first.filter((p) => p.at !== undefined).length).toBeGreaterThanOrEqual(4);
    await new Promise((resolve) => setTimeout(resolve, 1));
    gc();
    expect(ask()).toEqual(first);
  });
});
