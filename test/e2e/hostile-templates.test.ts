// A case body is a template written by users: in the built CLI, every misuse is refused by validate,
// generate and preview alike, all at once, each at its line:col in the case file, with no stack, no
// JavaScript words and nothing written; data filled into a body stays literal text in the letter.
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir, tool } from '../helpers/run-cli.js';

const BAD = join(ROOT, 'test', 'fixtures', 'bad');
const made: string[] = [];
const temp = () => {
  const dir = tempDir('letters-templates-');
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** The error lines validate gives for a fixture (its golden file), which generate and preview must give too. */
const expected = (fixture: string) =>
  readFileSync(join(BAD, `${fixture}.expected.txt`), 'utf8')
    .split('\n')
    .filter((l) => / error: /.test(l));

describe('hostile case bodies in the built CLI', () => {
  it.each([
    ['body-triple-stash', 3],
    ['body-helper-misuse', 11],
    ['body-quoted-misuse', 2],
    ['body-unclosed-block', 1],
  ])('%s: every problem at its place, in validate, generate and preview', (fixture, count) => {
    const lines = expected(fixture);
    expect(lines).toHaveLength(count);
    for (const line of lines) expect(line).toMatch(new RegExp(`^${fixture}\\.yaml:\\d+:\\d+: error: body: `));
    const out = temp();
    for (const args of [['validate'], ['generate', '--out', out], ['preview']]) {
      const run = runCli([args[0]!, `${fixture}.yaml`, ...args.slice(1)], { cwd: BAD });
      expect(run.code, `${args[0]}: ${run.stderr}`).toBe(1);
      for (const line of lines) expect(run.stderr).toContain(line);
      expect(run.stderr).not.toMatch(/^\s+at |internal error|lookupProperty|Cannot read|\[object Object\]|TypeError/im);
      // `{{log}}` and friends write nothing: stdout holds validate's verdict line alone.
      expect(run.stdout).toBe(args[0] === 'validate' ? `${fixture}.yaml: invalid (case), ${count} error${count > 1 ? 's' : ''}\n` : '');
    }
    expect(readdirSync(out)).toEqual([]);
  });

  it('prints a hostile name as literal text: no bold, no live link, no footnote from data', () => {
    const ws = temp();
    for (const sub of ['senders', 'directory', 'images']) cpSync(join(BAD, sub), join(ws, sub), { recursive: true });
    const hostile = '**X** [click](https://phish.example) [^ituc] <b>y</b> `z` # h';
    const text = readFileSync(join(BAD, 'body-unknown-helper.yaml'), 'utf8')
      .replace('name: Erlan Baltabay', `name: '${hostile}'`)
      .replace('We ask you to free {{shout person.name}}.', '{{person.name}}\n  ===\n\n  We ask you to free {{upper person.name}}.');
    writeFileSync(join(ws, 'case.yaml'), text);
    const check = runCli(['validate', 'case.yaml'], { cwd: ws });
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    const run = runCli(['generate', 'case.yaml', '--out', join(ws, 'out')], { cwd: ws });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const pdf = join(ws, 'out', 'test-case', 'tokayev.pdf');
    const words = tool('pdftotext', [pdf, '-']).replace(/\s+/g, ' ');
    expect(words).toContain(hostile);
    expect(words).toContain(hostile.toUpperCase());
    // One footnote only: the body's own [^ituc]; the name's "[^ituc]" stays text.
    expect(words).not.toMatch(/\b2 https:\/\/www\.ituc/);
    expect(readFileSync(pdf).toString('latin1')).not.toContain('phish.example)');
    expect(readFileSync(pdf).toString('latin1')).not.toMatch(/\/URI \(https:\/\/phish/);
  });

  // Compiling a body of 30,000 `{{sender.name}}` took 600 MB (100,000 `{{title}}`, 2.9 GB and a letter
  // written): refused before compiling, at its place, in a heap of 100 MB, where it ran out of memory.
  it('a body of 30,000 expressions: refused at the one past 2,000, in validate and generate, within a 100 MB heap', () => {
    const ws = temp();
    for (const sub of ['senders', 'directory', 'images']) cpSync(join(BAD, sub), join(ws, sub), { recursive: true });
    const text = readFileSync(join(BAD, 'body-unknown-helper.yaml'), 'utf8').replace(
      '  We ask you to free {{shout person.name}}.',
      '{{sender.name}}\n'.repeat(30_000).replace(/^/gm, '  '),
    );
    writeFileSync(join(ws, 'case.yaml'), text);
    // The body starts on the line after `body: |`; its first line holds expressions 1 and 2.
    const line = text.split('\n').indexOf('body: |') + 1 + 1 + 1 + 1999;
    const heap = { NODE_OPTIONS: '--max-old-space-size=100' };
    for (const args of [['validate'], ['generate', '--out', join(ws, 'out')]]) {
      const run = runCli([args[0]!, 'case.yaml', ...args.slice(1)], { cwd: ws, env: heap });
      expect(run.code, `${args[0]}: ${run.stderr}`).toBe(1);
      expect(run.stderr).toContain(`case.yaml:${line}:3: error: body: more than 2,000 Handlebars expressions up to here`);
      expect(run.stderr).not.toMatch(/^\s+at |internal error|heap out of memory|TypeError/im);
    }
  });
});
