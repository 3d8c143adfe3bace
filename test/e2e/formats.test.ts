import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, sampleWorkspace, tempDir, tool } from '../helpers/run-cli.js';

/** A case without a body: the built-in template writes it from the timeline and the demands. */
const NO_BODY = `id: no-body
title: Case without a body
country: Kazakhstan
people:
  - {name: Erlan Baltabay, pronoun: he, role: former union leader}
timeline:
  - {date: 2019-07-17, event: sentenced to seven years in prison, source: ituc-repression-2019}
sources:
  ituc-repression-2019: {url: https://www.ituc-csi.org/Kazakhstan-repression-deepens-2019}
demands: [release him]
letter:
  sender: ituc
  date: 2020-01-01
  language: LANG
  reference: ~
  cc: ~
  place: ~
  subject: ~
recipients:
  - official: kz-president
    via: kz-in-belgium
`;

describe('files as product.md writes them', () => {
  for (const lang of ['en', 'en-GB']) {
    it(`generates a case without a body, with hyphenated source ids and \`~\` settings (${lang})`, () => {
      const ws = sampleWorkspace();
      const file = join(ws, 'cases', 'no-body.yaml');
      writeFileSync(file, NO_BODY.replace('LANG', lang));
      expect(runCli(['validate', file]).code).toBe(0);
      const out = tempDir();
      const run = runCli(['generate', file, '--out', out]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const text = tool('pdftotext', [join(out, 'no-body', 'kz-president.pdf'), '-']);
      expect(text).toContain('17 July 2019: sentenced to seven years in prison');
      expect(text).toContain('https://www.ituc-csi.org/Kazakhstan-repression-deepens-2019');
      expect(text).toContain('release him');
      expect(text).toContain('Brussels, 1 January 2020');
    });
  }

  it('says a file given as --out is not a folder, without calling it a bug', () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, '');
    const run = runCli(['generate', 'cases/erlan-baltabay.yaml', '--out', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file} is a file, not a folder`);
    expect(run.stderr).not.toContain('internal error');
  });

  it('refuses a --language it has no labels for as wrong usage', () => {
    const run = runCli(['preview', 'cases/erlan-baltabay.yaml', '--language', 'xx']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--language must be one of en, fr, es, de, ru, pt, not xx');
  });

  it('reports in validate what only filling in the body finds', () => {
    const ws = tempDir();
    mkdirSync(join(ws, 'cases'));
    const file = join(ws, 'cases', 'bad-arg.yaml');
    writeFileSync(
      file,
      `id: bad-arg\ntitle: T\ncountry: Kazakhstan\npeople: [{name: A}]\nbody: |\n  On {{date timeline.3.date}}.\nletter: {sender: ituc, date: 2020-01-01}\nrecipients:\n  - {id: x, name: X, salutation: "Dear X,"}\n`,
    );
    mkdirSync(join(ws, 'senders'));
    writeFileSync(join(ws, 'senders', 'ituc.yaml'), `id: ituc\nname: ITUC\nsignatories: [{id: gs, name: A B}]\ncity: Brussels\n`);
    const run = runCli(['validate', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/bad-arg\.yaml:6:6: error: body: \{\{date \.\.\.\}\} was given a value this case does not have/);
  });
});
