import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generate } from '../../src/commands/generate.js';
import { ROOT } from '../helpers/run-cli.js';

describe('generate (in process)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('writes one letter per recipient; the same letter again is unchanged, a changed file needs --force', async () => {
    const out = mkdtempSync(join(tmpdir(), 'letters-generate-'));
    dirs.push(out);
    const first = await generate(join(ROOT, 'cases', 'baltabay-pt.yaml'), { outDir: out });
    expect(first.letters).toMatchObject([{ id: 'tokayev', status: 'written', path: join(out, 'baltabay-pt', 'tokayev.pdf') }]);
    expect(existsSync(first.letters[0]!.path)).toBe(true);
    const again = await generate(join(ROOT, 'cases', 'baltabay-pt.yaml'), { outDir: out });
    expect(again.letters[0]!.status).toBe('unchanged');
    writeFileSync(first.letters[0]!.path, 'edited by hand');
    const changed = await generate(join(ROOT, 'cases', 'baltabay-pt.yaml'), { outDir: out });
    expect(changed.letters[0]!.status).toBe('failed');
    const forced = await generate(join(ROOT, 'cases', 'baltabay-pt.yaml'), { outDir: out, force: true });
    expect(forced.letters[0]).toMatchObject({ status: 'written', sha256: first.letters[0]!.sha256 });
  });
});
