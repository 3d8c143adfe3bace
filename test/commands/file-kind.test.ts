// A command tells a file's kind by its folder without reading it (the command reads it next), else by
// its keys.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileKind } from '../../src/commands/file-kind.js';

const workspace = mkdtempSync(join(tmpdir(), 'letters-kind-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

function file(path: string, text: string): string {
  const full = join(workspace, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, text);
  return full;
}

describe('fileKind', () => {
  it('takes the kind of a file in a kind folder from the folder, without parsing it', () => {
    // Not YAML at all: read, it would have no kind; the command that takes it reports the syntax error.
    expect(fileKind(file('cases/broken.yaml', 'id: [unclosed\n'))).toBe('case');
    expect(fileKind(file('campaigns/day.yaml', 'officials: [x]\n'))).toBe('campaign');
    expect(fileKind(file('senders/x.yaml', ': :\n'))).toBe('sender');
    expect(fileKind(join(workspace, 'directory', 'missing.yaml'))).toBe('directory');
  });

  it('tells other files by their keys, and gives none for a file it cannot read', () => {
    expect(fileKind(file('elsewhere/case.yaml', 'id: x\nrecipients: [a]\n'))).toBe('case');
    expect(fileKind(file('elsewhere/day.yaml', 'cases: [a]\nofficials: [b]\nsenders: [c]\n'))).toBe('campaign');
    expect(fileKind(file('elsewhere/broken.yaml', 'id: [unclosed\n'))).toBeUndefined();
    expect(fileKind(join(workspace, 'elsewhere', 'missing.yaml'))).toBeUndefined();
  });
});
