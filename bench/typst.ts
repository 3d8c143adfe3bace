// The sample letter as Typst markup, compiled to PDF in-process by @myriaddreamin/typst-ts-node-compiler
// (Typst's Rust compiler as a native Node addon). One compiler is created with the same Noto Sans TTFs
// and reused for every letter, as a batch would; footnotes are Typst's #footnote, paragraphs justified.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Block, Inline, LetterDocument } from '../src/letter-document.js';
import { spaceBefore } from '../src/layout/page-style.js';
import { FONT_FILES, ROOT } from './sample.js';

/** A Typst string literal: the text is printed as it is, whatever markup characters it holds. */
function str(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
/** Text as markup: `#"..."`. */
const t = (text: string) => `#${str(text)}`;

function inlines(runs: Inline[], notes: LetterDocument['footnotes']): string {
  return runs
    .map((r) => {
      if (r.kind === 'break') return ' \\\n';
      if (r.kind === 'footnote') {
        const f = notes.find((n) => n.number === r.number);
        if (!f) return '';
        return `#footnote[~${f.title ? `${t(f.title)}, ` : ''}#link(${str(f.url)})[${t(f.url)}]]`;
      }
      let s = t(r.text);
      if (r.href) s = `#link(${str(r.href)})[${s}]`;
      if (r.bold) s = `#strong[${s}]`;
      if (r.italic) s = `#emph[${s}]`;
      return s;
    })
    .join('');
}

/** Space above each kind of block, as in our page style; Typst adds the line's leading to it. */
const LEADING = 7.5;

function content(b: Block, doc: LetterDocument): string {
  switch (b.kind) {
    case 'letterhead': {
      const head = b.lines.map((l) => (l.abbr ? `#text(fill: accent, weight: "bold")[${t(l.abbr)}] ${t(l.name)}` : t(l.name))).join(' \\\n');
      const officers = b.officers.map((o) => `text(7.5pt)[#strong[${t(o.name)}] \\\n#text(fill: muted)[${o.titles.map(t).join(' \\\n')}]]`);
      return `#grid(columns: (1fr, ${b.officers.map(() => '92pt').join(', ')}), [${head}], ${officers.join(', ')})`;
    }
    case 'addressees':
      return b.addressees
        .map((a) =>
          [t(a.name), ...a.position.map((p, i) => (i === 0 ? `*${t(p)}*` : t(p))), ...a.emails.map((e) => `#link(${str(`mailto:${e}`)})`)].join(' \\\n'),
        )
        .join('\n\n');
    case 'delivery':
      return [t(b.line), ...b.emails.map((e) => `#h(4pt)•#h(8pt)#link(${str(`mailto:${e}`)})[${t(e)}]`), ...b.address.map(t)].join(' \\\n');
    case 'reference':
    case 'dateline':
    case 'salutation':
    case 'closing':
      return t(b.text);
    case 'subject':
      return `*${t(b.label)} ${t(b.text)}*`;
    case 'paragraph':
      return inlines(b.inlines, doc.footnotes);
    case 'list-item':
      return `#pad(left: ${18 * b.level}pt)[${t(b.marker)} ${inlines(b.inlines, doc.footnotes)}]`;
    case 'signatures':
      return b.signatories
        .map((s) =>
          [s.signature ? `#image(${str('/' + relative(ROOT, s.signature.path))}, height: 46pt)` : '', t(s.name), s.title ? t(s.title) : '']
            .filter(Boolean)
            .join(' \\\n'),
        )
        .join('\n\n');
    case 'cc':
      return `${t(b.label)} ${b.entries.map(t).join(', ')}`;
  }
}

/** Each block of the letter as a Typst block with our spacing above it. */
function block(b: Block, index: number, doc: LetterDocument): string {
  return `#block(above: ${spaceBefore(doc.blocks, index) + LEADING}pt)[${content(b, doc)}]`;
}

/** The whole letter as one Typst source file. */
export function typstSource(doc: LetterDocument): string {
  const d = doc.meta.creationDate;
  const [before, after = ''] = doc.pageLabel.template.split('{n}');
  const [middle, end = ''] = after.split('{total}');
  const label = `${t(before ?? '')}#here().page()${t(middle ?? '')}#counter(page).final().first()${t(end)}`;
  return [
    `#let accent = rgb("#c8102e")`,
    `#let muted = rgb("#555555")`,
    `#set document(title: ${str(doc.meta.title)}, author: ${str(doc.meta.author)}, date: datetime(year: ${d.getUTCFullYear()}, month: ${d.getUTCMonth() + 1}, day: ${d.getUTCDate()}))`,
    `#set page(paper: "a4", margin: (top: 50pt, right: 62pt, bottom: 62pt, left: 70pt),`,
    `  header: context if here().page() > 1 { set text(8pt, fill: muted); [${doc.reference ? t(doc.reference) : ''} #h(1fr) ${label}] },`,
    `  footer: context if here().page() == 1 { set text(7pt, fill: muted); ${doc.footer ? `[${t(doc.footer)}]` : '[]'} })`,
    `#set text(font: "Noto Sans", size: 10.5pt, lang: ${str(doc.language.split('-')[0]!)})`,
    `#set par(justify: true, leading: ${LEADING}pt, spacing: 0pt)`,
    `#set block(below: 0pt)`,
    `#set footnote.entry(separator: line(length: 120pt, stroke: 0.5pt + luma(153)))`,
    `#show footnote.entry: set text(8pt)`,
    '',
    ...doc.blocks.map((b, i) => block(b, i, doc) + '\n'),
  ].join('\n');
}

export interface TypstRenderer {
  render(doc: LetterDocument): { pdf: Buffer; pages: number };
  /** Clears Typst's memo cache (comemo), so the next letter is laid out from scratch. */
  evict(): void;
}

/** Loads the addon and creates one compiler with the Noto Sans fonts; throws if the addon cannot load. */
export async function createTypst(): Promise<TypstRenderer> {
  const { NodeCompiler } = await import('@myriaddreamin/typst-ts-node-compiler');
  const compiler = NodeCompiler.create({
    workspace: ROOT,
    fontArgs: [{ fontBlobs: Object.values(FONT_FILES).map((f) => readFileSync(f)) }],
  });
  return {
    render(doc) {
      const result = compiler.compile({ mainFileContent: typstSource(doc) });
      const compiled = result.result;
      if (!compiled || result.hasError()) {
        const diags = result.takeDiagnostics() ?? result.takeError();
        throw new Error(`typst compile failed: ${JSON.stringify(diags?.shortDiagnostics ?? 'unknown error')}`);
      }
      const pdf = compiler.pdf(compiled);
      return { pdf, pages: compiled.numOfPages };
    },
    evict() {
      compiler.evictCache(0);
    },
  };
}
