import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { jsonSchemas } from '../../src/input/json-schemas.js';
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
    expect(sender.properties.logo?.description).toMatch(/PNG or JPEG/);
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
});
