import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, sampleWorkspace } from '../helpers/run-cli.js';

// A Sri Lankan unionist's name kept in Sinhala, which no embedded font has, refused the whole case
// although the English letter never prints it: native_name is printed only where a body asks for it.
describe('a native name in a script no embedded font has', () => {
  const withNativeName = (edit: (yaml: string) => string = (y) => y) => {
    const ws = sampleWorkspace();
    const file = join(ws, 'cases', 'erlan-baltabay.yaml');
    writeFileSync(file, edit(readFileSync(file, 'utf8').replace('native_name: Ерлан Балтабай', 'native_name: සුනිල් පෙරේරා')));
    return ws;
  };

  it('is kept for the record when no letter prints it: validate, generate and preview pass', () => {
    const ws = withNativeName();
    expect(runCli(['validate', 'cases/erlan-baltabay.yaml'], { cwd: ws }).code).toBe(0);
    const generate = runCli(['generate', 'cases/erlan-baltabay.yaml', '--out', 'out'], { cwd: ws });
    expect(generate.stderr).toBe('');
    expect(generate.code).toBe(0);
    expect(runCli(['preview', 'cases/erlan-baltabay.yaml'], { cwd: ws }).code).toBe(0);
  });

  it('is refused at the field, naming the letter, where the body prints it', () => {
    const ws = withNativeName((yaml) => yaml.replace('persecution of {{person.name}}, a', 'persecution of {{person.name}} ({{person.native_name}}), a'));
    const at =
      /^cases\/erlan-baltabay\.yaml:8:18: error: people\[0\]\.native_name: characters `ස` \(U\+0DC3\), .* are in no embedded font, and the letter to `tokayev` prints them: replace or remove them, or leave the field out of the body and template\.$/m;
    const generate = runCli(['generate', 'cases/erlan-baltabay.yaml', '--out', 'out'], { cwd: ws });
    expect(generate.code).toBe(1);
    expect(generate.stderr).toMatch(at);
    const validate = runCli(['validate', 'cases/erlan-baltabay.yaml'], { cwd: ws });
    expect(validate.code).toBe(1);
    expect(validate.stderr).toMatch(at);
    const preview = runCli(['preview', 'cases/erlan-baltabay.yaml'], { cwd: ws });
    expect(preview.code).toBe(1);
    expect(preview.stderr).toMatch(at);
  });

  it('blames only the name printed, not another sharing its characters', () => {
    const ws = withNativeName((yaml) =>
      yaml
        .replace('native_name: සුනිල් පෙරේරා', 'native_name: පෙරේරා')
        .replace('timeline:\n', '  - name: Sunil Silva\n    native_name: සුනිල් සිල්වා\n    pronoun: he\n    role: {en: a union leader}\ntimeline:\n')
        .replace('persecution of {{person.name}}, a', 'persecution of {{person.name}} and {{people.1.name}} ({{upper people.1.native_name}}), a'),
    );
    const generate = runCli(['generate', 'cases/erlan-baltabay.yaml', '--out', 'out'], { cwd: ws });
    expect(generate.code).toBe(1);
    expect(generate.stderr).toMatch(/^cases\/erlan-baltabay\.yaml:\d+:\d+: error: people\[1\]\.native_name: /m);
    expect(generate.stderr).not.toContain('people[0]');
  });
});
