// vitest globalSetup: the whole run gets a temp folder of its own (TMPDIR, inherited by the test
// workers and by the `letters` processes they spawn), and fails if a test leaves anything in it.
// A folder of its own, not a count of /tmp/letters-*, since other runs may share the machine.
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const runDir = mkdtempSync(join(tmpdir(), 'letters-test-run-'));
  // Searchable by others, as /tmp is: the permission tests run `letters` as another user inside it.
  chmodSync(runDir, 0o755);
  process.env.TMPDIR = runDir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    const left = readdirSync(runDir);
    rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
    if (left.length > 0) {
      // vitest reports an error thrown here but still exits 0, so set the exit code too.
      process.exitCode = 1;
      throw new Error(
        `the tests left ${left.length} temp folder${left.length === 1 ? '' : 's'} behind (${left.slice(0, 5).join(', ')}${left.length > 5 ? ', ...' : ''}): ` +
          'make temp folders with tempDir() from test/helpers/temp-dir.ts, which removes them after each test file.',
      );
    }
  };
}
