// Case, sender, directory and campaign texts are read composed (NFC), so a name pasted decomposed
// reads back whole from pdftotext; a template's own words (a closing, a cover note) are printed too.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTemplate } from '../../src/compose/read-template.js';
import { tempDir } from '../helpers/run-cli.js';

describe('readTemplate', () => {
  it('reads a template in composed form (NFC), as the YAML files are read', () => {
    const ws = tempDir('letters-read-template-');
    mkdirSync(join(ws, 'templates', 'x'), { recursive: true });
    const file = join(ws, 'templates', 'x', 'en.hbs');
    writeFileSync(file, '\ufeff::closing Nguye\u0302\u0303n Va\u0306n\n');
    expect(readTemplate(file, ws)).toBe('::closing Nguyễn Văn\n');
  });
});
