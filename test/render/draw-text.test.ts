// How drawText lays a justified line's gaps: only the white space where layout breaks lines is a
// word gap; other space characters are letters of their word.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MARGIN, PAGE } from '../../src/layout/page-style.js';
import { runCli, sampleWorkspace, tool } from '../helpers/run-cli.js';

describe('drawText in a justified line', () => {
  // `1 000 000` with thin spaces (U+2009), as French and SI numbers are written: layout keeps the
  // number one word of fixed width, but drawing split the line at every JavaScript `\s`, so each thin
  // space became a stretched word gap, the thin space itself was not drawn, and the line ran past the
  // right margin by some 15 points.
  it('keeps thin and hair spaces and U+FEFF inside their word, within the margins', () => {
    const ws = sampleWorkspace();
    const words = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.'.split(' ');
    const odd = ['1\u2009000\u2009000\u2009000', 'a\u200ab\u200ac', 'Bal\ufefftabay'];
    const body = Array.from({ length: 48 }, (_, i) => `${words[i % words.length]} ${odd[i % odd.length]}`).join(' ');
    const kase = [
      'id: spaces',
      'title: Spaces',
      'country: Kazakhstan',
      'people: [{name: Erlan Baltabay, pronoun: he, role: union leader}]',
      `body: ${JSON.stringify(body)}`,
      'letter: {sender: ituc, signatories: [general-secretary], date: 2019-12-16}',
      'recipients: [{official: kz-president}]',
    ].join('\n');
    writeFileSync(join(ws, 'cases', 'spaces.yaml'), `${kase}\n`);
    const r = runCli(['generate', 'cases/spaces.yaml'], { cwd: ws });
    expect(r.stderr).toBe('');
    const pdf = join(ws, 'out', 'spaces', 'kz-president.pdf');
    const right = PAGE.width - MARGIN.right;
    const boxes = [...tool('pdftotext', ['-bbox', pdf, '-']).matchAll(/xMax="([\d.]+)"[^>]*>([^<]*)</g)];
    const over = boxes.filter((m) => Number(m[1]) > right + 0.01).map((m) => `${m[2]} ends at ${m[1]}`);
    expect(over).toEqual([]);
    // The thin and hair spaces are drawn, as their own glyphs: the ToUnicode maps list them.
    const qdf = join(ws, 'spaces.qdf');
    tool('qpdf', ['--qdf', '--object-streams=disable', pdf, qdf]);
    const maps = readFileSync(qdf, 'latin1');
    expect(maps).toContain('<2009>');
    expect(maps).toContain('<200a>');
  });
});
