import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { assert, describe, expect, it } from 'vitest';
import { jsonSchemas } from '../../src/input/json-schemas.js';
import { parseYaml } from '../../src/input/read-yaml.js';
import { CaseFile, MAX_NAME, MAX_REFERENCE, MAX_TITLE, MAX_URL } from '../../src/input/schemas.js';
import { validateData } from '../../src/input/validate-data.js';
import { ROOT } from '../helpers/run-cli.js';

const KINDS = { cases: 'case', senders: 'sender', directory: 'directory', campaigns: 'campaign' } as const;

function samples(): { file: string; kind: string }[] {
  return Object.entries(KINDS).flatMap(([folder, kind]) =>
    readdirSync(join(ROOT, folder))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => ({ file: join(folder, f), kind })),
  );
}

describe('JSON Schemas', () => {
  it('schemas/*.schema.json are up to date with src/input/schemas.ts (run `npm run schemas`)', () => {
    for (const [kind, text] of Object.entries(jsonSchemas())) {
      expect(readFileSync(join(ROOT, 'schemas', `${kind}.schema.json`), 'utf8'), `schemas/${kind}.schema.json is stale: run npm run schemas`).toBe(text);
    }
  });

  it('keep the descriptions of the zod schemas', () => {
    const sender = JSON.parse(jsonSchemas().sender) as { title: string; properties: Record<string, { description?: string }> };
    expect(sender.title).toMatch(/Sender/);
    expect(sender.properties.logo?.description).toMatch(/PNG, JPEG or SVG/);
  });

  // A year such as 0219 is refused by validate (a slip for 2019); an editor checking the schema refuses it too.
  it('refuse a date before the year 1000 as validate does', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'campaign.schema.json'), 'utf8')));
    const day = (date: string) => ({ id: 'day', date, cases: ['a'], officials: ['b'], senders: [{ sender: 'c', country: 'Belgium' }] });
    expect(validate(day('2019-12-16'))).toBe(true);
    expect(validate(day('0219-12-16'))).toBe(false);
  });

  it.each(samples())('sample $file names its schema on its first line and is valid against it', ({ file, kind }) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=../schemas/${kind}.schema.json`);
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas', `${kind}.schema.json`), 'utf8')));
    const ok = validate(parse(text, { version: '1.2' }));
    expect(validate.errors ?? [], file).toEqual([]);
    expect(ok).toBe(true);
  });

  it('reject what validate rejects: an unknown key and a bad id', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(jsonSchemas().campaign));
    const good = {
      id: 'kz-day',
      date: '2020-03-23',
      cases: ['erlan-baltabay'],
      officials: ['kz-president'],
      senders: [{ sender: 'ituc', country: 'Belgium' }],
    };
    expect(validate(good)).toBe(true);
    expect(validate({ ...good, id: '../x' })).toBe(false);
    expect(validate({ ...good, langauge: 'fr' })).toBe(false);
  });

  // The schema's maxLength counts code points, as zod's .max() does since 4.6 (a zod counting UTF-16
  // units refused 100 emoji the editor took); validate told 101 emoji as "202 characters".
  it('count a character beyond the BMP (an emoji) once, in validate as in the schema, at the limit and past it', () => {
    const sample = readFileSync(join(ROOT, 'cases', 'erlan-baltabay.yaml'), 'utf8');
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const schema = ajv.compile(JSON.parse(jsonSchemas().case));
    const tooLong = (reference: string, url: string) => {
      const text = sample
        .replace('reference: PERC/AL/pw', `reference: "${reference}"`)
        .replace('https://www.ituc-csi.org/Kazakhstan-repression-deepens-2019', url);
      const read = parseYaml('case.yaml', text);
      assert(read.ok);
      // The fonts have no emoji: only the lengths are asked about here.
      const problems = validateData(read.source, CaseFile).problems.filter((p) => p.message.includes('too long'));
      schema(parse(text, { version: '1.2' }));
      const inSchema = (schema.errors ?? []).filter((e) => e.keyword === 'maxLength').map((e) => e.instancePath);
      return { validate: problems.map((p) => `${p.path}: ${p.message}`), schema: inSchema };
    };
    const url = (n: number) => `https://example.org/${'😀'.repeat(n - 'https://example.org/'.length)}`;
    expect(tooLong('😀'.repeat(MAX_REFERENCE), url(MAX_URL))).toEqual({ validate: [], schema: [] });
    expect(tooLong('😀'.repeat(MAX_REFERENCE + 1), url(MAX_URL + 1))).toEqual({
      validate: [
        'sources.ituc-repression-2019.url: is too long: 2001 characters, at most 2000 are allowed; shorten it.',
        'letter.reference: is too long: 101 characters, at most 100 are allowed; shorten it.',
      ],
      schema: ['/sources/ituc-repression-2019/url', '/letter/reference'],
    });
  });
});

