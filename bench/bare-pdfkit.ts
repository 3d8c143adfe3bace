// The sample letter as a developer would write it with bare pdfkit: one PDFDocument per letter, the
// Noto Sans TTFs registered by file path (the naive way: pdfkit reads and parses each font file again
// for every letter) or from Buffers read once, pdfkit's own text flow with `align: 'justify'`, A4.
// The words come from the same LetterDocument our pipeline composes; the layout is pdfkit's, not ours.
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { Block, Inline, LetterDocument } from '../src/letter-document.js';
import { FONT_FILES } from './sample.js';

export type FontSource = 'paths' | 'buffers';

const MARGINS = { top: 50, right: 62, bottom: 62, left: 70 };
const BODY_SIZE = 10.5;
const NOTE_SIZE = 8;
const GREY = '#555555';

/** Font files and images read once per process, for the `buffers` variant. */
let buffers: { fonts: Record<keyof typeof FONT_FILES, Buffer>; images: Map<string, Buffer> } | undefined;

function fontsFrom(source: FontSource): Record<keyof typeof FONT_FILES, string | Buffer> {
  if (source === 'paths') return FONT_FILES;
  buffers ??= {
    fonts: {
      regular: readFileSync(FONT_FILES.regular),
      bold: readFileSync(FONT_FILES.bold),
      italic: readFileSync(FONT_FILES.italic),
      boldItalic: readFileSync(FONT_FILES.boldItalic),
    },
    images: new Map(),
  };
  return buffers.fonts;
}

function imageFrom(path: string, source: FontSource): string | Buffer {
  if (source === 'paths' || !buffers) return path;
  let data = buffers.images.get(path);
  if (!data) buffers.images.set(path, (data = readFileSync(path)));
  return data;
}

