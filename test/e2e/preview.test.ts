import { readdirSync, readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preview } from '../../src/commands/preview.js';
import { compact, pdfWords, previewWords } from '../helpers/pdf-text.js';
import { ROOT, runCli, tempDir } from '../helpers/run-cli.js';

const CASES = readdirSync(join(ROOT, 'cases')).filter((f) => f.endsWith('.yaml'));
const GOLDEN = join(ROOT, 'test', 'golden');

describe('golden previews of every sample case', async () => {
  const expected = new Set<string>();
  for (const file of CASES) {
    for (const letter of (await preview(join(ROOT, 'cases', file), { width: 80 })).letters) {
      const name = `${file.replace(/\.yaml$/, '')}--${letter.id}.txt`;
      expected.add(name);
      it(`${name} matches (update with: npm run test:update)`, async () => {
        expect(letter.status).toBe('ok');
        await expect(letter.text).toMatchFileSnapshot(join(GOLDEN, name));
      });
    }
  }
  it('has no golden file for a letter that no longer exists', () => {
    const present = readdirSync(GOLDEN).filter((f) => f.endsWith('.txt'));
    expect(present.sort()).toEqual([...expected].sort());
  });
});

describe('letters preview', () => {
  it(
    'prints the same words, in the same order, as the PDF of every sample letter',
    async () => {
      const out = tempDir();
      for (const file of CASES) {
        const gen = runCli(['generate', join('cases', file), '--out', out]);
        expect(gen.code).toBe(0);
        const run = runCli(['preview', join('cases', file), '--json']);
        expect(run.code).toBe(0);
        for (const letter of JSON.parse(run.stdout) as { id: string; text: string }[]) {
          const pdf = readFileSync(join(out, file.replace(/\.yaml$/, ''), `${letter.id}.pdf`));
          expect(compact(previewWords(letter.text)), `${file} ${letter.id}`).toBe(compact(await pdfWords(pdf)));
        }
      }
      // Two CLI runs per sample case: the time grows with cases/, not with any one letter.
    },
    60_000 * 4,
  );

  it('breaks pages where the PDF does, with footnotes at the end of each page', () => {
    const run = runCli(['preview', 'cases/erlan-baltabay.yaml']);
    expect(run.code).toBe(0);
    const [page1, page2] = run.stdout.split('-- page 2 --\n');
    expect(page1).toContain('[1] https://www.ituc-csi.org/Kazakhstan-repression-deepens-2019');
    expect(page1).toContain('[2] https://www.ituc-csi.org/kazakhstan-union-leader-erlan');
    expect(page1).toContain('charges[1].');
    expect(page2).toMatch(/^PERC\/AL\/pw +Page 2 of 2\n/);
    expect(page2).toContain('Yours sincerely,\n\n[signature: Sharan Burrow]\nSharan Burrow\nGeneral Secretary\n');
  });

  it('wraps at --width without ever breaking a URL or an e-mail address', () => {
    const run = runCli(['preview', 'cases/erlan-baltabay.yaml', '--width', '30']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    for (const line of lines) if (!/https:|@/.test(line)) expect(line.length, line).toBeLessThanOrEqual(30);
    expect(lines).toContain('[1] https://www.ituc-csi.org/Kazakhstan-repression-deepens-2019');
    expect(lines).toContain('  • brussels@mfa.kz');
  });

  it('keeps lines within 100 characters at the default width', () => {
    for (const file of CASES) {
      const run = runCli(['preview', join('cases', file)]);
      for (const line of run.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
    }
  });

  it('shows bold in ANSI only when asked, and never with NO_COLOR', async () => {
    const colored = (await preview(join(ROOT, 'cases', 'erlan-baltabay.yaml'), { color: true })).letters[0]!.text!;
    expect(colored).toContain('\u001b[1mPresident\u001b[22m');
    expect(runCli(['preview', 'cases/erlan-baltabay.yaml']).stdout).not.toContain('\u001b[');
  });

  it('separates several letters, naming the recipient and the file', () => {
    const ws = tempDir();
    cpSync(join(ROOT, 'cases'), join(ws, 'cases'), { recursive: true });
    cpSync(join(ROOT, 'senders'), join(ws, 'senders'), { recursive: true });
    cpSync(join(ROOT, 'directory'), join(ws, 'directory'), { recursive: true });
    const file = join(ws, 'cases', 'erlan-baltabay.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}  - official: kz-prosecutor-general\n    via: kz-in-belgium\n`);
    const run = runCli(['preview', file], { cwd: ws });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^=== tokayev → out\/erlan-baltabay\/tokayev\.pdf =+$/m);
    expect(run.stdout).toMatch(/^=== kz-prosecutor-general → out\/erlan-baltabay\/kz-prosecutor-general\.pdf =+$/m);
    expect(run.stdout).toContain('Dear Prosecutor General,');
    const one = runCli(['preview', file, '--recipient', 'kz-prosecutor-general'], { cwd: ws });
    expect(one.stdout).not.toContain('===');
    expect(one.stdout).not.toContain('Dear President,');
    expect(readdirSync(ws).sort()).toEqual(['cases', 'directory', 'senders']);
  });

  it('works on a folder with only cases/ and senders/, using the built-in template, and writes nothing', () => {
    const ws = tempDir();
    mkdirSync(join(ws, 'cases'));
    cpSync(join(ROOT, 'senders'), join(ws, 'senders'), { recursive: true });
    cpSync(join(ROOT, 'cases', 'erlan-baltabay.yaml'), join(ws, 'cases', 'erlan-baltabay.yaml'));
    const run = runCli(['preview', 'cases/erlan-baltabay.yaml'], { cwd: ws });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Dear President,');
    expect(readdirSync(ws).sort()).toEqual(['cases', 'senders']);
  });

  it('previews in another language with --language, and fails clearly where a text is missing', () => {
    const run = runCli(['preview', 'cases/erlan-baltabay.yaml', '--language', 'fr']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/erlan-baltabay\.yaml:\d+:\d+: error: .*no French \(`fr`\) text: the letter is in `fr`/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('gives bad input the same errors and exit code as generate', () => {
    const missing = runCli(['preview', 'cases/nope.yaml']);
    const gen = runCli(['generate', 'cases/nope.yaml']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(gen.stderr);
    expect(missing.stderr).toContain('cases/nope.yaml: error: file not found');
  });
});
