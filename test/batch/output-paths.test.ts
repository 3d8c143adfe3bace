// Ids may contain `--`: a letter's path keeps its parts in folders, so no two letters share a path.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allFiles, cleanUp, run, scratch } from '../output/helpers.js';
import { FIXTURE } from './helpers.js';

afterAll(cleanUp);

function clashWorkspace(): string {
  const ws = scratch('letters-ws-');
  cpSync(FIXTURE, ws, { recursive: true });
  const kase = readFileSync(join(ws, 'cases', 'case-one.yaml'), 'utf8');
  writeFileSync(join(ws, 'cases', 'a.yaml'), kase.replace('id: case-one', 'id: a'));
  writeFileSync(join(ws, 'cases', 'a--x.yaml'), kase.replace('id: case-one', 'id: a--x'));
  const officials = readFileSync(join(ws, 'directory', 'officials.yaml'), 'utf8');
  writeFileSync(join(ws, 'directory', 'officials.yaml'), officials.replace('id: official-a', 'id: x--p').replace('id: official-b', 'id: p'));
  writeFileSync(
    join(ws, 'campaigns', 'clash.yaml'),
    'id: clash\ndate: 2020-03-23\ncases: [a, a--x]\nofficials: [x--p, p]\nsenders:\n  - {sender: good-en, country: Belgium}\n',
  );
  return ws;
}

describe('letters whose ids would join to the same name', () => {
  it('are written to distinct paths, each listed once in the manifest, with and without --force', () => {
    const ws = clashWorkspace();
    for (const args of [[], ['--force']]) {
      const r = run(['batch', 'campaigns/clash.yaml', '--jobs', '1', ...args], ws);
      expect(r.stderr).not.toContain('exists already');
      expect(r.code).toBe(0);
      const dir = join(ws, 'out', 'clash');
      const rows = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { file: string; status: string }[];
      expect(rows.map((row) => row.file)).toEqual(['good-en/a/x--p.pdf', 'good-en/a/p.pdf', 'good-en/a--x/x--p.pdf', 'good-en/a--x/p.pdf']);
      expect(allFiles(dir).filter((f) => f.endsWith('.pdf'))).toEqual([...rows.map((row) => row.file)].sort());
    }
  });
});