/** Renders the letter with bare pdfkit and returns the PDF bytes. */
export function renderBarePdfkit(letter: LetterDocument, source: FontSource = 'paths'): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    lang: letter.language,
    info: { Title: letter.meta.title, Author: letter.meta.author, Subject: letter.meta.subject, CreationDate: letter.meta.creationDate },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const fonts = fontsFrom(source);
  doc.registerFont('regular', fonts.regular as string);
  doc.registerFont('bold', fonts.bold as string);
  doc.registerFont('italic', fonts.italic as string);
  doc.registerFont('boldItalic', fonts.boldItalic as string);

  const width = doc.page.width - MARGINS.left - MARGINS.right;
  // Continuation pages start lower, below the reference and page label drawn at the end.
  doc.on('pageAdded', () => {
    doc.page.margins.top = MARGINS.top + 28;
    doc.y = doc.page.margins.top;
  });
  // pdfkit has no footnotes: reserve room for them at the foot of page 1, where the sample cites both.
  doc.font('regular').fontSize(NOTE_SIZE);
  const notes = letter.footnotes.map((f) => ({ n: f.number, text: f.title ? `${f.title}, ${f.url}` : f.url, url: f.url }));
  const notesHeight = notes.reduce((h, f) => h + doc.heightOfString(f.text, { width: width - 12 }), 0) + 12;
  doc.page.margins.bottom = MARGINS.bottom + notesHeight;

  const para = (inlines: Inline[], gap = 9) => {
    doc.moveDown(gap / BODY_SIZE / 1.2);
    const runs = inlines.filter((i) => i.kind !== 'break');
    runs.forEach((run, k) => {
      const continued = k < runs.length - 1;
      if (run.kind === 'text') {
        doc
          .font(run.bold ? (run.italic ? 'boldItalic' : 'bold') : run.italic ? 'italic' : 'regular')
          .fontSize(BODY_SIZE)
          .text(run.text, { align: 'justify', width, lineGap: 2.5, continued, features: [], ...(run.href ? { link: run.href } : {}) });
      } else if (run.kind === 'footnote') {
        doc
          .font('regular')
          .fontSize(BODY_SIZE)
          .text(String(run.number), { align: 'justify', width, lineGap: 2.5, continued, features: ['sups'] });
      }
    });
  };
  const line = (text: string, font = 'regular', gap = 0, options: PDFKit.Mixins.TextOptions = {}) => {
    if (gap) doc.moveDown(gap / BODY_SIZE / 1.2);
    doc
      .font(font)
      .fontSize(BODY_SIZE)
      .text(text, MARGINS.left, undefined, { width, lineGap: 2.5, ...options });
  };

  const block = (b: Block) => {
    switch (b.kind) {
      case 'letterhead': {
        const top = doc.y;
        for (const l of b.lines) {
          if (l.abbr) doc.font('bold').fontSize(BODY_SIZE).fillColor('#c8102e').text(`${l.abbr} `, MARGINS.left, undefined, { continued: true });
          doc
            .font('regular')
            .fontSize(BODY_SIZE)
            .fillColor('black')
            .text(l.name, l.abbr ? undefined : MARGINS.left);
        }
        const bottom = doc.y;
        // The officers in small print, one column each, at the right of the letterhead.
        b.officers.forEach((o, i) => {
          const x = MARGINS.left + width - (b.officers.length - i) * 92;
          doc.font('bold').fontSize(7.5).text(o.name, x, top, { width: 88 });
          doc.font('regular').fillColor(GREY).text(o.titles.join('\n'), x, undefined, { width: 88 });
          doc.fillColor('black');
        });
        doc.x = MARGINS.left;
        doc.y = Math.max(bottom, doc.y);
        break;
      }
      case 'addressees':
        doc.moveDown(2);
        for (const a of b.addressees) {
          line(a.name);
          a.position.forEach((p, i) => line(p, i === 0 ? 'bold' : 'regular'));
          for (const e of a.emails) line(e, 'regular', 0, { link: `mailto:${e}` });
        }
        break;
      case 'delivery':
        line(b.line, 'regular', 14);
        for (const e of b.emails) line(`• ${e}`, 'regular', 0, { link: `mailto:${e}`, indent: 12 });
        for (const a of b.address) line(a);
        break;
      case 'reference':
        line(b.text, 'regular', 16);
        break;
      case 'dateline':
        line(b.text, 'regular', 4);
        break;
      case 'subject':
        line(`${b.label} ${b.text}`, 'bold', 14);
        break;
      case 'salutation':
        line(b.text, 'regular', 16);
        break;
      case 'paragraph':
        para(b.inlines);
        break;
      case 'list-item':
        para([{ kind: 'text', text: `${b.marker} ` }, ...b.inlines], 4);
        break;
      case 'closing':
        line(b.text, 'regular', 16);
        break;
      case 'signatures':
        doc.moveDown(0.5);
        for (const s of b.signatories) {
          if (s.signature) {
            const h = 46;
            const w = (s.signature.width / s.signature.height) * h;
            if (doc.y + h + 30 > doc.page.height - doc.page.margins.bottom) doc.addPage();
            doc.image(imageFrom(s.signature.path, source), MARGINS.left, doc.y, { width: w, height: h });
            doc.y += h + 4;
          }
          line(s.name, 'bold');
          if (s.title) line(s.title);
        }
        break;
      case 'cc':
        line(`${b.label} ${b.entries.join(', ')}`, 'regular', 16);
        break;
    }
  };
  letter.blocks.forEach(block);

  // Page furniture, once the page count is known: footnotes and footer on page 1, headers after it.
  const range = doc.bufferedPageRange();
  for (let p = range.start; p < range.start + range.count; p++) {
    doc.switchToPage(p);
    doc.page.margins.bottom = 0; // pdfkit would start a new page for text drawn below the margin
    if (p === 0) {
      let y = doc.page.height - MARGINS.bottom - notesHeight + 6;
      doc
        .save()
        .lineWidth(0.5)
        .strokeColor('#999999')
        .moveTo(MARGINS.left, y)
        .lineTo(MARGINS.left + 120, y)
        .stroke()
        .restore();
      y += 6;
      for (const f of notes) {
        doc
          .font('regular')
          .fontSize(NOTE_SIZE * 0.8)
          .text(String(f.n), MARGINS.left, y - 1.5, { lineBreak: false });
        doc.fontSize(NOTE_SIZE).text(f.text, MARGINS.left + 12, y, { width: width - 12, link: f.url });
        y = doc.y;
      }
      if (letter.footer)
        doc
          .fontSize(7)
          .fillColor(GREY)
          .text(letter.footer, MARGINS.left, doc.page.height - 38, { lineBreak: false })
          .fillColor('black');
    } else {
      const label = letter.pageLabel.template.replace('{n}', String(p + 1)).replace('{total}', String(range.count));
      doc.font('regular').fontSize(8).fillColor(GREY);
      if (letter.reference) doc.text(letter.reference, MARGINS.left, MARGINS.top, { lineBreak: false });
      doc.text(label, MARGINS.left, MARGINS.top, { width, align: 'right' });
      doc.fillColor('black');
    }
  }
  doc.end();
  return done;
}
