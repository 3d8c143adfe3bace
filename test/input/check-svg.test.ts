import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSvg } from '../../src/input/check-svg.js';
import { ROOT } from '../helpers/run-cli.js';

const svg = (inner: string, attrs = 'width="300" height="100"') => `<svg xmlns="http://www.w3.org/2000/svg" ${attrs}>\n${inner}\n</svg>`;
const reasons = (text: string) => {
  const r = checkSvg(text);
  return r.ok ? [] : r.reasons;
};

describe('checkSvg', () => {
  it('rebuilds an Inkscape file from its drawing alone: no metadata, no other vocabularies, size kept', () => {
    const r = checkSvg(readFileSync(join(ROOT, 'test', 'fixtures', 'hostile', 'images', 'inkscape.svg'), 'utf8'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([r.width, r.height]).toEqual([300, 100]);
    expect(r.text).not.toMatch(/inkscape|sodipodi|rdf|creativecommons|<!--|<\?xml/);
    expect(r.text).toContain('<use xlink:href="#stroke"/>');
    expect(r.text).toContain('stroke="url(#ink)"');
  });

  it('allows references to its own parts, url(#id) and gradients named by a style sheet', () => {
    expect(
      reasons(svg('<defs><linearGradient id="g"/><path id="p" d="M0 0"/></defs><use href="#p"/><rect fill="url(#g)" style="stroke: url(\'#g\')"/>')),
    ).toEqual([]);
    expect(reasons(svg('<style>.a { fill: url(#g) }</style><linearGradient id="g"/><rect class="a"/>'))).toEqual([]);
  });

  it('names the element, the line and column of each problem, all at once', () => {
    expect(reasons(svg('  <image href="x.png"/>\n <a href="#x"><path d="M0 0"/></a>\n<feImage href="#x"/>\n<animate attributeName="href"/>'))).toEqual([
      'line 2, column 3: `<image>` draws another file (`x.png`) into the signature: a signature must be drawn from its own content only; remove the element',
      'line 3, column 2: `<a>` is a link: a signature must be drawn from its own content only; remove the element',
      'line 4, column 1: `<feImage>` draws another file (`#x`) into the signature: a signature must be drawn from its own content only; remove the element',
      'line 5, column 1: `<animate>` is not an element a signature may use: keep to shapes, paths, text and groups',
    ]);
  });

  it('refuses references out of the file in any attribute, xml:base, bidirectional overrides shown escaped, and characters XML does not allow', () => {
    expect(
      reasons(svg('<rect clip-path="url( \'data:image/svg+xml,x\' )"/><g xml:base="file:///etc/"/><use href="/dev/zero\u202e"/><path d="M0 0\u001b"/>')),
    ).toEqual([
      'line 2, column 1: `<rect>` has clip-path with url(data:image/svg+xml,x), which points outside the file: a signature may only refer to its own parts, url(#id)',
      'line 2, column 50: `<g>` has xml:base="file:///etc/", which points outside the file: remove it',
      'line 2, column 78: `<use>` has href="/dev/zero\\u202e", which points outside the file: a signature may only refer to its own parts (href="#id")',
      'line 2, column 115: the SVG file is not well-formed XML (disallowed character): export it again from your drawing program',
    ]);
  });

  it('refuses loops of references and a style sheet naming anything but a gradient', () => {
    expect(reasons(svg('<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g>'))[0]).toMatch(/refers to itself through its references: remove the loop/);
    expect(reasons(svg('<style>rect { fill: url(#p) }</style><pattern id="p"/>'))[0]).toMatch(/a style sheet may only name gradients/);
  });

  it('refuses numbers past a billion, or a viewBox below a millionth, which pdfkit cannot write once scaled', () => {
    expect(reasons(svg('<path d="M0 0 L10 10" stroke="black" stroke-width="1e30"/>'))).toEqual([
      'line 2, column 1: `<path>` has stroke-width="1e30", a number past 1,000,000,000: no signature needs one; export the drawing at its own size',
    ]);
    expect(reasons(svg('<path d="M0 0L1e25 10"/>'))[0]).toMatch(/^line 2, column 1: `<path>` has d="M0 0L1e25 10", a number past 1,000,000,000/);
    expect(reasons(svg('<g transform="scale(1e22)"><path d="M0 0"/></g>'))[0]).toMatch(/`<g>` has transform="scale\(1e22\)"/);
    expect(reasons(svg('<path style="fill:#1e9e9e;stroke-width:-2e10" d="M0 0"/>'))[0]).toMatch(/has style=".*", a number past 1,000,000,000/);
    expect(reasons(svg('<path d="M0 0"/>', 'width="300" height="100" viewBox="0 0 1e-30 1e-30"'))[0]).toMatch(
      /`<svg>` has a viewBox of 1e-30 by 1e-30: a millionth or less; export the drawing at its own size/,
    );
    // Found by fuzzing: a viewBox of no size passed `validate`, then drawing the letter failed with
    // "unsupported number: NaN" (the drawing scaled by its width over 0).
    for (const box of ['0 0 0 0', '0 0 360 0', '0 0 -360 120']) {
      expect(reasons(svg('<path d="M0 0"/>', `width="300" height="100" viewBox="${box}"`))[0]).toMatch(
        /`<svg>` has a viewBox of -?\d+ by \d+, a box of no size, in which nothing is drawn; export the drawing at its own size/,
      );
    }
    // Ordinary drawings, hex colours that read as numbers, small decimals, class and family names with
    // digits, comments, references and a drawing measured in micrometres pass.
    expect(
      reasons(
        svg(
          `<style>/* build 20250101123 */ .sig-20250101 { font-family: 'Font-2000000' }</style><linearGradient id="grad-12345678"/><path class="sig-20250101" style="fill:url(#grad-12345678)" d="M0 0"/>`,
          'width="300" height="100" viewBox="0 0 3000000 1000000"',
        ),
      ),
    ).toEqual([]);
    expect(reasons(svg('<path d="M0.5-1e-3 L999999 0.000001z" fill="#1e9e9e" style="stroke:#9e9e9e" transform="rotate(-45 10 10)"/>'))).toEqual([]);
  });

  it('refuses an SVG with no size, and one with an infinite size', () => {
    expect(reasons(svg('<path d="M0 0"/>', ''))).toEqual([
      'the SVG image has no size: give its <svg> element width and height in px or pt (width="300" height="100"), or a viewBox',
    ]);
    expect(reasons(svg('<path d="M0 0"/>', 'width="1e999" height="10"'))[0]).toMatch(
      /^the SVG image has no size: its width `1e999` is not a length of the image's own: give/,
    );
    // A percentage is relative to where the image is drawn: with no viewBox, the image has no size of its own.
    expect(reasons(svg('<path d="M0 0"/>', 'width="100%" height="100%"'))[0]).toMatch(/its width `100%` is not a length of the image's own/);
    expect(checkSvg(svg('', 'width="100%" height="100%" viewBox="0 0 30 10"'))).toMatchObject({ ok: true, width: 30, height: 10 });
    expect(checkSvg(svg('', 'viewBox="0 0 30 10"'))).toMatchObject({ ok: true, width: 30, height: 10 });
  });
  it("refuses text the letter's fonts cannot draw, right-to-left text and bidirectional controls, which an SVG cannot lay out", () => {
    // svg-to-pdfkit sets SVG text in the letter's own fonts, glyph by glyph in the order written: no fallback font, no bidi.
    expect(reasons(svg('<text x="10" y="50">Sharan <tspan>签名</tspan></text>'))).toEqual([
      "line 2, column 1: `<text>` draws `签` (U+7B7E), `名` (U+540D), which the letter's fonts do not have: convert the text to paths in your drawing program (Inkscape: Path > Object to Path), or give a PNG",
    ]);
    expect(reasons(svg('<g><text x="10" y="50">Sharan &#x202E;nworruB</text></g>\n<text>שלום</text>'))).toEqual([
      'line 2, column 4: `<text>` holds a bidirectional control `\\u202e`, which changes the order its letters are read in: convert the text to paths in your drawing program (Inkscape: Path > Object to Path), or give a PNG',
      'line 3, column 1: `<text>` holds right-to-left text (`ש`), which an SVG signature draws in the wrong order: convert the text to paths in your drawing program (Inkscape: Path > Object to Path), or give a PNG',
    ]);
    // Text in <title> and <desc> is not drawn; Latin, Greek and Cyrillic are.
    expect(reasons(svg('<title>签名</title><text x="10" y="50">Sharan Burrow — Σ Шаран</text>'))).toEqual([]);
  });
});