// A 1,000,000-character title passed validate and became a 1 MB Subject header in every e-mail draft
// (4.8 MB .eml, refused by mail servers) and the PDF's title: plain and per language, it is bounded.
describe('a case title', () => {
  it.each([
    ['plain', (t: string) => `title: "${t}"`, 'title'],
    ['per language', (t: string) => `title: {en: "${t}"}`, 'title.en'],
  ])('%s, is refused past MAX_TITLE characters, in validate as in the schema', (_what, line, path) => {
    const sample = readFileSync(join(ROOT, 'cases', 'erlan-baltabay.yaml'), 'utf8');
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const schema = ajv.compile(JSON.parse(jsonSchemas().case));
    const problemsWith = (title: string) => {
      const text = sample.replace('title: Persecution of Erlan Baltabay', line(title));
      const read = parseYaml('case.yaml', text);
      assert(read.ok);
      const problems = validateData(read.source, CaseFile).problems.map((p) => `${p.path}: ${p.message}`);
      schema(parse(text, { version: '1.2' }));
      return { validate: problems, schema: (schema.errors ?? []).filter((e) => e.keyword === 'maxLength').map((e) => e.instancePath) };
    };
    expect(problemsWith('a'.repeat(MAX_TITLE))).toEqual({ validate: [], schema: [] });
    expect(problemsWith('a'.repeat(1_000_000))).toEqual({
      validate: [`${path}: is too long: 1000000 characters, at most ${MAX_TITLE} are allowed; shorten it.`],
      schema: [`/${path.replace('.', '/')}`],
    });
  });
});

// A 1,000,000-character name (a person's, a sender's) went into every page and every e-mail draft of
// its letters: names are bounded, in validate as in the published schema.
describe('a name', () => {
  it.each([
    ['a person', 'name: Erlan Baltabay', (t: string) => `name: "${t}"`, 'people[0].name'],
    ['an inline addressee, per language', 'name: Kassym-Jomart Tokayev', (t: string) => `name: {en: "${t}"}`, 'recipients[0].name.en'],
  ])('of %s, is refused past MAX_NAME characters', (_what, from, to, path) => {
    const sample = readFileSync(join(ROOT, 'cases', 'erlan-baltabay.yaml'), 'utf8');
    expect(sample).toContain(from);
    const problemsWith = (name: string) => {
      const read = parseYaml('case.yaml', sample.replace(from, to(name)));
      assert(read.ok);
      return validateData(read.source, CaseFile).problems.map((p) => `${p.path}: ${p.message}`);
    };
    expect(problemsWith('a'.repeat(MAX_NAME))).toEqual([]);
    expect(problemsWith('a'.repeat(1_000_000))).toEqual([`${path}: is too long: 1000000 characters, at most ${MAX_NAME} are allowed; shorten it.`]);
    expect(JSON.stringify(JSON.parse(jsonSchemas().case))).toContain(`"maxLength":${MAX_NAME}`);
  });
});
