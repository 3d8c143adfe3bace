// A workspace's own template files are input like its YAML files: read with the same checks (UTF-8
// text, at most 1 MiB, a regular file, no link out of the workspace), blocks nested more than 64 deep
// refused before Handlebars parses them, and an e-mail cover note's mistakes located at their line and
// column. A deep template gave a vague message, a link out of the workspace was read, and a cover
// note that did not parse was "internal error ... a bug in letters".
import { cpSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, sampleWorkspace, tempDir } from '../helpers/run-cli.js';

const CASE = join('cases', 'erlan-baltabay.yaml');

/** The sample workspace with its own copy of the built-in `appeal` template. */
function workspace(): { ws: string; dir: string } {
  const ws = sampleWorkspace();
  const dir = join(ws, 'templates', 'appeal');
  mkdirSync(join(ws, 'templates'));
  cpSync(join(ROOT, 'templates', 'appeal'), dir, { recursive: true });
  return { ws, dir };
}

function expectClean(stderr: string): void {
  expect(stderr).not.toMatch(/internal error|a bug in letters|^\s+at |RangeError|Maximum call stack|Parse error on line/im);
}

describe('template files of a workspace', () => {
  it('blocks nested more than 64 levels deep: refused at the block that goes too deep', () => {
    const { ws, dir } = workspace();
    const en = readFileSync(join(dir, 'en.hbs'), 'utf8');
    const n = 5000;
    writeFileSync(join(dir, 'en.hbs'), en.replace(/^::closing.*$/m, `::closing\n${'{{#if sender}}'.repeat(n)}x${'{{/if}}'.repeat(n)}`));
    const line = en.slice(0, en.search(/^::closing/m)).split('\n').length + 1;
    const r = runCli(['preview', CASE], { cwd: ws });
    expect(r.code).toBe(1);
    expectClean(r.stderr);
    // Printed as every other problem is: the path from the current folder, then `error:`.
    expect(r.stderr).toContain(`templates/appeal/en.hbs:${line}:${64 * '{{#if sender}}'.length + 1}: error: blocks are nested more than 64 levels deep`);
  });

  it('a template saved as UTF-16', () => {
    const { ws, dir } = workspace();
    writeFileSync(join(dir, 'en.hbs'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(join(dir, 'en.hbs'), 'utf8'), 'utf16le')]));
    const r = runCli(['preview', CASE], { cwd: ws });
    expect(r.code).toBe(1);
    expectClean(r.stderr);
    expect(r.stderr).toContain('templates/appeal/en.hbs: error: is UTF-16, not a template text file. Save it as UTF-8');
  });

  it('a template over 1 MiB', () => {
    const { ws, dir } = workspace();
    writeFileSync(join(dir, 'en.hbs'), `${readFileSync(join(dir, 'en.hbs'), 'utf8')}\n${'x'.repeat(1024 * 1024)}`);
    const r = runCli(['preview', CASE], { cwd: ws });
    expect(r.code).toBe(1);
    expectClean(r.stderr);
    expect(r.stderr).toMatch(/^templates\/appeal\/en\.hbs: error: file is \d+ bytes; files over 1048576 bytes are refused/);
  });

  it('a template or a partial that links out of the workspace', () => {
    for (const name of ['en.hbs', join('partials', 'demands.hbs')]) {
      const { ws, dir } = workspace();
      const outside = join(tempDir('letters-elsewhere-'), 'x.hbs');
      renameSync(join(dir, name), outside);
      symlinkSync(outside, join(dir, name));
      const r = runCli(['preview', CASE], { cwd: ws });
      expect(r.code, name).toBe(1);
      expectClean(r.stderr);
      expect(r.stderr).toContain(`${join('templates', 'appeal', name)}: error: is a symbolic link to ${outside}, outside the workspace`);
    }
  });

  it('a cover note that does not parse: its file, line and column', () => {
    const { ws, dir } = workspace();
    writeFileSync(join(dir, 'email.en.hbs'), '::subject Appeal: {{case.title}}\n::body\nDear colleagues,\n\n{{#if embassy}}via {{embassy}}\n');
    const out = tempDir('letters-out-');
    const r = runCli(['generate', CASE, '--eml', '--out', out], { cwd: ws });
    expect(r.code).toBe(1);
    expectClean(r.stderr);
    expect(r.stderr).toContain('templates/appeal/email.en.hbs:5:1: error: `{{#if embassy}}` is never closed');
  });

  // `letters validate` took only YAML files, and a case's check never read its cover note: a helper
  // that does not exist or an emoji in it was found by `generate --eml`, letter by letter, if at all.
  it('`letters validate` of a cover note, and of a case whose letters take it, lists its problems at their lines and columns', () => {
    const { ws, dir } = workspace();
    const file = join(dir, 'email.en.hbs');
    writeFileSync(file, '::subject Appeal 🙂 {{case.title}}\n::body\nDear colleagues,\n\t{{shout sender.name}} {{> sign-off}}\n');
    const direct = runCli(['validate', 'templates/appeal/email.en.hbs'], { cwd: ws });
    expect(direct.code).toBe(1);
    expectClean(direct.stderr);
    expect(direct.stderr).toMatch(/^templates\/appeal\/email\.en\.hbs:4:24: error: the `::body` part includes the partial `sign-off`, but there is no /);
    expect(direct.stdout).toBe('templates/appeal/email.en.hbs: invalid (template), 1 error\n');
    writeFileSync(file, '::subject Appeal 🙂 {{case.title}}\n::body\nDear colleagues,\n\t{{shout sender.name}}\n');
    const all = runCli(['validate', 'templates/appeal/email.en.hbs', CASE], { cwd: ws });
    expect(all.code).toBe(1);
    const lines = [
      'templates/appeal/email.en.hbs:1:18: error: character `🙂` (U+1F642) is in no embedded font, so the letter cannot print it: replace or remove it.',
      'templates/appeal/email.en.hbs:4:2: error: unknown helper `shout`: the helpers a template may use are capitalize, date, each, elide, if, list, lookup, pronoun, punctuate, quote, the, unless, upper, with.',
    ];
    expect(all.stderr).toBe(`${[...lines, ...lines].join('\n')}\n`);
    expect(all.stdout).toContain(`${CASE}: invalid (case), 2 errors`);
    // In file order, whatever check found them.
    writeFileSync(file, '::subject Appeal\n::body\n🙂\n{{shout sender.name}}\n');
    const ordered = runCli(['validate', 'templates/appeal/email.en.hbs'], { cwd: ws });
    expect(ordered.stderr.split('\n').map((line) => line.split(': error')[0])).toEqual([
      'templates/appeal/email.en.hbs:3:1',
      'templates/appeal/email.en.hbs:4:1',
      '',
    ]);
  });

  it('a cover note with blocks nested too deep', () => {
    const { ws, dir } = workspace();
    writeFileSync(join(dir, 'email.en.hbs'), `::subject x\n::body\n${'{{#if embassy}}'.repeat(3000)}x${'{{/if}}'.repeat(3000)}\n`);
    const out = tempDir('letters-out-');
    const r = runCli(['generate', CASE, '--eml', '--out', out], { cwd: ws });
    expect(r.code).toBe(1);
    expectClean(r.stderr);
    expect(r.stderr).toContain(`templates/appeal/email.en.hbs:3:${64 * '{{#if embassy}}'.length + 1}: error: blocks are nested more than 64 levels deep`);
  });
});

describe('template files of too many expressions', () => {
  // Compiling 30,000 `{{sender.name}}` took 600 MB: a template, a partial or a cover note of more than
  // 2,000 expressions is refused as it is read, at the expression past the limit, in a heap of 100 MB.
  it.each([['en.hbs'], [join('partials', 'demands.hbs')], ['email.en.hbs']])('%s', (name) => {
    const { ws, dir } = workspace();
    const file = join(dir, name);
    const before = readFileSync(file, 'utf8').replace(/\n*$/, '\n');
    writeFileSync(file, `${before}${'{{sender.name}}\n'.repeat(30_000)}`);
    const out = tempDir('letters-out-');
    for (const args of [
      ['validate', file],
      ['generate', CASE, '--eml', '--out', out],
    ]) {
      const r = runCli(args, { cwd: ws, env: { NODE_OPTIONS: '--max-old-space-size=100' } });
      expect(r.code, r.stderr).toBe(1);
      expectClean(r.stderr);
      expect(r.stderr).not.toMatch(/heap out of memory/);
      expect(r.stderr).toMatch(new RegExp(`${name.replace(/[./]/g, '\\$&')}:\\d+:1: (error: )?more than 2,000 Handlebars expressions up to here`));
    }
  });
});
