// Golden pairs: each test/fixtures/bad/<name>.yaml beside <name>.expected.txt, the exact stderr of
// `letters validate <name>.yaml` run in that folder. Regenerate with:
//   UPDATE_GOLDEN=1 npx vitest run test/input/bad-fixtures.test.ts
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';

const DIR = join(ROOT, 'test', 'fixtures', 'bad');
const UPDATE = !!process.env.UPDATE_GOLDEN;
const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/** Absolute paths in messages ("looked for ...") become relative to the fixture folder. */
function normalise(text: string): string {
  return text.split(`${DIR}/`).join('').split(DIR).join('.').split(ROOT).join('<repo>');
}

describe('bad input fixtures (golden pairs)', () => {
  it('has a fixture for every kind of problem the issue lists', () => {
    const names = fixtures.map((f) => f.replace(/\.yaml$/, ''));
    for (const kind of [
      'unknown-key',
      'unknown-key-nested',
      'missing-field',
      'wrong-type',
      'duplicate-key',
      'bad-id',
      'malformed-date',
      'impossible-date',
      'unknown-sender',
      'unknown-signatory',
      'unknown-official',
      'unknown-embassy',
      'unknown-template',
      'undeclared-citation',
      'uncited-source',
      'missing-language',
      'signature-missing',
      'signature-not-an-image',
      'signature-truncated',
      'uncovered-character',
      'empty',
      'not-a-mapping',
      'syntax-error',
      'body-unknown-helper',
      'body-partial',
      'body-constructor',
      'body-triple-stash',
      'body-helper-misuse',
      'body-quoted-misuse',
      'body-unclosed-block',
      'alias-bomb',
      'deep-nesting',
      'proto-key',
      'oversize',
      'path-traversal-id',
      'empty-value',
      'sources-not-mapping',
      'url-problems',
      'self-alias',
      'unknown-alias',
      'multi-document',
    ]) {
      expect(names).toContain(kind);
    }
  });

  it.each(fixtures)('%s', (fixture) => {
    const expectedFile = join(DIR, fixture.replace(/\.yaml$/, '.expected.txt'));
    const run = runCli(['validate', fixture], { cwd: DIR });
    const stderr = normalise(run.stderr);
    if (UPDATE) writeFileSync(expectedFile, stderr);
    expect(existsSync(expectedFile), `${expectedFile} is missing: run UPDATE_GOLDEN=1 npx vitest run test/input/bad-fixtures.test.ts`).toBe(true);
    expect(stderr).toBe(readFileSync(expectedFile, 'utf8'));

    const lines = stderr.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    expect(stderr).not.toMatch(/^\s+at /m);
    for (const line of lines) {
      // Every line names a file (and where the source allows, its line and column) and a severity.
      expect(line).toMatch(/^[\w./-]+\.yaml(:\d+:\d+)?: (error|warning): \S/);
    }
    const hasError = lines.some((l) => / error: /.test(l));
    expect(run.code).toBe(hasError ? 1 : 0);
    expect(run.stdout).toMatch(new RegExp(`^${fixture.replace(/\./g, '\\.')}: ${hasError ? 'invalid' : 'ok'}`));
  });
});
