// Messages cannot forge the terminal (issue 10, item 4): control characters in a file name, a field
// or a value are shown as escapes, never sent raw.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeControls, formatProblem, letterProblems, LocatedError, UserError } from '../src/errors.js';
import { ROOT, tempDir } from './helpers/run-cli.js';

describe('escapeControls', () => {
  it('writes C0, DEL, C1, separators and bidirectional controls as escapes', () => {
    expect(escapeControls('a\x1b[2K\rb\n\t\x00\x7f\x9b')).toBe('a\\x1b[2K\\rb\\n\\t\\x00\\x7f\\x9b');
    expect(escapeControls('x\u202ey\u2066z\u2028\u200f')).toBe('x\\u202ey\\u2066z\\u2028\\u200f');
  });

  it('leaves printable text of any script alone', () => {
    const text = 'Ерлан Балтабай, Confédération « syndicale », 中文, عربي, C:\\path';
    expect(escapeControls(text)).toBe(text);
  });
});

describe('formatProblem', () => {
  it('escapes ESC and CR in the file name, the field and the message, so one problem stays one line', () => {
    const line = formatProblem({
      file: 'cases/evil\x1b[2K\r.yaml',
      line: 2,
      column: 8,
      path: 'people[0].name',
      message: 'the text `Erlan\x1b[2K\rcases/good.yaml: ok (case)` holds control characters',
      severity: 'error',
    });
    expect(line).toBe('cases/evil\\x1b[2K\\r.yaml:2:8: error: people[0].name: the text `Erlan\\x1b[2K\\rcases/good.yaml: ok (case)` holds control characters');
    expect(line).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
  });
});

describe('sortProblems', () => {
  // The files' order was the locale's collation: Danish sorts `aa` after `z`, Estonian `z` before `t`,
  // so a campaign's warnings came out in another order under another LANG.
  it('orders the files alike under every locale', () => {
    const files = ['/w/senders/b.yaml', '/w/senders/aa.yaml', '/w/senders/zz.yaml', '/w/senders/tt.yaml', '/w/cases/x.yaml'];
    const problems = files.map((file) => ({ file, path: '', message: 'm', severity: 'warning' }));
    const script = `import('${join(ROOT, 'src', 'errors.ts')}').then((m) => { const p = ${JSON.stringify(problems)}; m.sortProblems(p, '/w/cases/x.yaml'); console.log(p.map((q) => q.file).join(' ')); })`;
    // tsx keeps its cache in the temp folder: one of this test's own, which is removed with it.
    const tmp = tempDir('letters-locale-');
    const sorted = (locale: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 20_000,
        env: { ...process.env, LANG: locale, LC_ALL: locale, TMPDIR: tmp },
      }).stdout.trim();
    const expected = '/w/cases/x.yaml /w/senders/aa.yaml /w/senders/b.yaml /w/senders/tt.yaml /w/senders/zz.yaml';
    for (const locale of ['C.UTF-8', 'da_DK.UTF-8', 'et_EE.UTF-8']) expect([locale, sorted(locale)]).toEqual([locale, expected]);
  }, 60_000);
});

// Found by fuzzing: a letter stopped by a template problem (a LocatedError) was printed by `generate` and
// `preview` as "error: /home/…/templates/appeal/en.hbs:3:5: …", the absolute path and another form than
// every other problem; `--json` gave it no problems. It is a problem like the others.
describe('letterProblems', () => {
  it("gives a LocatedError's problem, to print as the others are", () => {
    const problem = { file: '/ws/templates/appeal/en.hbs', line: 3, column: 5, path: '', message: 'unknown helper `shout`.', severity: 'error' as const };
    expect(letterProblems(new LocatedError(problem))).toEqual({ problems: [problem], error: '/ws/templates/appeal/en.hbs:3:5: unknown helper `shout`.' });
    expect(letterProblems(new UserError('no template.'))).toEqual({ error: 'no template.' });
  });
});
