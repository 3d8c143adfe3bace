// scripts/bundle-patches.ts has pdfkit make each document's file ID with Node's MD5 instead of
// @noble/hashes's: bundled as the build bundles it, a document must get the very ID pdfkit gives it.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import PDFDocument from 'pdfkit';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleOptions, IMPORT_META_URL_LINE } from '../../scripts/bundle-options.js';

const root = resolve(import.meta.dirname, '..', '..');
// Inside the package, as dist/ is: the patched pdfkit finds its own files from the installed package.
const out = join(root, '.scratch', `pdfkit-patches-${randomUUID()}`);
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function bundledPdfkit(): Promise<typeof PDFDocument> {
  mkdirSync(out, { recursive: true });
  const file = join(out, 'pdfkit.cjs');
  await build({
    ...bundleOptions(),
    stdin: { contents: "export { default } from 'pdfkit';", resolveDir: root, loader: 'js' },
    outfile: file,
    banner: { js: IMPORT_META_URL_LINE },
    logLevel: 'silent',
  });
  return (createRequire(import.meta.url)(file) as { default: typeof PDFDocument }).default;
}

// Each with a CreationDate: pdfkit's default is the time the document is made.
const INFOS: PDFKit.DocumentInfo[] = [
  { CreationDate: new Date(1) },
  { Title: 'Persecution of Erlan Baltabay', Author: 'International Trade Union Confederation', CreationDate: new Date(Date.UTC(2019, 11, 16, 12)) },
  { Title: 'Преследование Ерлана Балтабая', Subject: 'Қазақстан · 🇰🇿 · 日本語 · e\u0301', Keywords: 'a, b', CreationDate: new Date(0) },
  // A lone surrogate (a YAML "\ud800" escape) is U+FFFD in UTF-8 for both hashes.
  { Title: 'broken \ud800 surrogate \udfff', Author: 'x'.repeat(10_000), ModDate: new Date(Date.UTC(2038, 0, 19)) },
];

describe('pdfkit, as the build bundles it', () => {
  it('gives each document the file ID pdfkit itself gives it', async () => {
    const Patched = await bundledPdfkit();
    expect(readFileSync(join(out, 'pdfkit.cjs'), 'utf8')).toContain('"md5"');
    for (const info of INFOS) {
      const id = (Document: typeof PDFDocument) => Buffer.from((new Document({ autoFirstPage: false, info }) as unknown as { _id: Uint8Array })._id);
      expect(id(Patched).toString('hex')).toBe(id(PDFDocument).toString('hex'));
      expect(id(Patched)).toHaveLength(16);
    }
  });
});
