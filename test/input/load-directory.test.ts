import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateFile } from '../../src/commands/validate.js';
import { composeLetter } from '../../src/compose/compose-letter.js';
import { jsonSchemas } from '../../src/input/json-schemas.js';
import { loadCase } from '../../src/pipeline/load-case.js';
import { loadDirectory, loadDirectoryFile } from '../../src/input/load-directory.js';
import { missingSalutation, planCaseLetters } from '../../src/plan/plan-case-letters.js';
import { sampleWorkspace } from '../helpers/run-cli.js';

/** The sample directory files rewritten as plain lists: no `language:`, no `officials:`/`embassies:` key. */
function asPlainLists(ws: string): void {
  for (const name of ['officials.yaml', 'embassies.yaml']) {
    const file = join(ws, 'directory', name);
    const text = readFileSync(file, 'utf8')
      .replace(/^language: en\n(officials|embassies):\n/m, '')
      .replace(/^ {2}/gm, '');
    expect(text).toMatch(/^- id: /m);
    writeFileSync(file, text);
  }
}

describe('a directory file written as a plain list', () => {
  it('gives the same officials and embassies as the mapping form, located by their place in the list', () => {
    const mapped = loadDirectory(sampleWorkspace());
    const ws = sampleWorkspace();
    asPlainLists(ws);
    const listed = loadDirectory(ws);
    expect(listed.problems).toEqual([]);
    expect([...listed.officials.keys()]).toEqual([...mapped.officials.keys()]);
    expect([...listed.embassies.keys()]).toEqual([...mapped.embassies.keys()]);
    for (const [id, entry] of listed.officials) expect(entry.data).toEqual(mapped.officials.get(id)!.data);
    expect(listed.officials.get('kz-prosecutor-general')!.path).toEqual([1]);
    expect(mapped.officials.get('kz-prosecutor-general')!.path).toEqual(['officials', 1]);
    expect(listed.embassies.get('kz-in-belgium')!.language).toBe('en');
  });

  it('serves cases and campaigns as the mapping form does: every sample validates against it', async () => {
    const ws = sampleWorkspace();
    asPlainLists(ws);
    for (const file of ['directory/officials.yaml', 'directory/embassies.yaml', 'cases/erlan-baltabay.yaml', 'campaigns/kazakhstan-day-2020.yaml']) {
      const report = await validateFile(join(ws, file));
      expect(report.problems, file).toEqual([]);
      expect(report.kind).toBe(file.split('/')[0] === 'directory' ? 'directory' : file.startsWith('cases') ? 'case' : 'campaign');
    }
  });

  it('has its plain texts in English, so a French letter names the missing `fr` text at its line and column', async () => {
    const ws = sampleWorkspace();
    writeFileSync(
      join(ws, 'directory', 'officials.yaml'),
      ['- id: kz-president', '  name: Kassym-Jomart Tokayev', '  position: [President]', '  salutation: Dear President,', ''].join('\n'),
    );
    const file = join(ws, 'cases', 'baltabay-fr.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^recipients:\n[^]*$/m, 'recipients:\n  - official: kz-president\n    via: kz-in-france\n'));
    expect((await validateFile(file)).problems.map((p) => `${p.file.slice(ws.length)}:${p.line}:${p.column} ${p.path}: ${p.message.slice(0, 44)}`)).toEqual([
      '/directory/officials.yaml:3:14 [0].position[0]: no French (`fr`) text: the letter is in `fr`',
      '/directory/officials.yaml:4:15 [0].salutation: no French (`fr`) text: the letter is in `fr`',
    ]);
  });

  it('names an official without a salutation, at its entry in the list', async () => {
    const ws = sampleWorkspace();
    writeFileSync(join(ws, 'directory', 'officials.yaml'), '- id: kz-president\n  name: Kassym-Jomart Tokayev\n');
    const file = join(ws, 'cases', 'erlan-baltabay.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^recipients:\n[^]*$/m, 'recipients:\n  - official: kz-president\n    via: kz-in-belgium\n'));
    expect((await validateFile(file)).problems.map((p) => `${p.file.slice(ws.length)}:${p.line}:${p.column} ${p.message}`)).toEqual([
      expect.stringMatching(
        /^\/cases\/erlan-baltabay\.yaml:\d+:\d+ official `kz-president` has no salutation: add `salutation` to the official in directory\/officials\.yaml, or to this recipient/,
      ),
    ]);
    // When composing finds it (a campaign letter), the official is named from its place in the list too.
    const entry = loadDirectory(ws).officials.get('kz-president')!;
    const origin = { source: entry.source, language: entry.language };
    const problem = missingSalutation({
      salutation: { origin, path: entry.path, value: undefined },
      addressees: [{ origin, path: entry.path, data: entry.data }],
    });
    expect(`${problem.line}:${problem.column} ${problem.message}`).toMatch(
      /^1:3 official `kz-president` has no salutation: add `salutation` to the official in directory\/officials\.yaml,/,
    );
  });

  it('reports every problem of a list at its line and column, a duplicate id included', () => {
    const ws = sampleWorkspace();
    const file = join(ws, 'directory', 'embassies.yaml');
    writeFileSync(
      file,
      [
        '- id: kz-in-belgium',
        '  of: Kazakhstan',
        '  in: Belgium',
        '  name: Embassy of Kazakhstan in Belgium',
        '- id: kz-in-belgium',
        '  of: Kazakhstan',
        '  name: {en: Embassy, fr: 7}',
        '  emails: [nowhere]',
        '',
      ].join('\n'),
    );
    const { problems, ok } = loadDirectoryFile(file);
    expect(ok).toBe(false);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`).sort()).toEqual(
      [
        '5:7 [1].id: id `kz-in-belgium` is also used by entry [0]: ids must be unique; rename or remove one.',
        '5:3 [1].in: missing required field `in`: add `in:` to entry [1] (the host country).',
        '7:27 [1].name.fr: must be a text, not `7`.',
        '8:12 [1].emails[0]: e-mail address `nowhere` has no @: write one address such as brussels@mfa.kz.',
      ].sort(),
    );
  });

  it('is an officials list in officials.yaml and an embassies list in embassies.yaml, whatever its entries', () => {
    const ws = sampleWorkspace();
    const file = join(ws, 'directory', 'officials.yaml');
    writeFileSync(file, '- id: kz-in-belgium\n  of: Kazakhstan\n  in: Belgium\n  name: Embassy\n');
    const { problems } = loadDirectoryFile(file);
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/^unknown key `of`/), expect.stringMatching(/^unknown key `in`/)]);
  });

  it('is valid against the published JSON Schema, as the mapping form is; a list of something else is not', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(jsonSchemas().directory) as object);
    const ws = sampleWorkspace();
    asPlainLists(ws);
    for (const name of ['officials.yaml', 'embassies.yaml']) {
      expect(validate(parse(readFileSync(join(ws, 'directory', name), 'utf8'))), name).toBe(true);
    }
    expect(validate([{ id: 'x', salutaton: 'Dear President,', name: 'X' }])).toBe(false);
    expect(validate(['kz-president'])).toBe(false);
  });
});

describe('a case title by language', () => {
  function withTitle(title: string): string {
    const ws = sampleWorkspace();
    const file = join(ws, 'cases', 'erlan-baltabay.yaml');
    // To the directory's president, whose texts exist in every language, so only the title can be missing.
    const text = readFileSync(file, 'utf8')
      .replace(/^title: .*$/m, `title: ${title}`)
      .replace(/^recipients:\n[^]*$/m, 'recipients:\n  - official: kz-president\n    via: kz-in-france\n');
    writeFileSync(file, text);
    return file;
  }

  it("is the letter's title in each language (the PDF's title and subject)", async () => {
    const file = withTitle('{en: Persecution of Erlan Baltabay, fr: Persécution d’Erlan Baltabay}');
    expect((await validateFile(file)).problems).toEqual([]);
    const [spec] = planCaseLetters(loadCase(file));
    expect(composeLetter(spec!).meta.title).toBe('Persecution of Erlan Baltabay');
    expect(composeLetter({ ...spec!, language: 'fr' }).meta.title).toBe('Persécution d’Erlan Baltabay');
    expect(composeLetter({ ...spec!, language: 'fr' }).meta.subject).toMatch(/^Persécution d’Erlan Baltabay: /);
  });

  it("fails a letter in a language the map lacks, naming the title's line and column; a plain title serves every language", async () => {
    const file = withTitle('{fr: Persécution d’Erlan Baltabay}');
    const report = await validateFile(file);
    expect(report.problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      '4:8 title: no English (`en`) text: the letter is in `en`, but `title` has only texts in fr. Give it per language, e.g. `title: {fr: ..., en: ...}`.',
    ]);
    const plain = withTitle('Persecution of Erlan Baltabay');
    const [spec] = planCaseLetters(loadCase(plain));
    expect(composeLetter({ ...spec!, language: 'fr' }).meta.title).toBe('Persecution of Erlan Baltabay');
  });

  it('is valid against the published JSON Schema', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(jsonSchemas().case) as object);
    const file = withTitle('{en: Persecution of Erlan Baltabay, fr: Persécution d’Erlan Baltabay}');
    expect(validate(parse(readFileSync(file, 'utf8'), { version: '1.2' }))).toBe(true);
  });
});

// formats.md: the directory is `directory/officials.yaml` and `directory/embassies.yaml`; a file beside them
// under another name (`kazakhstan.yaml`, `officials.yml`) was "ok (directory)" though no case or campaign reads it.
describe('a directory file under another name', () => {
  it('is checked, with a warning that no case or campaign reads it, naming the two files that are read', async () => {
    const ws = sampleWorkspace();
    for (const name of ['kazakhstan.yaml', 'officials.yml']) {
      const file = join(ws, 'directory', name);
      writeFileSync(file, '- id: kz-minister\n  name: A Minister\n  salutation: Dear Minister,\n');
      const report = await validateFile(file);
      expect(report.ok, name).toBe(true);
      expect(report.problems).toEqual([
        {
          file,
          path: '',
          severity: 'warning',
          message: expect.stringMatching(
            new RegExp(
              `^no case or campaign reads directory/${name.replace('.', '\\.')}: they read directory/officials\\.yaml and directory/embassies\\.yaml alone\\. Move`,
            ),
          ),
        },
      ]);
    }
    for (const name of ['officials.yaml', 'embassies.yaml']) expect((await validateFile(join(ws, 'directory', name))).problems).toEqual([]);
  });
});
