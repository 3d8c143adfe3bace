import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, sampleWorkspace } from '../helpers/run-cli.js';
import { startSmtp, type Answer, type TestSmtp } from '../helpers/smtp-server.js';

/** `script` (util-linux) and /proc, to run the command on a terminal and find its process. */
const hasScript = process.platform === 'linux' && spawnSync('script', ['--version']).status === 0;

let ws: string;
let dir: string;
let server: TestSmtp | undefined;

beforeAll(() => {
  ws = sampleWorkspace();
  const r = runCli(['batch', 'campaigns/kazakhstan-day-2020.yaml', '--eml', '--quiet', '--jobs', '2'], { cwd: ws });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  dir = join(ws, 'out', 'kazakhstan-day-2020');
}, 120_000);

afterEach(async () => {
  await server?.close();
  server = undefined;
});

afterAll(() => rmSync(ws, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  child: ChildProcess;
  done: Promise<void>;
}

/** Runs the CLI without blocking this process, whose event loop serves the SMTP server. */
function start(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ws, env: { ...process.env, NO_COLOR: '1', ...env } });
  const run: Run = { code: null, stdout: '', stderr: '', child, done: Promise.resolve() };
  child.stdout.on('data', (d: Buffer) => (run.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (run.stderr += d.toString()));
  run.done = new Promise((resolve) => child.on('close', (code) => ((run.code = code), resolve())));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  void run.done.then(() => clearTimeout(timer));
  return run;
}

async function sendRun(smtp: TestSmtp, ...extra: string[]): Promise<Run> {
  const run = start(['send', 'out/kazakhstan-day-2020', '--send', '--smtp', smtp.url, '--rate', '60000', ...extra]);
  await run.done;
  return run;
}

/**
 * Sends from a copy of the campaign folder (so the other tests start with nothing sent), the run
 * given `signal` as the server reads its `at`-th message; resolves when the run has ended.
 */
async function signalledRun(name: string, signal: NodeJS.Signals, at: number, options: { rate?: string; answer?: (n: number) => Answer } = {}) {
  const copy = join(ws, 'out', name);
  cpSync(dir, copy, { recursive: true });
  const smtp = (server = await startSmtp(options.answer));
  smtp.onData = (n) => {
    if (n === at) run.child.kill(signal);
  };
  const run = start(['send', `out/${name}`, '--send', '--smtp', smtp.url, '--rate', options.rate ?? '60000']);
  await run.done;
  smtp.onData = undefined;
  return { copy, smtp, run };
}

