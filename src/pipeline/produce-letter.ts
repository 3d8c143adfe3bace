import { createHash } from 'node:crypto';
import { composeLetter, type ComposeOptions } from '../compose/compose-letter.js';
import type { LetterSpec } from '../plan/letter-spec.js';
import type { LetterDocument } from '../letter-document.js';
import type { Layout } from '../layout/layout-letter.js';
import { FORMATS } from '../render/formats.js';
import { layOutLetter } from './lay-out-letter.js';
import { readyToShape } from './ready-to-shape.js';

export interface ProducedLetter {
  doc: LetterDocument;
  layout: Layout;
  pdf: Buffer;
  pages: number;
  sha256: string;
}

/** The pipeline after reading: compose -> LetterDocument -> layout -> PDF bytes. */
export async function produceLetter(spec: LetterSpec, options: ComposeOptions = {}): Promise<ProducedLetter> {
  const doc = composeLetter(spec, options);
  await readyToShape(doc);
  const layout = layOutLetter(spec, doc);
  const pdf = await FORMATS.pdf.render(doc, layout);
  return { doc, layout, pdf, pages: layout.pages.length, sha256: createHash('sha256').update(pdf).digest('hex') };
}
