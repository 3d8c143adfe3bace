// Case, sender, directory and campaign texts are read composed (NFC), so a name pasted decomposed
// reads back whole from pdftotext; a template's own words (a closing, a cover note) are printed too.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTemplate } from '../../src/compose/read-template.js';
import { LocatedError, ValidationError } from '../../src/errors.js';
import { tempDir } from '../helpers/run-cli.js';

describe('readTemplate', () => {
  it('reads a template in composed form (NFC), as the YAML files are read', () => {
    const ws = tempDir('letters-read-template-');
    mkdirSync(join(ws, 'templates', 'x'), { recursive: true });
    const file = join(ws, 'templates', 'x', 'en.hbs');
    writeFileSync(file, '\ufeff::closing Nguye\u0302\u0303n Va\u0306n\n');
    expect(readTemplate(file, ws)).toBe('::closing Nguyễn Văn\n');
  });

  // Compiling 30,000 expressions took 600 MB: a template file, a partial or a cover note of more than
  // 2,000 is refused as it is read, at the expression past the limit, before Handlebars parses it.
  it('refuses a template of more than 2,000 expressions at the one past the limit', () => {
    const ws = tempDir('letters-read-template-');
    const file = join(ws, 'en.hbs');
    writeFileSync(file, `::salutation {{salutation}}\n::body\n${'{{sender.name}}\n'.repeat(30_000)}`);
    let thrown: unknown;
    try {
      readTemplate(file, ws);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(LocatedError);
    expect((thrown as LocatedError).problem).toMatchObject({
      file,
      line: 2002,
      column: 1,
      message: expect.stringMatching(/^more than 2,000 Handlebars expressions/),
    });
  });

  // Found by fuzzing: a partial with e + 100,000 × U+0301 passed `validate` and kept `preview` busy for
  // many minutes (fontkit places each mark in time proportional to the marks before it).
  it('refuses a character with more than 30 combining marks, where it stands', () => {
    const ws = tempDir('letters-read-template-');
    const file = join(ws, 'en.hbs');
    writeFileSync(file, `::salutation {{salutation}}\n::body\nDear e${'\u0301'.repeat(100_000)}\n`);
    let thrown: unknown;
    try {
      readTemplate(file, ws);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(LocatedError);
    expect((thrown as LocatedError).problem).toMatchObject({
      file,
      line: 3,
      column: 7,
      message: expect.stringMatching(/^100,000 combining marks in a row \(U\+0301 first\) on one character/),
    });
  });

  // Found by fuzzing: a bidirectional override or a line separator in a template passed `validate` and
  // went into every letter, and raw to the terminal in `letters preview`, where a case's is refused.
  it('refuses control, bidirectional and invisible characters as a YAML file does, each at its place', () => {
    const ws = tempDir('letters-read-template-');
    const file = join(ws, 'en.hbs');
    writeFileSync(file, '::salutation {{salutation}}\r\n::closing Yours,\u202e evil\n\u2028{{closing}}\u001b\n');
    let thrown: unknown;
    try {
      readTemplate(file, ws);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      expect.stringMatching(/^2:17 bidirectional control character U\+202E \(RIGHT-TO-LEFT OVERRIDE\) is not allowed: it can make text read/),
      expect.stringMatching(/^3:1 invisible character U\+2028 \(LINE SEPARATOR\) is not allowed/),
      expect.stringMatching(/^3:13 control character U\+001B \(ESC\) is not allowed/),
    ]);
  });
});
