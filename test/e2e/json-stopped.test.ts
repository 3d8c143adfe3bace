import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, sampleWorkspace } from '../helpers/run-cli.js';

// README: `--json` prints the results as JSON; product.md: "`--json` gives machine-readable results".
// A run that bad input stops before any result still answers a script on stdout, not only on stderr.
describe('--json when bad input stops the run', () => {
  it('generate, preview and batch print {ok: false, error, problems} with each problem located', () => {
    const ws = sampleWorkspace();
    writeFileSync(join(ws, 'cases', 'bad.yaml'), 'id: Bad_Id\n');
    writeFileSync(
      join(ws, 'campaigns', 'bad-day.yaml'),
      'id: bad-day\ndate: 2020-13-01\ncases: [erlan-baltabay]\nofficials: [kz-president]\nsenders: [{sender: ituc, country: Belgium}]\n',
    );
    for (const args of [
      ['generate', 'cases/bad.yaml', '--json'],
      ['preview', 'cases/bad.yaml', '--json'],
      ['batch', 'campaigns/bad-day.yaml', '--json'],
    ]) {
      const run = runCli(args, { cwd: ws });
      expect(run.code, args.join(' ')).toBe(1);
      const json = JSON.parse(run.stdout) as { ok: boolean; error: string; problems: { file: string; line: number | null; path: string }[] };
      expect(json.ok).toBe(false);
      expect(json.error).toMatch(/problems? found; nothing was written\./);
      expect(json.problems.length).toBeGreaterThan(0);
      const file = args[1]!;
      expect(json.problems.map((p) => p.file)).toContain(file);
      expect(run.stderr).toContain(`${file}:`);
    }
  });

  it('a refusal that is no file problem is the error, with no problems', () => {
    const ws = sampleWorkspace();
    const run = runCli(['generate', 'cases/erlan-baltabay.yaml', '--recipient', 'nobody', '--json'], { cwd: ws });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({ ok: false, error: expect.stringContaining('no recipient `nobody`'), problems: [] });
    const send = runCli(['send', 'out/no-such-day', '--json'], { cwd: ws });
    expect(send.code).toBe(1);
    expect(JSON.parse(send.stdout)).toMatchObject({ ok: false, problems: [] });
  });
});
