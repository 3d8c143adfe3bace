import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { caseLanguage, loadCase, loadCaseContent } from '../../src/pipeline/load-case.js';
import { batchWorkspace } from '../batch/helpers.js';

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`no ${from} in ${file}`);
  writeFileSync(file, text.replace(from, to));
}

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (err) {
    if (err instanceof ValidationError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

describe('loadCaseContent', () => {
  it('loads a case whose own sender is broken and whose recipient is unknown, which loadCase refuses', () => {
    const ws = batchWorkspace();
    const file = join(ws, 'cases', 'case-one.yaml');
    edit(file, 'sender: good-en', 'sender: broken-signature');
    edit(file, '  - official: official-a', '  - official: nobody');
    const kase = loadCaseContent(file);
    expect(kase.data.id).toBe('case-one');
    expect(kase.language).toBe('en');
    expect(problemsOf(() => loadCase(file))).toEqual([
      expect.stringMatching(/^recipients\[0\]\.official: unknown official `nobody`/),
      expect.stringMatching(/^signatories\[0\]\.signature: signature image `signatures\/truncated\.png`/),
    ]);
  });

  it("still refuses the case file's own problems: a citation of an unknown source", () => {
    const ws = batchWorkspace();
    const file = join(ws, 'cases', 'case-one.yaml');
    edit(file, '{{date timeline.0.date}}[^report].\n  fr', '{{date timeline.0.date}}[^repotr].\n  fr');
    expect(problemsOf(() => loadCaseContent(file))).toEqual([expect.stringMatching(/^body\.en: the body cites \[\^repotr\]/)]);
  });
});

describe('caseLanguage', () => {
  it("is the letter's language, else the own sender's, read from its YAML when the sender is broken, else en", () => {
    const ws = batchWorkspace();
    expect(caseLanguage({ language: 'es', sender: 'good-fr' }, ws)).toBe('es');
    expect(caseLanguage({ sender: 'good-fr' }, ws)).toBe('fr');
    // Broken (a truncated signature image), but its language can still be read.
    edit(join(ws, 'senders', 'broken-signature.yaml'), 'language: en', 'language: fr');
    expect(caseLanguage({ sender: 'broken-signature' }, ws)).toBe('fr');
    writeFileSync(join(ws, 'senders', 'unreadable.yaml'), 'id: [unclosed\n');
    expect(caseLanguage({ sender: 'unreadable' }, ws)).toBe('en');
    rmSync(join(ws, 'senders', 'good-en.yaml'));
    expect(caseLanguage({ sender: 'good-en' }, ws)).toBe('en');
    expect(caseLanguage({}, ws)).toBe('en');
  });
});
