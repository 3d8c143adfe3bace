// scripts/bundle-patches.ts has pdfkit make each document's file ID with Node's MD5 instead of
// @noble/hashes's, and write ASCII strings and dates without a detour: bundled as the build bundles it,
// a document must get the very ID and bytes pdfkit gives it.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import PDFDocument from 'pdfkit';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleOptions } from '../../scripts/bundle-options.js';

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
  { Title: 'broken \ud800 surrogate \udfff', Author: 'x'.repeat(10_000), CreationDate: new Date(-1), ModDate: new Date(Date.UTC(2038, 0, 19)) },
];

let Patched: typeof PDFDocument | undefined;

describe('pdfkit, as the build bundles it', () => {
  it('gives each document the file ID pdfkit itself gives it', async () => {
    Patched ??= await bundledPdfkit();
    expect(readFileSync(join(out, 'pdfkit.cjs'), 'utf8')).toContain('"md5"');
    for (const info of INFOS) {
      const id = (Document: typeof PDFDocument) => Buffer.from((new Document({ autoFirstPage: false, info }) as unknown as { _id: Uint8Array })._id);
      expect(id(Patched).toString('hex'), JSON.stringify(info)).toBe(id(PDFDocument).toString('hex'));
      expect(id(Patched)).toHaveLength(16);
    }
  });

  it('writes strings, links and dates as pdfkit itself does, encrypted or not', async () => {
    Patched ??= await bundledPdfkit();
    const documents = [
      ...INFOS.map((info) => ({ info })),
      { info: INFOS[1], userPassword: 'secret', pdfVersion: '1.4' as const },
      { info: { Title: 'plain (with) \\ brackets\n\t\r\b\f and \x7f', CreationDate: new Date(Date.UTC(999, 0, 2, 3, 4, 5)) } },
      { info: { Title: 'x', CreationDate: new Date(Date.UTC(12345, 11, 31, 23, 59, 59)) } },
    ];
    for (const options of documents) {
      const bytes = (Document: typeof PDFDocument) =>
        new Promise<Buffer>((resolve, reject) => {
          const pdf = new Document({ autoFirstPage: false, compress: false, ...options });
          const chunks: Buffer[] = [];
          pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
          pdf.on('end', () => resolve(Buffer.concat(chunks)));
          pdf.on('error', reject);
          pdf.addPage();
          pdf.link(10, 10, 100, 20, 'https://example.org/a(b)c?d=\\e&f=ü');
          pdf.link(10, 40, 100, 20, 'https://www.ituc-csi.org/kazakhstan-union-leader-erlan');
          pdf.end();
        });
      const plain = await bytes(PDFDocument);
      const patched = await bytes(Patched);
      if (!('userPassword' in options)) expect(patched.toString('latin1')).toContain('/URI (https://www.ituc-csi.org/kazakhstan-union-leader-erlan)');
      expect(patched.equals(plain), JSON.stringify(options).slice(0, 200)).toBe(true);
    }
  });
});
