import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeEmail } from '../../src/compose/compose-email.js';
import type { Block, LetterDocument } from '../../src/letter-document.js';
import { loadCase } from '../../src/pipeline/load-case.js';
import { produceLetter } from '../../src/pipeline/produce-letter.js';
import { planCaseLetters } from '../../src/plan/plan-case-letters.js';
import { renderText } from '../../src/render/text.js';
import { pdfWords } from './pdf-text.js';
import { sampleWorkspace } from './run-cli.js';

export interface RenderedLetter {
  doc: LetterDocument;
  /** The preview, as `letters preview` prints it. */
  preview: string;
  /** The PDF's text layer, its words joined by single spaces. */
  pdf: string;
  /** The e-mail's subject and cover note. */
  email: { subject: string; text: string };
}

/** The preview's words joined by single spaces, without the page furniture: phrases read across line ends. */
export function flat(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^-- page \d+ --$/.test(line) && !/^\[signature: .*\]$/.test(line))
    .join(' ')
    .split(/\s+/)
    .filter(Boolean)
    .join(' ');
}

/**
 * Every letter of a case written as `yaml` into a copy of the sample workspace (its senders, directory
 * and templates), rendered as the preview and as the PDF, the PDF read back.
 */
export async function renderCase(yaml: string, workspace = sampleWorkspace()): Promise<RenderedLetter[]> {
  const file = join(workspace, 'cases', 'under-test.yaml');
  writeFileSync(file, yaml);
  const out: RenderedLetter[] = [];
  for (const spec of planCaseLetters(loadCase(file))) {
    const letter = await produceLetter(spec);
    out.push({
      doc: letter.doc,
      preview: renderText(letter.doc, { layout: letter.layout, width: 80 }),
      pdf: (await pdfWords(letter.pdf)).join(' '),
      email: composeEmail(spec, letter.doc, `${spec.id}.pdf`),
    });
  }
  return out;
}

/** The letter's blocks of one kind, from its document. */
export function blocks<K extends Block['kind']>(letter: RenderedLetter, kind: K): Extract<Block, { kind: K }>[] {
  return letter.doc.blocks.filter((b): b is Extract<Block, { kind: K }> => b.kind === kind);
}

/** Both renderings, each as one line of words: the preview and the PDF's text. */
export function both(letter: RenderedLetter): string[] {
  return [flat(letter.preview), letter.pdf];
}
