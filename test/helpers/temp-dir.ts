// Every temp folder a test makes comes from here, so each is removed when its test file ends
// (test/helpers/remove-temp-dirs.ts) and test/helpers/temp-check.ts can fail a run that leaves one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A fresh temporary folder, removed after the test file that made it. */
export function tempDir(prefix = 'letters-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder `tempDir` made in this test file. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
