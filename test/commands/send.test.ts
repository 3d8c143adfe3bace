// What `letters send` prints of each letter comes from the drafts and the server: a subject, an address
// or a server's answer with a terminal escape must not reach the terminal as one.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askHidden, itemLine, send, summaryLine } from '../../src/commands/send.js';
import { StoppedError } from '../../src/errors.js';
import { tempDir } from '../helpers/run-cli.js';
import { printBatchSummary } from '../../src/commands/batch.js';
import type { BatchSummary } from '../../src/batch/run-batch.js';

const ESC = '\u001b';

describe('letters send output', () => {
  it('escapes control and bidi characters in the file, addresses, subject, answer and reason', () => {
    const line = itemLine(
      {
        file: `ituc/a${ESC}[2K.pdf`,
        status: 'sent',
        to: [`a@mfa.kz${ESC}]0;owned\u0007`],
        cc: ['b@mfa.kz\u202e'],
        subject: `Appeal${ESC}[1A${ESC}[2Ksent 0\r\nBcc: x`,
        attachment: { filename: `x${ESC}.pdf`, bytes: 2048 },
        answer: `250 ok${ESC}[31m`,
      },
      (f) => f,
    );
    expect(line).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(line).toContain('Subject: Appeal\\x1b[1A\\x1b[2Ksent 0\\r\\nBcc: x');
    expect(line).toContain('To: a@mfa.kz\\x1b]0;owned\\x07; Cc: b@mfa.kz\\u202e');
    expect(line).toContain('ituc/a\\x1b[2K.pdf');
    expect(line).toContain('server: 250 ok\\x1b[31m');
    // One line per letter, plus the server's answer on its own.
    expect(line.split('\n')).toHaveLength(3);
    const why = itemLine({ file: 'a.pdf', status: 'not-ready', to: [], cc: [], subject: '', reason: `x${ESC}[2J` }, (f) => f);
    expect(why).toContain('x\\x1b[2J');
  });
});

describe('letters batch summary', () => {
  it('escapes control characters in a fault, a manifest error and the letters named', () => {
    let err = '';
    const summary = {
      failed: 1,
      failures: [{ cause: `bad${ESC}[2K`, count: 1, letters: [`ituc/a${ESC}[2K.pdf`] }],
      fault: `cannot write out/x${ESC}[2K.pdf`,
      manifestError: `disk${ESC}[2K full`,
      written: 0,
      skipped: 0,
      total: 1,
      pages: 0,
      seconds: 1,
      lettersPerSecond: 0,
      interrupted: false,
      warnings: [],
    } as unknown as BatchSummary;
    printBatchSummary({ stderr: (t: string) => (err += t) } as never, summary, false);
    expect(err).not.toContain(ESC);
    expect(err).toContain('error: cannot write out/x\\x1b[2K.pdf');
  });
});

describe('letters send password prompt', () => {
  it('shows the user name of the SMTP URL with its control characters escaped', async () => {
    let asked = '';
    await expect(
      send('/nonexistent-letters-folder', {
        send: true,
        smtp: 'smtp://a%1b%5b2Kb@mail.example.org:587',
        env: {},
        askPassword: async (q) => ((asked = q), ''),
      }),
    ).rejects.toThrow(/no manifest/);
    expect(asked).toBe('SMTP password for a\\x1b[2Kb at mail.example.org: ');
  });
});

// SIGTERM at the prompt was taken as a stop of the run to come: the prompt went on waiting, and once
// answered, the run deferred every letter ("stopped by Ctrl-C") and rewrote the manifest.
describe('a signal while the password prompt waits', () => {
  it('ends the run before it starts: nothing sent, no send log, the manifest untouched', async () => {
    const dir = tempDir('letters-prompt-');
    writeFileSync(join(dir, 'manifest.json'), '[]');
    const controller = new AbortController();
    const stopped = send(dir, {
      send: true,
      smtp: 'smtp://me@127.0.0.1:2599?tls=off',
      env: {},
      signal: controller.signal,
      // A prompt that answers whatever the signal, as a user may press Enter after it.
      askPassword: async () => (controller.abort('SIGTERM'), 'secret'),
    });
    await expect(stopped).rejects.toThrow(StoppedError);
    await expect(stopped).rejects.toMatchObject({ signal: 'SIGTERM' });
    expect(readdirSync(dir)).toEqual(['manifest.json']);
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe('[]');
  });

  const terminal = () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (d: Buffer) => (shown += d.toString()));
    return { input, output, shown: () => shown };
  };

  it('stops the prompt itself: the signal ends the wait, naming the signal', async () => {
    const t = terminal();
    const controller = new AbortController();
    const asked = askHidden('Password: ', controller.signal, t);
    controller.abort('SIGTERM');
    await expect(asked).rejects.toMatchObject({ name: 'StoppedError', signal: 'SIGTERM' });
    expect(t.shown()).toBe('Password: \n');
  });

  // On a terminal the prompt reads keys raw, so Ctrl-C there is a key, not a signal: the prompt went
  // away and the process ended with status 0, having done nothing and said nothing.
  it('takes Ctrl-C typed at the prompt as SIGINT', async () => {
    const t = terminal();
    const asked = askHidden('Password: ', new AbortController().signal, t);
    t.input.write('sec\u0003');
    await expect(asked).rejects.toMatchObject({ name: 'StoppedError', signal: 'SIGINT' });
  });

  it('still answers with what was typed, unechoed', async () => {
    const t = terminal();
    const asked = askHidden('Password: ', new AbortController().signal, t);
    t.input.write('secret\r');
    await expect(asked).resolves.toBe('secret');
    expect(t.shown()).toBe('Password: \n');
  });
});

describe('the summary line of a dry run', () => {
  const counts = { 'would-send': 3, 'already-sent': 0, uncertain: 0, changed: 0, 'not-ready': 0, deferred: 7, sent: 0, 'partly-sent': 0, failed: 0 };
  const summary = { dir: 'out/day', manifest: 'out/day/manifest.json', log: 'out/day/send-log.jsonl', dryRun: true, items: [], counts };
  // Stopped by Ctrl-C, the letters not looked at were counted as beyond a --limit no one gave.
  it('says the letters left were not looked at when the dry run was stopped', () => {
    expect(summaryLine({ ...summary, interrupted: false })).toContain('7 beyond --limit.');
    expect(summaryLine({ ...summary, interrupted: true })).toContain('7 beyond --limit or not looked at.');
  });
});
