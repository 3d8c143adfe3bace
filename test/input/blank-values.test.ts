// A name or title that is empty or only spaces printed a letter with a hole where it belonged, and an
// empty map by language (`title: {}`) got "no English text ... e.g. `title: {en: ..., en: ...}`" or
// passed. Both are refused at the value, in words that say what to write.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/input/read-yaml.js';
import { CaseFile, SenderFile } from '../../src/input/schemas.js';
import { validateData } from '../../src/input/validate-data.js';
import { ROOT } from '../helpers/run-cli.js';

const CASE = readFileSync(join(ROOT, 'cases', 'erlan-baltabay.yaml'), 'utf8');
const SENDER = readFileSync(join(ROOT, 'senders', 'ituc.yaml'), 'utf8');

function problems(text: string, schema: typeof CaseFile | typeof SenderFile = CaseFile): string[] {
  const read = parseYaml('f.yaml', text);
  if (!read.ok) throw new Error(read.problems.map((p) => p.message).join('\n'));
  return validateData(read.source, schema)
    .problems.filter((p) => p.severity === 'error')
    .map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`);
}

describe('blank names and titles', () => {
  it.each([
    ['the title', CASE.replace(/^title: .*$/m, "title: '   '"), /^4:8 title: holds only spaces: write the text/],
    ['the title, empty', CASE.replace(/^title: .*$/m, "title: ''"), /^4:8 title: is empty: write the text/],
    ['the country', CASE.replace(/^country: .*$/m, "country: ' '"), /^5:10 country: holds only spaces/],
    ["a person's name", CASE.replace('  - name: Erlan Baltabay', "  - name: '\t '"), /people\[0\]\.name: holds only spaces/],
    ['a text by language', CASE.replace(/^title: .*$/m, "title: {en: '  ', fr: Persécution}"), /^4:\d+ title\.en: holds only spaces/],
    ["a recipient's name", CASE.replace('name: Kassym-Jomart Tokayev', "name: ''"), /recipients\[0\]\.name: is empty/],
  ])('refuses %s', (_what, text, expected) => {
    const got = problems(text);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(expected);
  });

  it.each([
    ["the sender's name", SENDER.replace(/^name: .*$/m, "name: ' '"), /^\d+:7 name: holds only spaces/],
    ["a signatory's name", SENDER.replace(/^(\s+)name: Sharan Burrow$/m, "$1name: ''"), /signatories\[0\]\.name: is empty/],
  ])('refuses %s', (_what, text, expected) => {
    const got = problems(text, SenderFile);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(expected);
  });

  it('takes an empty body, which the template fills', () => {
    expect(problems(CASE.replace(/^body:(.|\n)*?^letter:/m, "body: ''\nletter:"))).toEqual([]);
  });
});

describe('empty maps', () => {
  it.each([
    [
      'a text',
      CASE.replace(/^title: .*$/m, 'title: {}'),
      /^4:8 title: is an empty map: write the text, or a text per language, e.g. `\{en: \.\.\., fr: \.\.\.\}`\.$/,
    ],
    ['a role', CASE.replace(/^ {4}role:\n( {6}.*\n)+/m, '    role: {}\n'), /people\[0\]\.role: is an empty map/],
    ['a position', CASE.replace(/position: \[President, Republic of Kazakhstan\]/, 'position: {}'), /recipients\[0\]\.position: is an empty map/],
    ['the body', CASE.replace(/^body:(.|\n)*?^letter:/m, 'body: {}\nletter:'), /body: is an empty map/],
    ["a name's forms", CASE.replace('    pronoun: he', '    pronoun: he\n    forms: {}'), /people\[0\]\.forms: is an empty map/],
    ["a name's forms in one language", CASE.replace('    pronoun: he', '    pronoun: he\n    forms: {ru: {}}'), /people\[0\]\.forms\.ru: is an empty map/],
  ])('refuses %s', (_what, text, expected) => {
    const got = problems(text);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(expected);
    expect(got[0]).not.toContain('en: ..., en:');
  });
});
