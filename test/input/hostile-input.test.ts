// Hostile input: refused with a clear message naming the file, never a crash, a hang, a leak or a
// file outside the out folder. Each case runs through the built CLI as a user would.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateFile } from '../../src/commands/validate.js';
import { loadCase } from '../../src/pipeline/load-case.js';
import { ValidationError } from '../../src/errors.js';
import { ROOT, runCli, tempDir } from '../helpers/run-cli.js';

const BAD = join(ROOT, 'test', 'fixtures', 'bad');

/**
 * A workspace with a valid sender and directory (those of the bad fixtures) and an empty out/ folder,
 * one level inside a fresh folder, so a write that escapes the workspace shows up there.
 */
function workspace(): string {
  const ws = join(tempDir('letters-hostile-'), 'ws');
  for (const sub of ['senders', 'directory', 'images']) cpSync(join(BAD, sub), join(ws, sub), { recursive: true });
  mkdirSync(join(ws, 'cases'));
  mkdirSync(join(ws, 'out'));
  return ws;
}

/** Every file under a folder, relative to it. */
function listing(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).sort();
}

const GOOD_CASE = readFileSync(join(BAD, 'unknown-sender.yaml'), 'utf8').replace('sender: acne', 'sender: acme');

function caseWith(edits: [string, string][]): string {
  let text = GOOD_CASE;
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`fixture text not found: ${from}`);
    text = text.replace(from, to);
  }
  return text;
}

/** Runs validate, generate and preview on a file; each must refuse it cleanly and write nothing. */
function expectRefused(ws: string, name: string, content: string | Buffer, mention: RegExp): void {
  const file = join(ws, 'cases', name);
  writeFileSync(file, content);
  const before = listing(ws);
  for (const args of [
    ['validate', `cases/${name}`],
    ['generate', `cases/${name}`, '--out', join(ws, 'out')],
    ['preview', `cases/${name}`],
  ]) {
    const run = runCli(args, { cwd: ws });
    expect(run.code, `${args[0]}: ${run.stderr}`).toBe(1);
    expect(run.stderr).toContain(`cases/${name}`);
    expect(run.stderr).toMatch(mention);
    expect(run.stderr).not.toMatch(/^ {4}at /m);
    expect(run.stderr).not.toMatch(/internal error/);
  }
  expect(listing(ws)).toEqual(before);
  expect(listing(join(ws, 'out'))).toEqual([]);
  expect(readdirSync(dirname(ws))).toEqual(['ws']);
}

describe('hostile input', () => {
  it('a sanity check: the base case of these tests is valid and generates', () => {
    const ws = workspace();
    writeFileSync(join(ws, 'cases', 'good.yaml'), GOOD_CASE);
    const run = runCli(['generate', 'cases/good.yaml', '--out', join(ws, 'out')], { cwd: ws });
    expect(run.code, run.stderr).toBe(0);
    expect(listing(join(ws, 'out'))).toContain(join('test-case', 'tokayev.pdf'));
  });

  it('refuses a YAML alias bomb', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [prev, name] of [...'abcdefghi'].map((c, i, all) => [c, all[i + 1]]).slice(0, -1)) {
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    expectRefused(workspace(), 'bomb.yaml', `${lines.join('\n')}\nid: x\n`, /alias bomb/);
  });

  it('refuses values nested 300 deep, and 100,000 deep', () => {
    const ws = workspace();
    expectRefused(ws, 'deep.yaml', `id: x\ntitle: ${'['.repeat(300)}x${']'.repeat(300)}\n`, /nested more than 64 levels/);
    expectRefused(ws, 'deeper.yaml', `id: x\ntitle: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, /nested more than 64 levels/);
  });

  it('refuses a 2 MB file', () => {
    const line = '  All work and no play makes a very long case file.\n';
    expectRefused(
      workspace(),
      'big.yaml',
      `id: x\nbody: |\n${line.repeat(Math.ceil((2 * 1024 * 1024) / line.length))}`,
      /files over 1048576 bytes are refused/,
    );
  });

  it('refuses __proto__ and constructor keys without polluting Object.prototype', async () => {
    const ws = workspace();
    const text = caseWith([
      ['title: A test case\n', 'title: A test case\n__proto__:\n  polluted: yes\nconstructor:\n  prototype:\n    polluted: yes\n'],
      ['  ituc:\n', '  __proto__:\n    polluted: yes\n  ituc:\n'],
      ['    role: union leader', '    role: {__proto__: {polluted: yes}, en: union leader}'],
    ]);
    const file = join(ws, 'cases', 'proto.yaml');
    writeFileSync(file, text);
    // Through the real pipeline, in this process.
    const report = await validateFile(file);
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['__proto__', 'constructor', 'sources.__proto__', 'people[0].role.__proto__']));
    expect(() => loadCase(file)).toThrow(ValidationError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
    expectRefused(ws, 'proto2.yaml', text, /key `__proto__` is not allowed/);
  });

  it('a citation of `constructor` is an undeclared source, not Object.prototype.constructor', () => {
    expectRefused(workspace(), 'cite.yaml', caseWith([['  We ask you to free him.', '  We ask you to free him[^constructor].']]), /cites \[\^constructor\]/);
  });

  it('refuses ids with ../ or / and writes nothing outside the out folder', () => {
    const ws = workspace();
    expectRefused(ws, 'escape.yaml', caseWith([['id: test-case', 'id: ../../escape']]), /`\.\.\/\.\.\/escape` is not a valid id/);
    expectRefused(ws, 'escape2.yaml', caseWith([['  - id: tokayev', '  - id: ../../../tmp/evil']]), /is not a valid id/);
    expectRefused(ws, 'escape3.yaml', caseWith([['  - id: tokayev', '  - id: a/b']]), /`a\/b` is not a valid id/);
    expect(existsSync('/tmp/evil.pdf')).toBe(false);
    expect(existsSync(join(dirname(ws), 'escape'))).toBe(false);
  });

  it.each([
    ['{{constructor.constructor}}', /`\{\{constructor\.constructor\}\}` reaches into `constructor`/],
    ['{{constructor.constructor "return process"}}', /unknown helper `constructor\.constructor`/],
    ['{{lookup this "constructor"}}', /`\{\{lookup \.\.\. "constructor"\}\}` reaches into `constructor`/],
    ['{{#with (lookup this "__proto__")}}x{{/with}}', /reaches into `__proto__`/],
    ['{{> default-body}}', /partials \(`\{\{> name\}\}`\) are not allowed/],
    ['{{#> layout}}x{{/layout}}', /partials \(`\{\{> name\}\}`\) are not allowed/],
    ['{{#*inline "x"}}y{{/inline}}', /decorators .* are not allowed/],
  ])('refuses a body with %s, naming the expression and its line', (expression, mention) => {
    expectRefused(workspace(), 'body.yaml', caseWith([['  We ask you to free him.', `  We ask you to free him.\n\n  ${expression}`]]), mention);
    const run = runCli(['validate', join(BAD, '..', '..', '..', 'test', 'fixtures', 'bad', 'body-partial.yaml')]);
    expect(run.stderr).toMatch(/body-partial\.yaml:22:3: /);
  });
});
