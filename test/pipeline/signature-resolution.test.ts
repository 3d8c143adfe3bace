// A signature scan too small for its box was scaled up without a word and printed as a blur.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSender } from '../../src/input/load-sender.js';
import { signatureWarnings } from '../../src/pipeline/signature-resolution.js';
import { makePng } from '../input/make-png.js';
import { runCli, sampleWorkspace } from '../helpers/run-cli.js';

const grey = (width: number, height: number) => makePng({ width, height, depth: 8, colour: 0, sample: (x, y) => ((x + y) % 2) * 255 });

const WARNING =
  'senders/ituc.yaml:17:16: warning: signatories[0].signature: signature image `signatures/sharan-burrow.png` is 20 × 8 pixels, printed at 41 × 16 mm (a letter with one signatory), which is 13 dpi: it will print blurred. Send a scan of at least 240 × 96 pixels (150 dpi at that size; 300 or more is better), or an SVG.\n';

describe('a signature image with too few pixels for its printed size', () => {
  it('is a warning naming the file, its pixels, its printed size, its dpi and the fix, in generate and validate; the letter is still written', () => {
    const ws = sampleWorkspace();
    writeFileSync(join(ws, 'senders', 'signatures', 'sharan-burrow.png'), grey(20, 8));
    const generated = runCli(['generate', 'cases/erlan-baltabay.yaml', '--out', 'o'], { cwd: ws });
    expect(generated.code).toBe(0);
    expect(generated.stderr).toBe(WARNING);
    expect(generated.stdout).toBe('o/erlan-baltabay/tokayev.pdf\n');
    const sender = runCli(['validate', 'senders/ituc.yaml'], { cwd: ws });
    expect(sender.code).toBe(0);
    expect(sender.stderr).toBe(WARNING);
    expect(sender.stdout).toBe('senders/ituc.yaml: ok (sender), 1 warning\n');
  });

  it('is measured at the size the letter prints it: three signatories side by side get smaller boxes', () => {
    const ws = sampleWorkspace();
    // 320 × 40 pixels: 105 dpi across the half line one or two signatories get, 162 dpi in a third of it.
    writeFileSync(join(ws, 'senders', 'signatures', 'example-cochair-1.png'), grey(320, 40));
    const validated = runCli(['validate', 'cases/joint-appeal.yaml'], { cwd: ws });
    expect(validated.code).toBe(0);
    expect(validated.stderr).toBe(
      'senders/energy-solidarity-network.yaml:12:16: warning: signatories[0].signature: signature image `signatures/example-cochair-1.png` is 320 × 40 pixels, printed at 77 × 10 mm (a letter with 2 signatories), which is 105 dpi: it will print blurred. Send a scan of at least 458 × 58 pixels (150 dpi at that size; 300 or more is better), or an SVG.\n',
    );
    const sender = loadSender(join(ws, 'senders', 'energy-solidarity-network.yaml')).sender!;
    expect(signatureWarnings(sender, ['co-chair-1', 'co-chair-2'], 2)).toHaveLength(1);
    expect(signatureWarnings(sender, ['co-chair-1', 'co-chair-2'], 3)).toEqual([]);
    expect(signatureWarnings(sender, ['co-chair-2'], 1)).toEqual([]);
  });

  it('is no warning for the samples, nor for an SVG, which is drawn as vectors', () => {
    const ws = sampleWorkspace();
    expect(runCli(['validate', 'senders/ituc.yaml', 'cases/erlan-baltabay.yaml'], { cwd: ws }).stderr).toBe('');
    writeFileSync(
      join(ws, 'senders', 'signatures', 'tiny.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="8"><path d="M0 4 L20 4" stroke="black"/></svg>',
    );
    const sender = join(ws, 'senders', 'ituc.yaml');
    writeFileSync(sender, readFileSync(sender, 'utf8').replace('signatures/sharan-burrow.png', 'signatures/tiny.svg'));
    const r = runCli(['validate', 'senders/ituc.yaml', 'cases/erlan-baltabay.yaml'], { cwd: ws });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  // A case that names no signatories is signed by its sender's first: its signature is measured too.
  it("is given for the sender's first signatory when the case names none", () => {
    const ws = sampleWorkspace();
    writeFileSync(join(ws, 'senders', 'signatures', 'sharan-burrow.png'), grey(20, 8));
    const file = join(ws, 'cases', 'erlan-baltabay.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/\n {2}signatories: \[general-secretary\]\n/);
    writeFileSync(file, text.replace(/\n {2}signatories: \[general-secretary\]\n/, '\n'));
    const r = runCli(['validate', 'cases/erlan-baltabay.yaml'], { cwd: ws });
    expect(r.stderr).toBe(WARNING);
    expect(r.code).toBe(0);
  });
});
