import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/run-cli.js';
import { bigCampaign, filesUnder, readManifestJson, sha256 } from './helpers.js';

function pdfsUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.pdf'));
}

describe('Ctrl-C during letters batch', () => {
  // --jobs 1 renders in the main thread, which must still hear the signal between letters.
  it.each(['2', '1'])(
    'with --jobs %s finishes the letters in flight, saves the manifest of what was written, leaves no temp file, and resumes',
    async (jobs) => {
      const ws = bigCampaign(150);
      const dir = join(ws, 'out', 'big-day');
      const child = spawn(process.execPath, [BIN, 'batch', 'campaigns/big-day.yaml', '--jobs', jobs], { cwd: ws, env: { ...process.env, NO_COLOR: '1' } });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // Interrupt as soon as the first letter is on disk.
      const deadline = Date.now() + 30_000;
      while (pdfsUnder(dir).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      child.kill('SIGINT');
      const code = await exited;

      expect(code).toBe(130);
      expect(stderr).toContain('Stopping: finishing the letters in flight');
      expect(stderr).toMatch(/Interrupted: written \d+, skipped 0, failed 0 of 300 letters/);
      const rows = readManifestJson(dir);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.length).toBeLessThan(300);
      // Every letter on disk is whole and recorded; none is recorded that is not on disk.
      expect(pdfsUnder(dir).sort()).toEqual(rows.map((r) => r.file).sort());
      for (const r of rows) {
        expect(r.status).toBe('written');
        expect(sha256(readFileSync(join(dir, r.file)))).toBe(r.sha256);
      }
      expect(filesUnder(ws).filter((f) => f.includes('.tmp-'))).toEqual([]);

      const resumed = runCli(['batch', 'campaigns/big-day.yaml', '--jobs', '2', '--json', '--quiet'], { cwd: ws });
      expect(resumed.code).toBe(0);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ total: 300, skipped: rows.length, written: 300 - rows.length, failed: 0 });
    },
  );
});
