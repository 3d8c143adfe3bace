import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkTarget, shellQuoted } from '../../src/output/link-target.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('linkTarget', () => {
  it("gives a relative target from the link's folder, and nothing for a link gone", () => {
    const dir = tempDir('letters-link-');
    mkdirSync(join(dir, 'out'));
    symlinkSync('../backup/send-log.jsonl', join(dir, 'out', 'send-log.jsonl'));
    expect(linkTarget(join(dir, 'out', 'send-log.jsonl'))).toBe(join(dir, 'backup', 'send-log.jsonl'));
    expect(linkTarget(join(dir, 'out', 'none'))).toBeUndefined();
  });
});

describe('shellQuoted', () => {
  it('makes a command the shell reads back as the very path, quotes and spaces in it', () => {
    const dir = tempDir('letters-quote-');
    const odd = join(dir, "union's $HOME `x` \\ folder");
    writeFileSync(odd, 'kept');
    expect(execFileSync('sh', ['-c', `cat ${shellQuoted(odd)}`], { encoding: 'utf8' })).toBe('kept');
  });
});
