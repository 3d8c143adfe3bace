// `letters preview` on the terminals users have: a narrow one, one that reports no width (0, as some
// serial consoles and editor shells do), and a dumb one that shows ANSI codes as text.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { previewCommand } from '../../src/commands/preview.js';
import type { Io } from '../../src/commands/print.js';
import { ROOT } from '../helpers/run-cli.js';

async function previewOn(terminal: Partial<Io>): Promise<string> {
  let out = '';
  const io: Io = { stdout: (t) => void (out += t), stderr: () => undefined, stdoutIsTTY: true, stderrIsTTY: true, env: {}, cwd: ROOT, ...terminal };
  const code = await previewCommand(io, { file: join(ROOT, 'cases', 'erlan-baltabay.yaml') });
  expect(code).toBe(0);
  return out;
}

const widest = (text: string) =>
  Math.max(
    ...text
      .split('\n')
      .filter((l) => !/https:|@|^─+$/.test(l))
      .map((l) => [...l].length),
  );

describe('letters preview on odd terminals', () => {
  it('wraps at 80 on a terminal that reports no width, not a word a line', async () => {
    for (const columns of [0, undefined, Number.NaN]) {
      const text = await previewOn({ stdoutColumns: columns, env: { NO_COLOR: '1' } });
      expect(widest(text), `columns ${columns}`).toBeGreaterThan(60);
      expect(widest(text)).toBeLessThanOrEqual(80);
    }
  });

  it('wraps at 20, the narrowest --width, on a narrower terminal', async () => {
    const text = await previewOn({ stdoutColumns: 8, env: { NO_COLOR: '1' } });
    expect(text).toContain('Yours sincerely,');
    expect(widest(text)).toBeGreaterThan(12);
    expect(widest(text)).toBeLessThanOrEqual(20);
  });

  it('writes no ANSI codes on a dumb terminal, nor with NO_COLOR, nor off a terminal', async () => {
    expect(await previewOn({ stdoutColumns: 80 })).toContain('\u001b[1m');
    for (const terminal of [{ env: { TERM: 'dumb' } }, { env: { NO_COLOR: '1' } }, { stdoutIsTTY: false }]) {
      expect(await previewOn({ stdoutColumns: 80, ...terminal }), JSON.stringify(terminal)).not.toContain('\u001b');
    }
  });
});
