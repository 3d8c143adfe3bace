// Usage errors (issue 10, item 7): a missing option value, a boolean given a value, an unknown or
// repeated option, a non-numeric number and a bad SOURCE_DATE_EPOCH all exit 2 with a message and
// write nothing.
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './helpers/run-cli.js';

/** The bad fixtures' valid workspace with one good case, so only the usage can be at fault. */
function workspace(): string {
  const ws = tempDir('letters-usage-');
  for (const sub of ['senders', 'directory', 'images']) cpSync(join(ROOT, 'test', 'fixtures', 'bad', sub), join(ws, sub), { recursive: true });
  cpSync(join(ROOT, 'test', 'fixtures', 'hostile', 'crlf.yaml'), join(ws, 'case.yaml'));
  return ws;
}

describe('usage errors exit 2 and write nothing', () => {
  it.each([
    [['generate', 'case.yaml', '--out'], /--out needs a value/],
    [['generate', 'case.yaml', '--out', '--force'], /--out needs a value/],
    [['generate', 'case.yaml', '--recipient'], /--recipient needs a value/],
    [['generate', 'case.yaml', '--force=maybe'], /--force is on or off: write `--force` alone, or `--force=true` or `--force=false`, not `--force=maybe`/],
    [['generate', 'case.yaml', '--json=1'], /--json is on or off/],
    [['generate', 'case.yaml', '--bogus'], /unknown option or argument: bogus/],
    [['generate', 'case.yaml', 'extra'], /unknown option or argument: extra/],
    [['generate', 'case.yaml', '--out', 'a', '--out', 'b'], /--out is given twice: give it once/],
    // An unset variable (`--out "$DIR"`): the letters went into the current folder, as if `--out .` were meant.
    [
      ['generate', 'case.yaml', '--out', ''],
      /--out names no folder \(an empty value: an unset variable\?\); e\.g\. letters generate cases\/erlan-baltabay\.yaml --out letters/,
    ],
    [['batch', 'campaign.yaml', '--out='], /--out names no folder/],
    [['preview', 'case.yaml', '--width', 'abc'], /--width must be a whole number from 20 to 1000, not `abc`/],
    [['preview', 'case.yaml', '--width', '9999999999'], /--width must be a whole number from 20 to 1000, not `9999999999`/],
    [['preview', 'case.yaml', '--width'], /--width needs a value/],
    [['preview', 'case.yaml', '--language'], /--language needs a value/],
    [['batch', 'campaign.yaml', '--jobs', 'four'], /--jobs must be a whole number of at least 1, not `four`/],
    [['batch', 'campaign.yaml', '--jobs=2.5'], /--jobs must be a whole number of at least 1, not `2\.5`/],
    // They exited 1, as if an input file were bad; and a rate of one a month (6e9 ms apart) overflowed node's timer, so the messages went out at once.
    [
      ['send', 'out', '--rate', '0'],
      /--rate must be a number of messages per minute from 0\.01 \(one every 100 minutes\) up, such as 20 or 20\/min, not `0`; e.g. letters send out\/kazakhstan-day-2020 --send --rate 20/,
    ],
    [['send', 'out', '--rate', 'fast'], /--rate must be .*, not `fast`/],
    [['send', 'out', '--rate', '0.00002'], /--rate must be .*, not `0\.00002`/],
    // Found by fuzzing: `letters generate "$CASE"` with CASE unset read the current folder: "/home/me/work:
    // error: is a folder, not a YAML file.", exit 1.
    [['generate', ''], /generate names no file \(an empty value: an unset variable\?\); e\.g\. letters generate cases\/erlan-baltabay\.yaml/],
    [['preview', ''], /preview names no file \(an empty value/],
    [['batch', ''], /batch names no file \(an empty value/],
    [['validate', 'case.yaml', ''], /validate names no file \(an empty value/],
    [['send', ''], /send names no folder \(an empty value/],
    [['validate'], /name at least one file/],
    [['generate'], /name at least one file/],
  ])('letters %s', (args, message) => {
    const ws = workspace();
    const before = readdirSync(ws).sort();
    const run = runCli(args, { cwd: ws });
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/Run `letters --help`/);
    expect(run.stderr).not.toMatch(/^\s+at |internal error|Not enough|NaN|null/m);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
    expect(readdirSync(ws).sort()).toEqual(before);
  });

  it.each([
    [
      '99999999999999999',
      /SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 from 0 to 253402300799 \(the end of year 9999\), not `99999999999999999`/,
    ],
    ['yesterday', /SOURCE_DATE_EPOCH must be .*, not `yesterday`/],
    ['-5', /SOURCE_DATE_EPOCH must be .*, not `-5`/],
  ])('SOURCE_DATE_EPOCH=%s is a usage error naming the variable and the range', (value, message) => {
    const ws = workspace();
    const run = runCli(['generate', 'case.yaml', '--out', join(ws, 'out')], { cwd: ws, env: { SOURCE_DATE_EPOCH: value } });
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/internal error|Invalid time value/);
    expect(run.code).toBe(2);
    expect(readdirSync(ws)).not.toContain('out');
  });

  it('the booleans still take true and false, and a valid SOURCE_DATE_EPOCH is used', () => {
    const ws = workspace();
    const run = runCli(['generate', 'case.yaml', '--out', join(ws, 'out'), '--force=false', '--json=true'], {
      cwd: ws,
      env: { SOURCE_DATE_EPOCH: '1576454400' },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).letters).toHaveLength(2);
  });
});