describe('letters send', () => {
  it('a dry run prints To, Subject and attachment of every letter and sends nothing', () => {
    const r = runCli(['send', 'out/kazakhstan-day-2020'], { cwd: ws });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('would-send   ituc/erlan-baltabay/kz-president.pdf: To: brussels@mfa.kz; Subject: Persecution of Erlan Baltabay: letter to');
    expect(r.stderr).toMatch(/erlan-baltabay--kz-president\.pdf \(\d+ KB\)/);
    expect(r.stderr).toContain('Dry run: 10 to send');
    expect(existsSync(join(dir, 'send-log.jsonl'))).toBe(false);
  });

  // Wrong usage, exit 2 (product.md), as a bad --rate is: it was exit 1, "some input was bad".
  // batch prints the manifest.csv's path; given to send, it was read as JSON ("the manifest is not valid JSON … Run the batch again").
  it('takes the manifest.csv batch printed as its campaign folder, as it takes manifest.json', () => {
    const folder = runCli(['send', 'out/kazakhstan-day-2020', '--json'], { cwd: ws });
    const csv = runCli(['send', 'out/kazakhstan-day-2020/manifest.csv', '--json'], { cwd: ws });
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toBe(folder.stdout);
    expect(existsSync(join(dir, 'send-log.jsonl'))).toBe(false);
  });

  it('refuses a password in the --smtp URL, tls=off towards another host, and --send with no server, as wrong usage', () => {
    const withPassword = runCli(['send', 'out/kazakhstan-day-2020', '--send', '--smtp', 'smtp://me:secret@127.0.0.1:2525'], { cwd: ws });
    expect(withPassword.code).toBe(2);
    expect(withPassword.stderr).toContain('must not hold a password');
    expect(withPassword.stderr).not.toContain('secret');
    const plain = runCli(['send', 'out/kazakhstan-day-2020', '--send', '--smtp', 'smtp://mail.example.org:25?tls=off'], { cwd: ws });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('tls=off is allowed only for a server on this machine');
    const fromEnv = runCli(['send', 'out/kazakhstan-day-2020', '--send'], { cwd: ws, env: { LETTERS_SMTP_URL: 'http://mail.example.org' } });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toMatch(/^LETTERS_SMTP_URL must start with smtp:\/\/ \(STARTTLS\) or smtps:\/\/ \(TLS\), not http:\/\//);
    const none = runCli(['send', 'out/kazakhstan-day-2020', '--send'], { cwd: ws, env: { LETTERS_SMTP_URL: undefined } });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--send needs an SMTP server: pass --smtp smtp://user@mail.example.org:587 or set LETTERS_SMTP_URL');
    expect(existsSync(join(dir, 'send-log.jsonl'))).toBe(false);
  });

  // Ctrl-C killed the run at once: the message in flight was left uncertain (check the mailbox, then
  // --resend-uncertain) and the manifest's delivery columns were not written.
  it('Ctrl-C stops after the message in flight has its answer, saving the log and the manifest; the next run sends the rest', async () => {
    const { copy, smtp, run } = await signalledRun('ctrl-c', 'SIGINT', 3, { rate: '600' });
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toContain('Stopping: no more messages are handed over');
    const sent = smtp.accepted.length;
    expect(sent).toBeGreaterThanOrEqual(3);
    expect(sent).toBeLessThan(10);
    expect(run.stderr).toContain(`Sent ${sent}, failed 0, already sent 0, uncertain 0`);
    expect(run.stderr).toMatch(/deferred +.*\n +stopped by Ctrl-C \(SIGINT\) before its turn: run the same command again to send it/);
    const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8')) as { delivery?: string }[];
    expect(manifest.filter((r) => r.delivery === 'sent')).toHaveLength(sent);
    expect(readdirSync(copy).filter((f) => /tmp|lock/.test(f))).toEqual([]);

    const rest = start(['send', 'out/ctrl-c', '--send', '--smtp', smtp.url, '--rate', '60000']);
    await rest.done;
    expect(rest.code).toBe(0);
    expect(rest.stderr).toContain(`Sent ${10 - sent}, failed 0, already sent ${sent}, uncertain 0`);
    expect(smtp.accepted).toHaveLength(10);
  });

  // A signal while the last letter's answer was awaited left nothing undone, and the run exited 143
  // all the same, saying to run it again.
  it('a stop that comes after every letter has had its turn ends the run with its normal status, saying so', async () => {
    // The last message is answered a moment after the signal, which comes while it is in flight.
    const { run } = await signalledRun('late-stop', 'SIGTERM', 10, { answer: (n) => (n === 10 ? { code: 250, delayMs: 500 } : { code: 250 }) });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Sent 10, failed 0');
    expect(run.stderr).toContain('SIGTERM came after every letter had had its turn: nothing was left undone.');
    expect(run.stderr).not.toContain('Run the same command again');
  });

  // The wait for a message's turn (two minutes at --rate 0.5) went on after Ctrl-C, and the process with it.
  it('Ctrl-C while a message waits its turn ends the run then, not when the wait is over', async () => {
    const copy = join(ws, 'out', 'ctrl-c-waiting');
    cpSync(dir, copy, { recursive: true });
    const smtp = (server = await startSmtp());
    smtp.onData = (n) => {
      if (n === 1) setTimeout(() => run.child.kill('SIGINT'), 500);
    };
    const run = start(['send', 'out/ctrl-c-waiting', '--send', '--smtp', smtp.url, '--rate', '0.5']);
    await run.done;
    smtp.onData = undefined;
    // Killed by the 60-second guard (code null) had it waited its two minutes.
    expect(run.code, run.stderr).toBe(130);
    expect(smtp.accepted).toHaveLength(1);
    expect(run.stderr).toContain('Sent 1, failed 0, already sent 0, uncertain 0');
  });

  // SIGTERM at the prompt was taken as a stop of the run to come: the prompt kept waiting, and once
  // answered, every letter was deferred "stopped by Ctrl-C" and the manifest rewritten.
  it.skipIf(!hasScript)('SIGTERM while the password prompt waits on a terminal ends the run there: nothing sent, the folder untouched', async () => {
    const copy = join(ws, 'out', 'sigterm-prompt');
    cpSync(dir, copy, { recursive: true });
    const before = readFileSync(join(copy, 'manifest.json'));
    // `script` gives the command a terminal, as a user's shell does, so it asks for the password.
    const command = [process.execPath, BIN, 'send', 'out/sigterm-prompt', '--send', '--smtp', 'smtp://me@127.0.0.1:2599?tls=off']
      .map((a) => `'${a}'`)
      .join(' ');
    const { LETTERS_SMTP_PASSWORD: _password, ...env } = process.env;
    // `exec`: dash (a CI's /bin/sh) runs `sh -c` commands as a child, and the signal must reach letters.
    const child = spawn('script', ['-qec', `exec ${command}`, '/dev/null'], { cwd: ws, env: { ...env, SHELL: '/bin/sh', NO_COLOR: '1' } });
    let shown = '';
    const asked = new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        shown += d.toString();
        if (shown.includes('SMTP password for me')) resolve();
      }),
    );
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await asked;
    // The letters process is script's child (the shell replaced by it), checked so no other gets the signal.
    const pid = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ')[0]);
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).toContain(BIN);
    process.kill(pid, 'SIGTERM');
    const code = await closed;
    clearTimeout(guard);
    expect(code, shown).toBe(143);
    expect(shown).toContain('Stopped by SIGTERM at the password prompt: nothing was sent, and the manifest and the send log are untouched.');
    expect(shown).not.toMatch(/deferred|Stopping:/);
    expect(
      readdirSync(copy)
        .filter((f) => !statSync(join(copy, f)).isDirectory())
        .sort(),
    ).toEqual(['manifest.csv', 'manifest.json']);
    expect(readFileSync(join(copy, 'manifest.json'))).toEqual(before);
  });

  it('a run killed midway and resumed delivers every message exactly once', async () => {
    const answer = (n: number): Answer => (n === 4 ? 'hold' : { code: 250 });
    const smtp = (server = await startSmtp(answer));
    // The fourth message reaches the server, and the sender dies before the server answers.
    smtp.onData = (n) => {
      if (n === 4) run.child.kill('SIGKILL');
    };
    const run = start(['send', 'out/kazakhstan-day-2020', '--send', '--smtp', smtp.url, '--rate', '60000']);
    await run.done;
    expect(run.code).toBe(null);
    expect(smtp.accepted).toHaveLength(3);
    smtp.onData = undefined;

    // Resumed: the three are not sent again, the one handed over without an answer is uncertain.
    const resumed = await sendRun(smtp);
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toContain('Sent 6, failed 0, already sent 3, uncertain 1');
    expect(resumed.stderr).toMatch(/uncertain +fse-exemple\/erlan-baltabay\/kz-prosecutor-general\.pdf/);
    expect(smtp.accepted).toHaveLength(9);

    const resent = await sendRun(smtp, '--resend-uncertain');
    expect(resent.code).toBe(0);
    expect(resent.stderr).toContain('Sent 1, failed 0, already sent 9');

    const nothingMore = await sendRun(smtp);
    expect(nothingMore.code).toBe(0);
    expect(nothingMore.stderr).toContain('Sent 0, failed 0, already sent 10');

    const ids = await Promise.all(smtp.accepted.map(async (m) => (await simpleParser(m.raw)).messageId));
    expect(new Set(ids).size).toBe(10);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { delivery?: string; message_id?: string }[];
    expect(manifest.map((r) => r.delivery)).toEqual(Array(10).fill('sent'));
    expect(new Set(manifest.map((r) => r.message_id))).toEqual(new Set(ids));
    expect(readFileSync(join(dir, 'manifest.csv'), 'utf8').split('\n')[0]).toContain('eml,delivery,sent_at,message_id,server_answer');
  }, 120_000);

  // The manifest's save after the letters went out failed without a word, and the run exited 0.
  it('a manifest that cannot be saved after sending is an error with the fix, exit 1, no temp file; the fix sends nothing twice', async () => {
    const copy = join(ws, 'out', 'unsaved', 'kazakhstan-day-2020');
    // Without the send log of the tests before: nothing sent yet.
    cpSync(dir, copy, { recursive: true, filter: (from) => !from.endsWith('send-log.jsonl') });
    const manifest = join(copy, 'manifest.json');
    // Nor the delivery columns they wrote, which say the letters went (and so would keep them from going).
    const sentRows = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>[];
    writeFileSync(manifest, JSON.stringify(sentRows.map(({ delivery: _d, sent_at: _s, message_id: _m, server_answer: _a, ...row }) => row)));
    const smtp = (server = await startSmtp());
    // The last message is with the server: the manifest, read at the start, is replaced by a folder.
    smtp.onData = (n) => {
      if (n !== 10) return;
      rmSync(manifest);
      mkdirSync(manifest);
    };
    const run = start(['send', 'out/unsaved/kazakhstan-day-2020', '--send', '--smtp', smtp.url, '--rate', '60000']);
    await run.done;
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain('Sent 10, failed 0');
    expect(run.stderr).toContain(
      `error: the letters sent are safe: each is recorded in ${join(copy, 'send-log.jsonl')}, and none will be sent again. But the manifest's delivery columns could not be written into ${copy}: a folder stands in the place of ${manifest}. Move it away,`,
    );
    expect(run.stderr).not.toMatch(/internal error|^\s+at /m);
    expect(readdirSync(copy).filter((f) => /tmp|lock/.test(f))).toEqual([]);

    // The fix: the folder moved away, the batch and the same send again.
    rmSync(manifest, { recursive: true });
    const batch = runCli(['batch', 'campaigns/kazakhstan-day-2020.yaml', '--eml', '--quiet', '--out', 'out/unsaved'], { cwd: ws });
    expect(batch.code, batch.stderr).toBe(0);
    const again = start(['send', 'out/unsaved/kazakhstan-day-2020', '--send', '--smtp', smtp.url, '--rate', '60000']);
    await again.done;
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('Sent 0, failed 0, already sent 10');
    expect(smtp.accepted).toHaveLength(10);
    const rows = JSON.parse(readFileSync(manifest, 'utf8')) as { delivery?: string }[];
    expect(rows.map((r) => r.delivery)).toEqual(Array(10).fill('sent'));
  }, 120_000);
});
