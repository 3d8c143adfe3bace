// Signature and logo paths as sender files from other systems write them: with Windows' `\`, with
// capitals the file does not have (found on macOS and Windows, missing on Linux), or hostile-long.
import { cpSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSender } from '../../src/input/load-sender.js';
import { ROOT } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const SENDERS = join(ROOT, 'test', 'fixtures', 'bad', 'senders');

/** The problems of a copy of the fixture sender `acme` whose signature path is written `signature`. */
function problemsWith(signature: string, prepare?: (senders: string) => void): string[] {
  const ws = tempDir();
  const senders = join(ws, 'senders');
  cpSync(SENDERS, senders, { recursive: true });
  prepare?.(senders);
  const file = join(senders, 'acme.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('signature: signatures/secretary.png', `signature: ${JSON.stringify(signature)}`));
  return loadSender(file).problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`);
}

describe('a signature path', () => {
  it('is taken as written', () => {
    expect(problemsWith('signatures/secretary.png')).toEqual([]);
  });

  // `signatures\secretary.png` was found on Windows only: elsewhere "the file does not exist".
  it('with `\\` between folders is refused, with the path written with `/`', () => {
    expect(problemsWith('signatures\\secretary.png')).toEqual([
      '9:16 signatories[0].signature: signature image `signatures\\secretary.png`: the path has `\\` between folders, which only Windows reads so: write `/`, e.g. signatures/secretary.png.',
    ]);
  });

  // Found on macOS and Windows, whose file names ignore capitals; missing on a Linux server.
  it('whose capitals are not the file name’s is refused, with the name as it is on disk', () => {
    for (const written of ['signatures/Secretary.png', 'Signatures/secretary.png', 'signatures/secretary.PNG']) {
      expect(problemsWith(written)).toEqual([
        `9:16 signatories[0].signature: signature image \`${written}\`: the file is named signatures/secretary.png, with other capitals, which some systems tell apart: write the path as the file is named, signatures/secretary.png.`,
      ]);
    }
  });

  it('is refused when the file itself has capitals the path lacks', () => {
    const problems = problemsWith('signatures/secretary.png', (senders) =>
      renameSync(join(senders, 'signatures', 'secretary.png'), join(senders, 'signatures', 'Secretary.png')),
    );
    expect(problems).toEqual([
      '9:16 signatories[0].signature: signature image `signatures/secretary.png`: the file is named signatures/Secretary.png, with other capitals, which some systems tell apart: write the path as the file is named, signatures/Secretary.png.',
    ]);
  });

  // `signature: ''` was taken for no signature, without a word: the letter went out unsigned.
  it('that is empty or blank is refused, as an empty text is', () => {
    for (const written of ['', '  ']) {
      expect(problemsWith(written)).toEqual([
        '9:16 signatories[0].signature: is empty: write the text here (an optional field may be left out instead).'.replace(
          'is empty',
          written === '' ? 'is empty' : 'holds only spaces',
        ),
      ]);
    }
  });

  // 300,000 characters made a 600 KB message: the path was quoted whole, twice.
  it('of hostile length is refused with a short message', () => {
    const problems = problemsWith(`${'a'.repeat(300_000)}.png`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^9:16 signatories\[0\]\.signature: is too long: 300004 characters, at most 1000 are allowed/);
    expect(problems[0]!.length).toBeLessThan(500);
  });
});
