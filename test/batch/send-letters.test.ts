import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, assert, beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../../src/batch/run-batch.js';
import { sendLetters, type SendOptions } from '../../src/batch/send-letters.js';
import { readSendLog } from '../../src/batch/send-log.js';
import { readManifest } from '../../src/batch/manifest.js';
import { createSmtpTransport, parseSmtpUrl } from '../../src/batch/smtp-transport.js';
import { sampleWorkspace, tempDir } from '../helpers/run-cli.js';
import { startSmtp, type Answer, type TestSmtp } from '../helpers/smtp-server.js';
import { readManifestJson } from './helpers.js';
import { cannotMount, cleanUp, tmpfs } from '../output/helpers.js';
import { renderEml } from '../../src/render/eml.js';
import { UserError, type Problem, type ValidationError } from '../../src/errors.js';

let ws: string;
let campaignOut: string;
const temps: string[] = [];
let server: TestSmtp | undefined;

beforeAll(async () => {
  ws = sampleWorkspace();
  const summary = await runBatch(join(ws, 'campaigns', 'kazakhstan-day-2020.yaml'), { outDir: join(ws, 'out'), jobs: 1, eml: true });
  expect(summary.failed).toBe(0);
  campaignOut = summary.dir;
}, 120_000);

afterEach(async () => {
  await server?.close();
  server = undefined;
});

afterAll(() => {
  cleanUp();
  for (const d of [ws, ...temps]) rmSync(d, { recursive: true, force: true });
});

/** A fresh copy of the batch's campaign folder, so each test starts with nothing sent. */
function freshCopy(): string {
  const dir = tempDir('letters-send-');
  temps.push(dir);
  cpSync(campaignOut, dir, { recursive: true });
  return dir;
}

async function serve(answer?: (n: number) => Answer): Promise<TestSmtp> {
  server = await startSmtp(answer);
  return server;
}

function sending(smtp: TestSmtp, extra: Partial<SendOptions> = {}): SendOptions {
  return {
    send: true,
    transport: () => createSmtpTransport(parseSmtpUrl(smtp.url)),
    ratePerMinute: 60_000,
    retry: { attempts: 3, delayMs: 1 },
    sleep: async () => undefined,
    ...extra,
  };
}

describe('letters send (library)', () => {
  it('a dry run lists every letter and sends nothing, writing no log', async () => {
    const dir = freshCopy();
    const summary = await sendLetters(dir, {
      send: false,
      transport: () => {
        throw new Error('a dry run must not connect');
      },
      ratePerMinute: 20,
    });
    expect(summary.counts['would-send']).toBe(10);
    expect(summary.items[0]).toMatchObject({ to: ['brussels@mfa.kz'], attachment: { filename: 'erlan-baltabay--kz-president.pdf' } });
    expect(existsSync(join(dir, 'send-log.jsonl'))).toBe(false);
  });

  it('sends every draft as it is on disk: headers, decoded names, cover note and the PDF byte for byte; a second run sends nothing', async () => {
    const dir = freshCopy();
    const smtp = await serve();
    const first = await sendLetters(dir, sending(smtp));
    expect(first.counts.sent).toBe(10);
    expect(smtp.accepted).toHaveLength(10);

    const rows = readManifestJson(dir);
    for (const [i, row] of rows.entries()) {
      const got = smtp.accepted[i]!;
      expect(got.raw.equals(readFileSync(join(dir, row.eml!)))).toBe(true);
      const mail = await simpleParser(got.raw);
      expect(got.to).toEqual(row.emails);
      expect(mail.attachments).toHaveLength(1);
      expect(mail.attachments[0]!.filename).toBe(`${row.case}--${row.official}.pdf`);
      expect(Buffer.from(mail.attachments[0]!.content).equals(readFileSync(join(dir, row.file)))).toBe(true);
      expect(row).toMatchObject({ delivery: 'sent', message_id: mail.messageId });
      expect(row.server_answer).toMatch(/^250/);
      expect(row.sent_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    const lt = await simpleParser(smtp.accepted[rows.findIndex((r) => r.sender === 'example-lt-energy')]!.raw);
    expect(lt.from!.value[0]).toEqual({ name: 'Профсоюз энергетиков Литвы (пример)', address: 'campaigns@energy.example.lt' });
    expect(lt.subject).toContain('письмо, адресованное Президенту Республики Казахстан К.-Ж. Токаеву');
    expect(lt.text).toContain('Уважаемые дамы и господа!');
    const fr = await simpleParser(smtp.accepted[rows.findIndex((r) => r.sender === 'fse-exemple')]!.raw);
    expect(fr.subject).toContain('lettre à Son Excellence Monsieur Kassym-Jomart Tokaïev');
    expect(fr.text).toContain('Veuillez trouver ci-joint une lettre');

    const second = await sendLetters(dir, sending(smtp));
    expect(second.counts).toMatchObject({ sent: 0, 'already-sent': 10 });
    expect(smtp.accepted).toHaveLength(10);
  });

  it("keeps a server's answer of any length to a line of its start: the log, the manifest and the output do not carry it whole", async () => {
    const dir = freshCopy();
    // nodemailer takes answers up to 1 MB: each letter put as much into the log, the manifest and the
    // terminal, and some 250 such letters made a manifest that the next run refused as too large.
    const smtp = await serve((n) => (n === 1 ? { code: 250, text: `Queued ${'x'.repeat(600_000)}` } : { code: 450, message: `Busy ${'y'.repeat(600_000)}` }));
    const summary = await sendLetters(dir, sending(smtp, { limit: 2 }));
    expect(summary.items.slice(0, 2).map((i) => i.status)).toEqual(['sent', 'failed']);
    for (const item of summary.items.slice(0, 2)) {
      expect(item.answer!.length).toBeLessThanOrEqual(1_000);
      expect(item.answer).toMatch(/^(250 Queued x+|450 Busy y+) … \(\d+ characters in all\)$/);
    }
    expect(statSync(join(dir, 'send-log.jsonl')).size).toBeLessThan(10_000);
    expect(statSync(join(dir, 'manifest.json')).size).toBeLessThan(20_000);
  });

  it('retries a message the server defers (451) and sends it once', async () => {
    const dir = freshCopy();
    const smtp = await serve((n) => (n === 2 ? { code: 451, message: 'Try again later' } : { code: 250 }));
    const summary = await sendLetters(dir, sending(smtp));
    expect(summary.counts.sent).toBe(10);
    expect(smtp.seen).toBe(11);
    expect(new Set(smtp.accepted.map((m) => m.raw.toString())).size).toBe(10);
  });

  it('a login the server refuses ends the run at the first letter: the rest are left for later, not each refused again', async () => {
    const dir = freshCopy();
    server = await startSmtp(undefined, undefined, 'right');
    const url = server.url.replace('smtp://', 'smtp://campaigns%40example.org@');
    const login = (password: string) => sending(server!, { transport: () => createSmtpTransport(parseSmtpUrl(url), password) });
    // Each letter logged in again with the wrong password, ten refusals in a row: enough to lock the
    // account at many providers, and every letter marked failed for a fault of the settings.
    const wrong = await sendLetters(dir, login('wrong'));
    expect(server.logins).toBe(1);
    expect(wrong.items[0]).toMatchObject({ status: 'failed' });
    expect(wrong.items[0]!.answer).toMatch(/535/);
    expect(wrong.counts).toMatchObject({ failed: 1, deferred: 9, sent: 0 });
    expect(wrong.items[1]!.reason).toMatch(/^not tried: the server refused the login \(.*535.*\): check the user name in --smtp and the password/);
    expect(readManifestJson(dir)[0]).toMatchObject({ delivery: 'failed' });
    const right = await sendLetters(dir, login('right'));
    expect(right.counts).toMatchObject({ sent: 10 });
    expect(server.accepted).toHaveLength(10);
  });

  it('a server that asks for a login the --smtp URL does not give (530) ends the run at the first letter, saying how to give one', async () => {
    const dir = freshCopy();
    server = await startSmtp(undefined, undefined, 'right');
    // Each letter failed alone with "530 Authentication required", ten in a row.
    const summary = await sendLetters(dir, sending(server));
    expect(summary.items[0]).toMatchObject({ status: 'failed' });
    expect(summary.items[0]!.answer).toMatch(/^530/);
    expect(summary.counts).toMatchObject({ failed: 1, deferred: 9 });
    expect(summary.items[1]!.reason).toMatch(
      /^not tried: the server asks for a login \(530 .*\): give the user name in --smtp \(smtp:\/\/user%40example\.org@/,
    );
    expect(server.seen).toBe(0);
  });

  it('a server that stops answering before it has the message is not waited for again, nor for each letter: the rest are left for later', async () => {
    const dir = freshCopy();
    // RCPT TO is never answered: the socket times out (after 10 minutes by default, 1 s here). Tried
    // four times a letter, that was 40 minutes of silence for each letter in turn.
    server = await startSmtp(undefined, () => 'hold');
    const waits: number[] = [];
    const summary = await sendLetters(
      dir,
      sending(server, {
        sleep: async (ms) => void waits.push(ms),
        transport: () => createSmtpTransport(parseSmtpUrl(server!.url), undefined, { socketMs: 1_000 }),
      }),
    );
    expect(waits).toEqual([]);
    expect(summary.items[0]).toMatchObject({ status: 'failed' });
    expect(summary.counts).toMatchObject({ failed: 1, deferred: 9 });
    expect(summary.items[1]!.reason).toMatch(/^not tried: the server stopped answering before it had the message \(.*\): it may be down or overloaded/);
  }, 20_000);

  it('a server that cannot be reached is tried again for the first letter only: the rest are left for later', async () => {
    const dir = freshCopy();
    const closed = await startSmtp();
    await closed.close();
    const waits: number[] = [];
    const summary = await sendLetters(
      dir,
      sending(closed, { retry: { attempts: 3, delayMs: 5_000 }, sleep: async (ms) => void waits.push(ms), ratePerMinute: 60_000 }),
    );
    // Tried three times (waiting 5 and 10 s), where each of the ten letters was: 150 s of waiting for nothing.
    expect(waits).toEqual([5_000, 10_000]);
    expect(summary.items[0]).toMatchObject({ status: 'failed' });
    expect(summary.items[0]!.answer).toMatch(/ECONNREFUSED/);
    expect(summary.counts).toMatchObject({ failed: 1, deferred: 9 });
    expect(summary.items[9]!.reason).toMatch(/^not tried: the server could not be reached \(.*ECONNREFUSED.*\): check the host and port in --smtp/);
  });

  it('a server whose certificate TLS refuses is tried once, for the first letter: the rest are left for later, with the fix', async () => {
    const dir = freshCopy();
    // smtp-server's own test certificate: expired, and for another host.
    const tls = new SMTPServer({ secure: true, authOptional: true, logger: false });
    tls.on('error', () => undefined);
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', () => resolve()));
    const port = (tls.server.address() as { port: number }).port;
    const waits: number[] = [];
    try {
      const summary = await sendLetters(dir, {
        send: true,
        transport: () => createSmtpTransport(parseSmtpUrl(`smtps://127.0.0.1:${port}`)),
        ratePerMinute: 60_000,
        retry: { attempts: 3, delayMs: 1 },
        sleep: async (ms) => void waits.push(ms),
      });
      expect(waits).toEqual([]);
      expect(summary.counts).toMatchObject({ failed: 1, deferred: 9 });
      expect(summary.items[1]!.reason).toMatch(/^not tried: the server's certificate was not accepted \(.*certificate.*\): .*NODE_EXTRA_CA_CERTS/);
    } finally {
      await new Promise<void>((resolve) => tls.close(() => resolve()));
    }
  });

  it('retries a message whose connection dropped before it was given (at RCPT TO), and sends it once', async () => {
    const dir = freshCopy();
    // The first connection to reach RCPT TO is closed there without an answer: the server never had
    // the message. nodemailer reads the whole draft before it connects, so this was taken for a
    // message handed over and never answered: `uncertain`, not tried again, and left by later runs.
    let drops = 1;
    server = await startSmtp(undefined, () => (drops-- > 0 ? 'drop' : undefined));
    const summary = await sendLetters(dir, sending(server, { limit: 2 }));
    expect(summary.items.map((i) => i.status)).toEqual(['sent', 'sent', ...Array(8).fill('deferred')]);
    expect(server.accepted).toHaveLength(2);
    expect(readSendLog(dir).get(summary.items[0]!.file)!.last.state).toBe('sent');
  });

  it('a refused message (550) fails alone, is recorded with the answer, and is sent on a later run', async () => {
    const dir = freshCopy();
    const smtp = await serve((n) => (n === 3 ? { code: 550, message: 'Mailbox unavailable' } : { code: 250 }));
    const summary = await sendLetters(dir, sending(smtp));
    expect(summary.counts).toMatchObject({ sent: 9, failed: 1 });
    const failed = summary.items.find((i) => i.status === 'failed')!;
    expect(failed.answer).toMatch(/550.*Mailbox unavailable/);
    expect(smtp.seen).toBe(3 + 7);
    expect(readManifestJson(dir).find((r) => r.file === failed.file)).toMatchObject({ delivery: 'failed', server_answer: failed.answer });

    const again = await sendLetters(dir, sending(smtp));
    expect(again.counts).toMatchObject({ sent: 1, 'already-sent': 9 });
    expect(smtp.accepted).toHaveLength(10);
  });

  it('flags a letter whose PDF changed after it was sent, and does not send it again', async () => {
    const dir = freshCopy();
    const smtp = await serve();
    await sendLetters(dir, sending(smtp, { limit: 2 }));
    expect(smtp.accepted).toHaveLength(2);
    const row = readManifestJson(dir)[0]!;
    writeFileSync(join(dir, row.file), Buffer.concat([readFileSync(join(dir, row.file)), Buffer.from('\n')]));
    const summary = await sendLetters(dir, sending(smtp));
    expect(summary.items[0]).toMatchObject({ status: 'changed' });
    expect(summary.items[0]!.reason).toMatch(/PDF changed after it was sent/);
    expect(summary.counts).toMatchObject({ sent: 8, changed: 1, 'already-sent': 1 });
    expect(smtp.accepted).toHaveLength(10);
  });

  it('a message handed over without a recorded answer is uncertain: reported, not resent unless asked', async () => {
    const dir = freshCopy();
    const smtp = await serve();
    const row = readManifestJson(dir)[0]!;
    // What a run killed between handing the message over and the answer leaves behind.
    appendFileSync(
      join(dir, 'send-log.jsonl'),
      `${JSON.stringify({ at: '2020-03-23T10:00:00.000Z', file: row.file, state: 'sending', message_id: '<x@y>', pdf_sha256: row.sha256, eml_sha256: '' })}\n{"torn`,
    );
    const summary = await sendLetters(dir, sending(smtp));
    expect(summary.counts).toMatchObject({ sent: 9, uncertain: 1 });
    expect(readManifestJson(dir)[0]).toMatchObject({ delivery: 'uncertain' });
    const resent = await sendLetters(dir, sending(smtp, { resendUncertain: true }));
    expect(resent.counts).toMatchObject({ sent: 1, 'already-sent': 9 });
    expect(readSendLog(dir).get(row.file)!.last.state).toBe('sent');
  });

  it('reads a send log saved with a byte order mark (looked at in Notepad) or with CRLF line ends: its first record still counts', async () => {
    const dir = freshCopy();
    const rows = readManifestJson(dir);
    const record = (file: string, state: string) =>
      JSON.stringify({ at: '2020-03-23T10:00:00.000Z', file, state, message_id: '<x@y>', pdf_sha256: 'a', eml_sha256: 'b' });
    // A run killed after handing the first letter over, its log then opened and saved by an editor.
    writeFileSync(join(dir, 'send-log.jsonl'), `\ufeff${record(rows[0]!.file, 'sending')}\r\n${record(rows[1]!.file, 'sending')}\r\n`);
    const dry = await sendLetters(dir, { send: false, ratePerMinute: 20 });
    expect(dry.items.slice(0, 3).map((i) => i.status)).toEqual(['uncertain', 'uncertain', 'would-send']);
  });

  // A record whose fields were not texts (a hand edit, a damaged disk) went into the manifest as it was:
  // the next run refused the manifest (`sent_at` an object), and a `refused` that was a text ended the
  // sending run, its letters gone out, in "internal error: shown.refused.join is not a function".
  it('a log record whose fields are not texts still keeps its letter from going twice, and never spoils the manifest', async () => {
    const dir = freshCopy();
    const smtp = await serve();
    const rows = readManifestJson(dir);
    const records = [
      { at: { x: 1 }, file: rows[0]!.file, state: 'sent', message_id: 5, pdf_sha256: null, eml_sha256: [], answer: { a: 1 }, refused: 'abc' },
      { at: ['2020'], file: rows[1]!.file, state: 'sending', message_id: { id: 1 }, pdf_sha256: rows[1]!.sha256 },
    ];
    writeFileSync(join(dir, 'send-log.jsonl'), `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const summary = await sendLetters(dir, sending(smtp));
    expect(summary.items.slice(0, 2).map((i) => i.status)).toEqual(['changed', 'uncertain']);
    expect(summary.items[0]!.reason).toBe('its PDF changed after it was sent at an unknown time; it is not sent again');
    expect(smtp.accepted).toHaveLength(8);
    const after = readManifestJson(dir);
    expect(after[0]).toMatchObject({ delivery: 'changed', sent_at: 'an unknown time', message_id: '' });
    expect(after[0]!.server_answer).toBeUndefined();
    expect(after[1]).toMatchObject({ delivery: 'uncertain', message_id: '' });
    const again = await sendLetters(dir, sending(smtp));
    expect(again.counts).toMatchObject({ 'already-sent': 8, changed: 1, uncertain: 1 });
    expect(smtp.accepted).toHaveLength(8);
  });

  it('knows a letter sent under another spelling of its path, or by its Message-ID: a manifest edited by hand sends nothing twice', async () => {
    const dir = freshCopy();
    const smtp = await serve();
    await sendLetters(dir, sending(smtp, { limit: 2 }));
    expect(smtp.accepted).toHaveLength(2);
    // `./ituc/…` and `ituc//…` name the same PDF: the send log keyed the letter by the text as written,
    // so a hand-edited manifest sent the same message (same Message-ID) to the embassy again.
    const rows = readManifestJson(dir);
    rows[0]!.file = `./${rows[0]!.file}`;
    rows[1]!.file = rows[1]!.file.replace('/', '//');
    // The third letter listed twice: sent once in this run.
    rows.splice(3, 0, { ...rows[2]!, file: `./${rows[2]!.file}` });
    writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(rows)}\n`);
    const summary = await sendLetters(dir, sending(smtp));
    expect(summary.items.slice(0, 4).map((i) => i.status)).toEqual(['already-sent', 'already-sent', 'sent', 'already-sent']);
    expect(summary.counts).toMatchObject({ sent: 8, 'already-sent': 3 });
    expect(smtp.accepted).toHaveLength(10);
    expect(new Set(smtp.accepted.map((m) => /^Message-ID: *(.*)$/im.exec(m.raw.toString())![1])).size).toBe(10);
  });

  // A draft with no Message-ID (its header removed by hand) was known by its path alone: listed again under
  // another PDF's path, in this run or a later one, it went to the embassy a second time.
  it('knows a draft without a Message-ID by its bytes: listed twice, it goes once, in a dry run too', async () => {
    const dir = freshCopy();
    const smtp = await serve();
    const rows = readManifestJson(dir);
    const eml = join(dir, rows[0]!.eml!);
    writeFileSync(eml, readFileSync(eml, 'utf8').replace(/^Message-ID:.*\r?\n/im, ''));
    // Any file inside the folder stands for the PDF: only its hash is taken.
    rows.splice(1, 0, { ...rows[0]!, file: 'manifest.csv' });
    rows.push({ ...rows[0]!, file: 'manifest.json' });
    writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(rows)}\n`);
    const dry = await sendLetters(dir, { send: false, ratePerMinute: 20 });
    expect(dry.items.map((i) => i.status)).toEqual(['would-send', 'already-sent', ...Array(9).fill('would-send'), 'already-sent']);
    await sendLetters(dir, sending(smtp, { limit: 1 }));
    expect(smtp.accepted).toHaveLength(1);
    const summary = await sendLetters(dir, sending(smtp));
    expect(summary.items.map((i) => i.status)).toEqual(['already-sent', 'changed', ...Array(9).fill('sent'), 'changed']);
    expect(smtp.accepted).toHaveLength(10);
  });

  // The dry run listed such a letter twice as to send ("11 to send"), where the run sends it once.
  it('a dry run says what the run does of a letter listed twice: sent once, then already sent', async () => {
    const dir = freshCopy();
    const rows = readManifestJson(dir);
    rows.splice(1, 0, { ...rows[0]!, file: `./${rows[0]!.file}` });
    // The same message under another path: the same draft (its Message-ID), copied there.
    mkdirSync(join(dir, 'elsewhere'));
    cpSync(join(dir, rows[2]!.file), join(dir, 'elsewhere', 'copy.pdf'));
    cpSync(join(dir, rows[2]!.eml!), join(dir, 'elsewhere', 'copy.eml'));
    rows.splice(3, 0, { ...rows[2]!, file: 'elsewhere/copy.pdf', eml: 'elsewhere/copy.eml' });
    writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(rows)}\n`);
    const dry = await sendLetters(dir, { send: false, transport: () => assert.fail('a dry run must not connect'), ratePerMinute: 20, limit: 3 });
    expect(dry.items.slice(0, 5).map((i) => i.status)).toEqual(['would-send', 'already-sent', 'would-send', 'already-sent', 'would-send']);
    expect(dry.items[1]!.reason).toBe(`listed twice in the manifest (also as ${rows[0]!.file}): it goes once`);
    expect(dry.counts).toMatchObject({ 'would-send': 3, 'already-sent': 2, deferred: 7 });
    const smtp = await serve();
    const sent = await sendLetters(dir, sending(smtp, { limit: 3 }));
    expect(sent.items.map((i) => i.status)).toEqual(dry.items.map((i) => (i.status === 'would-send' ? 'sent' : i.status)));
    expect(smtp.accepted).toHaveLength(3);
  });

  it('a message sent under one path is not sent again under another whose own last attempt failed', async () => {
    const dir = freshCopy();
    const rows = readManifestJson(dir);
    // The first letter listed again first, under another PDF path (a copy) with the same draft: same Message-ID.
    cpSync(join(dir, rows[0]!.file), join(dir, 'copy.pdf'));
    const listed = [{ ...rows[0]!, file: 'copy.pdf' }, rows[0]!];
    writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(listed)}\n`);
    // The copy is refused (5xx); then the letter goes out under its own path.
    const smtp = await serve((n) => (n === 1 ? { code: 550, message: 'mailbox unavailable' } : { code: 250 }));
    const first = await sendLetters(dir, sending(smtp));
    expect(first.items.map((i) => i.status)).toEqual(['failed', 'sent']);
    const again = await sendLetters(dir, sending(smtp));
    expect(again.items.map((i) => i.status)).toEqual(['already-sent', 'already-sent']);
    expect(smtp.accepted).toHaveLength(1);
  });

  it('a letter sent whose draft is gone since, or failed in a later batch, is already sent, not "not ready" while the manifest says sent', async () => {
    const dir = freshCopy();
    const smtp = await serve();
    await sendLetters(dir, sending(smtp, { limit: 2 }));
    const rows = readManifestJson(dir);
    rmSync(join(dir, rows[0]!.eml!));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(rows.map((r, i) => (i === 1 ? { ...r, status: 'failed' } : r))));
    for (const options of [{ send: false, ratePerMinute: 20 }, sending(smtp, { limit: 0 })]) {
      const summary = await sendLetters(dir, options);
      expect(summary.items.slice(0, 3).map((i) => i.status)).toEqual(['already-sent', 'already-sent', options.send ? 'deferred' : 'would-send']);
      expect(summary.items[0]!.reason).toMatch(/^sent at .*; its draft is not ready now \(.*\): it is not sent again$/);
      expect(summary.items[1]!.answer).toMatch(/^250/);
    }
    expect(
      readManifestJson(dir)
        .slice(0, 2)
        .map((r) => r.delivery),
    ).toEqual(['sent', 'sent']);
    expect(smtp.accepted).toHaveLength(2);
  });

  it('a draft or PDF that cannot be read (a folder in its place) is not ready; the other letters go on', async () => {
    const dir = freshCopy();
    const rows = readManifestJson(dir);
    rows[0]!.eml = rows[0]!.eml!.split('/')[0]!;
    rows[1]!.file = rows[1]!.file.split('/')[0]!;
    writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(rows)}\n`);
    const smtp = await serve();
    const summary = await sendLetters(dir, sending(smtp));
    expect(summary.items.slice(0, 2).map((i) => i.status)).toEqual(['not-ready', 'not-ready']);
    expect(summary.items[0]!.reason).toBe(`${rows[0]!.eml} cannot be read (EISDIR): run the batch again with --eml`);
    expect(summary.items[1]!.reason).toBe(`${rows[1]!.file} cannot be read (EISDIR): run the batch again with --eml`);
    expect(smtp.accepted).toHaveLength(8);
  });

  // A Bcc line added to a draft by hand went out with the message: every embassy read who else got it.
  // A draft mailparser refuses (multiparts nested 20,000 deep: "Max allowed child nodes exceeded") ended
  // the whole run, dry run too, in an internal error.
  it('a draft that cannot be read as an e-mail is not ready, naming it and the fix; the other letters go on', async () => {
    const dir = freshCopy();
    const rows = readManifestJson(dir);
    let body = 'Content-Type: text/plain\r\n\r\nhi\r\n';
    for (let i = 0; i < 20_000; i++) body = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${body}--b${i}--\r\n`;
    writeFileSync(join(dir, rows[0]!.eml!), `From: a@example.org\r\nTo: b@example.org\r\nSubject: deep\r\nMIME-Version: 1.0\r\n${body}`);
    const summary = await sendLetters(dir, { send: false, ratePerMinute: 20 });
    expect(summary.items[0]).toMatchObject({ status: 'not-ready' });
    expect(summary.items[0]!.reason).toMatch(
      new RegExp(`^${rows[0]!.eml!.replace(/[.]/g, '\\.')} cannot be read as an e-mail \\(.+\\): remove it and run the batch again with --eml$`),
    );
    expect(summary.counts['would-send']).toBe(9);
  });

  it('a draft with a Bcc header is not ready: the header would show every recipient the hidden ones', async () => {
    const dir = freshCopy();
    const rows = readManifestJson(dir);
    const eml = join(dir, rows[0]!.eml!);
    writeFileSync(eml, `Bcc: archive@example.org\r\n${readFileSync(eml, 'latin1')}`, 'latin1');
    const resent = join(dir, rows[1]!.eml!);
    writeFileSync(resent, `Resent-Bcc: archive@example.org\r\n${readFileSync(resent, 'latin1')}`, 'latin1');
    const smtp = await serve();
    const summary = await sendLetters(dir, sending(smtp));
    expect(summary.items.slice(0, 2).map((i) => i.status)).toEqual(['not-ready', 'not-ready']);
    expect(summary.items[0]!.reason).toBe(
      `${rows[0]!.eml} has a Bcc header, which every recipient would read: remove it (send the letter to a hidden address yourself), or run the batch again with --eml`,
    );
    expect(smtp.accepted).toHaveLength(8);
  });

  it('reads no draft or PDF outside the campaign folder, whatever the manifest says', async () => {
    const dir = join(freshCopy(), 'campaign');
    cpSync(campaignOut, dir, { recursive: true });
    const smtp = await serve();
    const rows = readManifestJson(dir);
    // A draft beside the campaign folder, named by a hand-edited manifest: it was sent as it stood.
    cpSync(join(dir, rows[0]!.eml!), join(dir, '..', 'elsewhere.eml'));
    rows[0]!.eml = '../elsewhere.eml';
    rows[1]!.file = `../${rows[1]!.file}`;
    writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(rows)}\n`);
    const summary = await sendLetters(dir, sending(smtp));
    expect(summary.items.slice(0, 2).map((i) => i.status)).toEqual(['not-ready', 'not-ready']);
    expect(summary.items[0]!.reason).toMatch(/outside the campaign folder/);
    expect(smtp.accepted).toHaveLength(8);
  });

  // The out folder is no safe place: a link there, left by mistake or by someone else, led send to mail
  // whatever file it named, and to write its log wherever the link pointed.
  it('sends no letter whose draft, PDF or folder is a symbolic link, naming the file and the fix; the other letters go on', async () => {
    const dir = freshCopy();
    const outside = tempDir('letters-outside-');
    temps.push(outside);
    const rows = readManifestJson(dir);
    const link = (rel: string) => {
      const path = join(dir, rel);
      const target = join(outside, rel.split('/').join('-'));
      renameSync(path, target);
      symlinkSync(target, path);
    };
    link(rows[0]!.eml!);
    link(rows[1]!.file);
    // Rows 0 and 1 are one sender's, 2 and 3 another's (its folder made a link: the files under it were read through it), 4 a third's.
    const folder = rows[2]!.file.split('/')[0]!;
    cpSync(join(dir, folder), join(outside, folder), { recursive: true });
    rmSync(join(dir, folder), { recursive: true });
    symlinkSync(join(outside, folder), join(dir, folder));
    // A pipe where a draft should be: reading it waited for ever.
    const fifo = rows[4]!.eml!;
    rmSync(join(dir, fifo));
    execFileSync('mkfifo', [join(dir, fifo)]);
    const smtp = await serve();
    const summary = await sendLetters(dir, sending(smtp));
    const byFile = new Map(summary.items.map((i) => [i.file, i]));
    expect(byFile.get(rows[0]!.file)).toMatchObject({ status: 'not-ready', reason: expect.stringMatching(new RegExp(`^${rows[0]!.eml} is a symbolic link`)) });
    expect(byFile.get(rows[0]!.file)!.reason).toMatch(/run the batch again with --eml/);
    expect(byFile.get(rows[1]!.file)).toMatchObject({ status: 'not-ready', reason: expect.stringMatching(new RegExp(`^${rows[1]!.file} is a symbolic link`)) });
    expect(byFile.get(rows[2]!.file)).toMatchObject({ status: 'not-ready', reason: expect.stringMatching(new RegExp(`^${folder} is a symbolic link`)) });
    expect(byFile.get(rows[4]!.file)).toMatchObject({ status: 'not-ready', reason: expect.stringMatching(/is not a file/) });
    const ready = summary.items.filter((i) => i.status === 'sent');
    expect(ready.every((i) => !i.file.startsWith(`${folder}/`) && i.file !== rows[0]!.file && i.file !== rows[1]!.file)).toBe(true);
    expect(smtp.accepted).toHaveLength(ready.length);
  });

  it('refuses a send log that is a symbolic link before sending anything, and writes nothing through it', async () => {
    const dir = freshCopy();
    const outside = tempDir('letters-outside-');
    temps.push(outside);
    const target = join(outside, 'not-a-log.txt');
    writeFileSync(target, 'keep me\n');
    symlinkSync(target, join(dir, 'send-log.jsonl'));
    const smtp = await serve();
    for (const options of [sending(smtp), { send: false, ratePerMinute: 20 }]) {
      const run = sendLetters(dir, options);
      await expect(run).rejects.toThrow(/send-log\.jsonl is a symbolic link .*not-a-log\.txt/);
      await expect(run).rejects.toThrow(/mv '.*not-a-log\.txt' '.*send-log\.jsonl'/);
    }
    expect(smtp.accepted).toHaveLength(0);
    expect(readFileSync(target, 'utf8')).toBe('keep me\n');
    expect(lstatSync(join(dir, 'send-log.jsonl')).isSymbolicLink()).toBe(true);
  });

  // A send log of 600 MB ended every run, dry run too, in "internal error: Cannot create a string longer
  // than 0x1fffffe8 characters"; a manifest of some 500 MB ran the process out of memory (a V8 crash).
  it('refuses a send log or a manifest far larger than letters writes, before reading it and sending anything', async () => {
    const dir = freshCopy();
    const smtp = await serve();
    const big = 300 * 1024 * 1024;
    writeFileSync(join(dir, 'send-log.jsonl'), '');
    truncateSync(join(dir, 'send-log.jsonl'), big);
    for (const options of [sending(smtp), { send: false, ratePerMinute: 20 }]) {
      await expect(sendLetters(dir, options)).rejects.toThrow(
        /send-log\.jsonl is 300 MB, more than letters send writes .*: it is damaged, or not a send log\. Nothing was sent/,
      );
    }
    rmSync(join(dir, 'send-log.jsonl'));
    truncateSync(join(dir, 'manifest.json'), big);
    for (const options of [sending(smtp), { send: false, ratePerMinute: 20 }]) {
      await expect(sendLetters(dir, options)).rejects.toThrow(
        /manifest\.json is 300 MB, more than letters batch writes .*: it is damaged\. Run the batch again/,
      );
    }
    expect(smtp.accepted).toHaveLength(0);
    expect(existsSync(join(dir, 'send-log.jsonl'))).toBe(false);
  });

  // Stopped before its turn, a letter is told from the log and the manifest alone: one changed since it
  // was sent stays `changed` (it was rewritten `sent`), one left `sending` stays uncertain (it was `deferred`).
  it('tells the letters left after Ctrl-C from the log: changed, uncertain or deferred, and keeps their delivery columns', async () => {
    const dir = freshCopy();
    const smtp = await serve();
    const rows = readManifestJson(dir) as { file: string; delivery?: string }[];
    const record = (file: string, state: string) =>
      JSON.stringify({ at: '2026-11-27T06:00:00.000Z', file, state, message_id: `<${file}>`, pdf_sha256: 'a', eml_sha256: 'b', answer: '250 ok' });
    appendFileSync(join(dir, 'send-log.jsonl'), `${record(rows[0]!.file, 'sending')}\n${record(rows[0]!.file, 'sent')}\n${record(rows[1]!.file, 'sending')}\n`);
    rows[0]!.delivery = 'changed';
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(rows, null, 2));
    const stopped = new AbortController();
    stopped.abort('SIGTERM');
    const summary = await sendLetters(dir, { ...sending(smtp), signal: stopped.signal });
    expect(summary.items.slice(0, 3).map((i) => i.status)).toEqual(['changed', 'uncertain', 'deferred']);
    // The reason names the signal that stopped the run: it said Ctrl-C whatever the signal.
    expect(summary.items[2]!.reason).toBe('stopped by SIGTERM before its turn: run the same command again to send it');
    expect((readManifestJson(dir) as { delivery?: string }[]).slice(0, 2).map((r) => r.delivery)).toEqual(['changed', 'uncertain']);
    expect(smtp.accepted).toHaveLength(0);
  });

  // The manifest was read through a link in its place, and a pipe there was waited on for ever.
  it('reads the manifest only as a file of the folder: a link or a pipe in its place is refused, and nothing is sent', async () => {
    const dir = freshCopy();
    const smtp = await serve();
    const manifest = join(dir, 'manifest.json');
    renameSync(manifest, join(dir, 'elsewhere.json'));
    symlinkSync('elsewhere.json', manifest);
    await expect(sendLetters(dir, sending(smtp))).rejects.toThrow(
      /manifest\.json is a symbolic link \(to .*elsewhere\.json\): .* Remove the link \(rm '.*manifest\.json'\)/,
    );
    rmSync(manifest);
    execFileSync('mkfifo', [manifest]);
    await expect(sendLetters(dir, sending(smtp))).rejects.toThrow(/manifest\.json is not a file \(a pipe or a device stands in its place\)/);
    expect(smtp.accepted).toHaveLength(0);
  });

  it('refuses a hand-edited manifest with a row that is no letter of a batch, naming the row, the field and the fix, and sends nothing', async () => {
    const dir = freshCopy();
    const smtp = await serve();
    const rows = readManifestJson(dir) as unknown[];
    const cases: [unknown, RegExp][] = [
      [null, /letter 2 of 10 is not a letter row .*: it is `null`, where a row is an object such as letters batch writes/],
      [7, /letter 2 of 10 is not a letter row .*: it is `7`/],
      [{ ...(rows[1] as object), file: 5 }, /letter 2 of 10 is not a letter row .*: its `file` is `5`, not a text/],
      [{ ...(rows[1] as object), eml: ['a.eml'] }, /letter 2 of 10 is not a letter row .*: its `eml` is a list, not a text/],
      // It was sent, and then writing the delivery columns failed on it: an internal error after the send.
      [{ ...(rows[1] as object), emails: 'x@example.org' }, /letter 2 of 10 is not a letter row .*: its `emails` is `"x@example.org"`, not a list of texts/],
      [{ ...(rows[1] as object), emails: undefined }, /letter 2 of 10 is not a letter row .*: it has no `emails`/],
    ];
    for (const [row, message] of cases) {
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify([rows[0], row, ...rows.slice(2)], null, 2));
      const sent = sendLetters(dir, sending(smtp));
      await expect(sent).rejects.toThrow(message);
      await expect(sent).rejects.toThrow(
        /manifest\.json: .*Run the batch again, which writes the manifest anew; letters sent already are in send-log\.jsonl and are not sent again\.$/,
      );
    }
    // Every bad row at once, each at its place, so one edit mends them all; past twenty, counted.
    const bad = rows.map((row, i) => (i % 2 === 1 ? { ...(row as object), emails: 'x@example.org' } : row));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(bad, null, 2));
    const all = await sendLetters(dir, sending(smtp)).catch((err: unknown) => err as ValidationError);
    expect((all as ValidationError).problems.map((p) => p.path)).toEqual(['[1]', '[3]', '[5]', '[7]', '[9]']);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(Array.from({ length: 25 }, () => null)));
    const many = ((await sendLetters(dir, sending(smtp)).catch((err: unknown) => err)) as ValidationError).problems;
    expect(many).toHaveLength(20);
    expect(many[19]!.message).toMatch(/not sent again\. And 5 more letters after it are not letter rows either\.$/);
    expect(smtp.accepted).toHaveLength(0);
    expect(existsSync(join(dir, 'send-log.jsonl'))).toBe(false);
  });

  // "is not a manifest written by letters batch (Unexpected token '\x1b', ...\"…\"... is not valid JSON)": no
  // line or column in a manifest of thousands of rows, and node's snippet of the text in the message.
  it('refuses a manifest that is not JSON (cut short, a stray character) at its line and column, with the fix', async () => {
    const dir = freshCopy();
    const text = readFileSync(join(dir, 'manifest.json'), 'utf8');
    const lines = text.split('\n');
    const cases: [string, Partial<Problem>][] = [
      [
        text.slice(0, text.indexOf('\n', text.indexOf('\n') + 1) + 5),
        { line: 3, column: 5, message: expect.stringMatching(/^the manifest is not valid JSON: it ends here, cut short\. Run the batch again/) },
      ],
      [
        [...lines.slice(0, 3), '\u001b[31m', ...lines.slice(3)].join('\n'),
        { line: 4, column: 1, message: expect.stringMatching(/^the manifest is not valid JSON: `\u001b` is not what JSON allows here\. Run the batch again/) },
      ],
    ];
    for (const [damaged, problem] of cases) {
      writeFileSync(join(dir, 'manifest.json'), damaged);
      const err = await sendLetters(dir, { send: false, ratePerMinute: 20 }).catch((e: unknown) => e);
      expect((err as ValidationError).problems).toEqual([{ file: join(dir, 'manifest.json'), path: '', severity: 'error', ...problem }]);
    }
  });

  // An editor that saves with a byte order mark (Notepad) made a hand-edited manifest "not valid JSON"
  // at 1:1, quoting a character no terminal shows; the batch's re-run knew none of its rows.
  it('reads a manifest saved with a byte order mark', async () => {
    const dir = freshCopy();
    writeFileSync(join(dir, 'manifest.json'), `\ufeff${readFileSync(join(dir, 'manifest.json'), 'utf8')}`);
    expect((await sendLetters(dir, { send: false, ratePerMinute: 20 })).counts['would-send']).toBe(10);
    expect(readManifest(dir).size).toBe(10);
  });

  it('a letter some of whose addresses the server refuses is partly sent: the refused ones named, nothing sent twice', async () => {
    // The official's own address beside the embassy's: two recipients for the letters to the President.
    const own = sampleWorkspace();
    temps.push(own);
    const officials = join(own, 'directory', 'officials.yaml');
    writeFileSync(officials, readFileSync(officials, 'utf8').replace('  - id: kz-president\n', '  - id: kz-president\n    emails: [president@example.kz]\n'));
    const batch = await runBatch(join(own, 'campaigns', 'kazakhstan-day-2020.yaml'), { outDir: join(own, 'out'), jobs: 1, eml: true });
    expect(batch.failed).toBe(0);
    // The embassy in Belgium is refused: the letter went to the President's address alone, and the run
    // said `sent` with "250 Queued as test", so nobody knew the embassy never had it.
    server = await startSmtp(undefined, (address) => (address === 'brussels@mfa.kz' ? { code: 550, message: 'no such user' } : undefined));
    const first = await sendLetters(batch.dir, sending(server));
    const president = first.items.find((i) => i.file === 'ituc/erlan-baltabay/kz-president.pdf')!;
    expect(president).toMatchObject({ status: 'partly-sent', to: ['brussels@mfa.kz', 'president@example.kz'] });
    expect(president.reason).toMatch(/refused brussels@mfa\.kz \(550 no such user\)/);
    expect(first.counts).toMatchObject({ 'partly-sent': 1, failed: 1, sent: 8 });
    expect(server.accepted.find((m) => m.to.includes('president@example.kz') && m.raw.includes('ituc'))?.to).toEqual(['president@example.kz']);
    expect(readManifestJson(batch.dir).find((r) => r.file === president.file)).toMatchObject({ delivery: 'partly-sent' });
    const again = await sendLetters(batch.dir, sending(server));
    expect(again.items.find((i) => i.file === president.file)).toMatchObject({ status: 'already-sent' });
    expect(server.accepted).toHaveLength(9);
  });

  it('a message the server had whole but never answered is uncertain, not sent again in the same run', async () => {
    const dir = freshCopy();
    // The second message's DATA is read but never answered: the socket times out.
    const smtp = await serve((n) => (n === 2 ? 'hold' : { code: 250 }));
    const options = sending(smtp, { limit: 3, transport: () => createSmtpTransport(parseSmtpUrl(smtp.url), undefined, { socketMs: 1_000 }) });
    const summary = await sendLetters(dir, options);
    // Each message read once: it was retried as a temporary failure, and the server read it twice.
    expect(smtp.seen).toBe(3);
    expect(summary.items[1]).toMatchObject({ status: 'uncertain' });
    expect(summary.items[1]!.reason).toMatch(/given the whole message but did not answer .*--resend-uncertain/);
    expect(summary.counts).toMatchObject({ sent: 2, uncertain: 1 });
    const row = readManifestJson(dir)[1]!;
    expect(row).toMatchObject({ delivery: 'uncertain' });
    expect(readSendLog(dir).get(row.file)!.last.state).toBe('sending');
    // The next run leaves it too, until asked.
    const next = await sendLetters(dir, { ...options, limit: 0 });
    expect(next.items[1]).toMatchObject({ status: 'uncertain' });
    expect(smtp.seen).toBe(3);
  });

  it('refuses to send while another run writes into or sends from the folder; a dry run still lists', async () => {
    const dir = freshCopy();
    const smtp = await serve();
    // Two `letters send --send` at once (a second terminal while the first waits on its rate) each read
    // the send log at their start and sent every letter it did not list: each letter went out twice.
    writeFileSync(join(dir, '.letters.lock'), `${process.ppid}\n`);
    await expect(sendLetters(dir, sending(smtp))).rejects.toThrow(/another `letters send` \(pid \d+\) is writing into/);
    expect(smtp.seen).toBe(0);
    expect((await sendLetters(dir, { send: false, ratePerMinute: 20 })).counts['would-send']).toBe(10);
    rmSync(join(dir, '.letters.lock'));
    expect((await sendLetters(dir, sending(smtp))).counts.sent).toBe(10);
    expect(existsSync(join(dir, '.letters.lock'))).toBe(false);
  });

  it('keeps what the manifest says of a letter the send log has no record of, also when its draft is gone', async () => {
    const dir = freshCopy();
    const smtp = await serve();
    await sendLetters(dir, sending(smtp, { limit: 1 }));
    rmSync(join(dir, 'send-log.jsonl'));
    rmSync(join(dir, readManifestJson(dir)[0]!.eml!));
    const summary = await sendLetters(dir, sending(smtp, { limit: 0 }));
    expect(summary.items[0]).toMatchObject({ status: 'not-ready' });
    // The delivery columns were cleared: the draft made again, the next run sent the letter a second time.
    expect(readManifestJson(dir)[0]).toMatchObject({ delivery: 'sent', message_id: expect.stringMatching(/^</) });
  });

  it('a letter the manifest says was sent, of which the send log has no record (lost, cut short by hand), is not sent again', async () => {
    const dir = freshCopy();
    const smtp = await serve();
    await sendLetters(dir, sending(smtp, { limit: 3 }));
    const uncertain = readManifestJson(dir)[3]!.file;
    // A fourth letter handed over by a run that died before the answer: its manifest row says uncertain.
    const rows = readManifestJson(dir).map((r, i) => (i === 3 ? { ...r, delivery: 'uncertain', message_id: '<x@example.org>' } : r));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(rows));
    // The log is lost: deleted as clutter, or restored from a backup older than the manifest.
    rmSync(join(dir, 'send-log.jsonl'));
    const dry = await sendLetters(dir, { send: false, ratePerMinute: 20 });
    expect(dry.counts).toMatchObject({ 'would-send': 6, 'already-sent': 3, uncertain: 1 });
    expect(dry.items[0]!.reason).toMatch(/manifest says it was sent at .*send-log\.jsonl has no record of it/);
    // A run stopped at once tells them so too, and keeps what the manifest says of them.
    const stop = new AbortController();
    stop.abort('SIGINT');
    const stopped = await sendLetters(dir, { ...sending(smtp), signal: stop.signal });
    expect(stopped.items.slice(0, 5).map((i) => i.status)).toEqual(['already-sent', 'already-sent', 'already-sent', 'uncertain', 'deferred']);
    expect(
      readManifestJson(dir)
        .slice(0, 4)
        .map((r) => r.delivery),
    ).toEqual(['sent', 'sent', 'sent', 'uncertain']);
    const again = await sendLetters(dir, sending(smtp));
    expect(again.counts).toMatchObject({ sent: 6, 'already-sent': 3, uncertain: 1 });
    expect(again.items[3]).toMatchObject({ file: uncertain, status: 'uncertain' });
    expect(smtp.accepted).toHaveLength(9);
    // The manifest keeps saying so, for the next run too.
    expect(
      readManifestJson(dir)
        .slice(0, 4)
        .map((r) => r.delivery),
    ).toEqual(['sent', 'sent', 'sent', 'uncertain']);
    expect((await sendLetters(dir, sending(smtp))).counts).toMatchObject({ sent: 0, 'already-sent': 9, uncertain: 1 });
    expect(smtp.accepted).toHaveLength(9);
  });

  it('--limit sends the first N and leaves the rest for the next run', async () => {
    const dir = freshCopy();
    const smtp = await serve();
    const first = await sendLetters(dir, sending(smtp, { limit: 4 }));
    expect(first.counts).toMatchObject({ sent: 4, deferred: 6 });
    const second = await sendLetters(dir, sending(smtp));
    expect(second.counts).toMatchObject({ sent: 6, 'already-sent': 4 });
    expect(smtp.accepted).toHaveLength(10);
  });

  it('waits between messages to keep to the rate', async () => {
    const dir = freshCopy();
    const smtp = await serve();
    const waits: number[] = [];
    const clock = 0;
    await sendLetters(dir, sending(smtp, { limit: 3, ratePerMinute: 6, now: () => new Date(clock), sleep: async (ms) => void waits.push(ms) }));
    expect(waits).toEqual([10_000, 10_000]);
  });
  it('hands the server ASCII addresses: an internationalised domain goes in punycode in MAIL FROM and RCPT TO, not needing SMTPUTF8', async () => {
    const dir = freshCopy();
    const [row] = readManifestJson(dir);
    const { eml } = await renderEml({
      from: { name: 'S', address: 'campaigns@bücher.example' },
      to: ['botschaft@пример.рф'],
      cc: ['copy@bücher.example'],
      subject: 'x',
      text: 'x\n',
      date: new Date(0),
      attachment: { filename: 'a.pdf', content: readFileSync(join(dir, row!.file)) },
    });
    writeFileSync(join(dir, row!.eml!), eml);
    // (smtp-server reads a punycode domain back in Unicode: the envelope is looked at as handed over.)
    const envelopes: unknown[] = [];
    const smtp = await serve();
    const transport = () => ({ send: async (envelope: unknown) => (envelopes.push(envelope), { response: '250 ok' }), close: () => undefined });
    await sendLetters(dir, sending(smtp, { limit: 1, transport }));
    expect(envelopes).toEqual([{ from: 'campaigns@xn--bcher-kva.example', to: ['botschaft@xn--e1afmkfd.xn--p1ai', 'copy@xn--bcher-kva.example'] }]);
  });

  it('hands a mailbox the draft names twice, in two cases, across To and Cc, one copy: RCPT TO lists it once', async () => {
    const dir = freshCopy();
    const [row] = readManifestJson(dir);
    const path = join(dir, row!.eml!);
    // A draft edited by hand, or written by an older version that merged addresses case by case.
    writeFileSync(
      path,
      readFileSync(path, 'latin1').replace('\r\nTo: brussels@mfa.kz\r\n', '\r\nTo: brussels@mfa.kz, BRUSSELS@MFA.KZ\r\nCc: Brussels@mfa.kz, copy@ituc.org\r\n'),
      'latin1',
    );
    const envelopes: unknown[] = [];
    const smtp = await serve();
    const transport = () => ({ send: async (envelope: unknown) => (envelopes.push(envelope), { response: '250 ok' }), close: () => undefined });
    const summary = await sendLetters(dir, sending(smtp, { limit: 1, transport }));
    expect(envelopes).toEqual([{ from: expect.any(String), to: ['brussels@mfa.kz', 'copy@ituc.org'] }]);
    expect(summary.items[0]).toMatchObject({ to: ['brussels@mfa.kz'], cc: ['copy@ituc.org'] });
  });

  // A signal that came while the last letter's answer was awaited, or after it, left nothing undone,
  // and the run still counted as interrupted (exit 130 or 143, "run the same command again").
  it('is not interrupted when the stop comes after every letter has had its turn', async () => {
    const dir = freshCopy();
    const controller = new AbortController();
    let handed = 0;
    const transport = () => ({
      send: async () => (++handed === 10 && controller.abort('SIGTERM'), { response: '250 ok' }),
      close: () => undefined,
    });
    const summary = await sendLetters(dir, { ...sending(await serve(), { transport }), signal: controller.signal });
    expect(summary.counts.sent).toBe(10);
    expect(summary.interrupted).toBe(false);

    // A dry run stopped as it tells its last letter looked at them all.
    const dry = new AbortController();
    const looked = await sendLetters(freshCopy(), {
      send: false,
      ratePerMinute: 20,
      signal: dry.signal,
      onItem: (i) => i.file.endsWith('example-de-energie/erlan-baltabay/kz-prosecutor-general.pdf') && dry.abort('SIGINT'),
    });
    expect(looked.counts['would-send']).toBe(10);
    expect(looked.interrupted).toBe(false);
  });

  it('stopped (Ctrl-C) while waiting its turn, or to try a deferred message again, sends nothing more and saves the manifest', async () => {
    const dir = freshCopy();
    const smtp = await serve((n) => (n === 2 ? { code: 451, message: 'try later' } : { code: 250 }));
    const controller = new AbortController();
    // The rate's wait before the third message is where Ctrl-C comes; a wait that never ends unless stopped.
    let waits = 0;
    const sleep = (ms: number) => new Promise<void>((resolve) => (++waits === 2 ? controller.abort('SIGINT') : setTimeout(resolve, Math.min(ms, 1))));
    const summary = await sendLetters(dir, sending(smtp, { ratePerMinute: 6, sleep, signal: controller.signal }));
    expect(summary.interrupted).toBe(true);
    expect(summary.items.map((i) => i.status)).toEqual(['sent', 'failed', ...Array(8).fill('deferred')]);
    expect(summary.items[1]!.answer).toMatch(/451 try later \(not tried again: stopped by Ctrl-C \(SIGINT\)\)$/);
    expect(summary.items[2]!.reason).toBe('stopped by Ctrl-C (SIGINT) before its turn: run the same command again to send it');
    expect(readManifestJson(dir).map((r) => r.delivery ?? '-')).toEqual(['sent', 'failed', ...Array(8).fill('-')]);
    expect(smtp.accepted).toHaveLength(1);
  });
});

/** Temp files and lock files left in a campaign folder. */
const leftOver = (dir: string) => readdirSync(dir).filter((f) => /\.tmp-|\.lock$/.test(f));

/** Calls `then` once the last of 10 letters is sent and logged, before the manifest is saved. */
const afterLastLetter = (then: () => void) => {
  let reported = 0;
  return { onItem: () => void (++reported === 10 && then()) };
};

const mountSkip = cannotMount();

// The manifest's save after the letters went out returned its fault, which was dropped: the run ended
// as if all were well, the delivery columns unwritten.
describe('a manifest that cannot be saved after letters were sent', () => {
  it.skipIf(!!mountSkip)(
    'a full disk: reported with the fix, no temp file left; the same command again sends nothing twice and writes the columns',
    async () => {
      const disk = tmpfs('2m');
      const dir = join(disk, 'kazakhstan-day-2020');
      cpSync(campaignOut, dir, { recursive: true });
      const before = readFileSync(join(dir, 'manifest.json'));
      const smtp = await serve();
      const fill = join(disk, 'filler');
      const summary = await sendLetters(
        dir,
        sending(
          smtp,
          afterLastLetter(() => {
            const fd = openSync(fill, 'w');
            try {
              for (const block = Buffer.alloc(4096, 1); ;) writeSync(fd, block);
            } catch {
              // ENOSPC: the disk is full.
            } finally {
              closeSync(fd);
            }
          }),
        ),
      );
      expect(summary.counts.sent).toBe(10);
      expect(summary.manifestNotSaved).toBe(
        `the letters sent are safe: each is recorded in ${join(dir, 'send-log.jsonl')}, and none will be sent again. ` +
          `But the manifest's delivery columns could not be written into ${dir}: the disk is full. ` +
          'Free some space, then run the same `letters send … --send` again: it sends no letter twice, and writes the delivery columns from the send log.',
      );
      expect(leftOver(dir)).toEqual([]);
      expect(readFileSync(join(dir, 'manifest.json')).equals(before)).toBe(true);

      rmSync(fill);
      const again = await sendLetters(dir, sending(smtp));
      expect(again.manifestNotSaved).toBeUndefined();
      expect(again.counts).toMatchObject({ sent: 0, 'already-sent': 10 });
      expect(smtp.accepted).toHaveLength(10);
      expect(readManifestJson(dir).map((r) => r.delivery)).toEqual(Array(10).fill('sent'));
    },
  );

  it("a folder in the manifest.json's place: reported with the fix, no temp file left; the batch and the send again send nothing twice", async () => {
    const parent = tempDir('letters-send-');
    temps.push(parent);
    const dir = join(parent, 'kazakhstan-day-2020');
    cpSync(campaignOut, dir, { recursive: true });
    const smtp = await serve();
    const manifest = join(dir, 'manifest.json');
    const summary = await sendLetters(
      dir,
      sending(
        smtp,
        afterLastLetter(() => {
          rmSync(manifest);
          mkdirSync(manifest);
        }),
      ),
    );
    expect(summary.counts.sent).toBe(10);
    expect(summary.manifestNotSaved).toBe(
      `the letters sent are safe: each is recorded in ${join(dir, 'send-log.jsonl')}, and none will be sent again. ` +
        `But the manifest's delivery columns could not be written into ${dir}: a folder stands in the place of ${manifest}. ` +
        'Move it away, run `letters batch <campaign.yaml> --eml` again, which writes the manifest anew (the letters are unchanged and skipped), ' +
        'then run the same `letters send … --send` again: it sends no letter twice, and writes the delivery columns from the send log.',
    );
    expect(leftOver(dir)).toEqual([]);

    // The fix, as the message gives it.
    rmSync(manifest, { recursive: true });
    const batch = await runBatch(join(ws, 'campaigns', 'kazakhstan-day-2020.yaml'), { outDir: parent, jobs: 1, eml: true });
    expect(batch.written).toBe(0);
    const again = await sendLetters(dir, sending(smtp));
    expect(again.counts).toMatchObject({ sent: 0, 'already-sent': 10 });
    expect(smtp.accepted).toHaveLength(10);
    expect(readManifestJson(dir).map((r) => r.delivery)).toEqual(Array(10).fill('sent'));
  }, 60_000);

  it("a link in the manifest's place is replaced by the manifest, never written through", async () => {
    const dir = freshCopy();
    const outside = tempDir('letters-outside-');
    temps.push(outside);
    writeFileSync(join(outside, 'target.json'), 'kept');
    const smtp = await serve();
    const summary = await sendLetters(
      dir,
      sending(
        smtp,
        afterLastLetter(() => {
          rmSync(join(dir, 'manifest.json'));
          symlinkSync(join(outside, 'target.json'), join(dir, 'manifest.json'));
        }),
      ),
    );
    expect(summary.manifestNotSaved).toBeUndefined();
    expect(readFileSync(join(outside, 'target.json'), 'utf8')).toBe('kept');
    expect(lstatSync(join(dir, 'manifest.json')).isFile()).toBe(true);
    expect(readManifestJson(dir).map((r) => r.delivery)).toEqual(Array(10).fill('sent'));
    expect(leftOver(dir)).toEqual([]);
  });
});

/** Fills the disk of `path` to the last byte. */
function fillDisk(path: string): void {
  const fd = openSync(path, 'w');
  try {
    for (const block = Buffer.alloc(4096, 1); ;) writeSync(fd, block);
  } catch {
    // ENOSPC: the disk is full.
  } finally {
    closeSync(fd);
  }
}

// A send log that could not take a record (a full disk) ended the run in "internal error: ENOSPC ...
// This is a bug in letters", saying neither which letter went out nor what to do.
describe('a send log that cannot be written midway', () => {
  it.skipIf(!!mountSkip)('stops the run with the letter, the cause and the fix; the next run sends no letter twice', async () => {
    const disk = tmpfs('2m');
    const dir = join(disk, 'kazakhstan-day-2020');
    cpSync(campaignOut, dir, { recursive: true });
    const smtp = await serve();
    smtp.onData = (n) => {
      if (n === 3) fillDisk(join(disk, 'filler'));
    };
    const run = sendLetters(dir, sending(smtp));
    await expect(run).rejects.toThrow(UserError);
    const message = ((await run.catch((err: unknown) => err)) as Error).message;
    expect(message).toMatch(
      new RegExp(
        `^the send log ${join(dir, 'send-log.jsonl')} could not be written: the disk is full\\. [a-z0-9/-]+\\.pdf (was handed to the server|was not sent)`,
      ),
    );
    expect(message).toContain('Free some space, then run the same `letters send … --send` again');
    expect(leftOver(dir)).toEqual([]);
    const before = smtp.accepted.length;
    expect(before).toBeLessThan(10);

    smtp.onData = undefined;
    rmSync(join(disk, 'filler'));
    const again = await sendLetters(dir, sending(smtp, { resendUncertain: false }));
    // A letter the log could not record as sent is uncertain, never sent again unasked.
    expect(again.counts.sent + again.counts['already-sent'] + again.counts.uncertain).toBe(10);
    expect(smtp.accepted).toHaveLength(before + again.counts.sent);
    const ids = await Promise.all(smtp.accepted.map(async (m) => (await simpleParser(m.raw)).messageId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  // A disk with room for part of a record took that part and no more: the write was short, not an
  // error, so the torn `sending` record counted as written, the message went out, and the next run,
  // which ignores a torn line, found no record of it and sent it a second time.
  it.skipIf(!!mountSkip)('a record the disk has room for only part of: the letter is not sent, and the next run sends it once', async () => {
    const disk = tmpfs('2m');
    const dir = join(disk, 'kazakhstan-day-2020');
    cpSync(campaignOut, dir, { recursive: true });
    // A log whose page has 50 bytes left, a line that is no record (so it is skipped); then a full disk
    // but for one page, which the lock file takes.
    const pad = '{"pad":"';
    const padded = `${pad}${'x'.repeat(4096 - 50 - pad.length - 3)}"}\n`;
    writeFileSync(join(dir, 'send-log.jsonl'), padded);
    const filler = join(disk, 'filler');
    fillDisk(filler);
    truncateSync(filler, statSync(filler).size - 4096);
    const smtp = await serve();
    const run = sendLetters(dir, sending(smtp));
    await expect(run).rejects.toThrow(UserError);
    const message = ((await run.catch((err: unknown) => err)) as Error).message;
    expect(message).toMatch(/could not be written: the disk is full\. [a-z0-9/-]+\.pdf was not sent, nor any letter after it/);
    expect(smtp.accepted).toHaveLength(0);
    expect(leftOver(dir)).toEqual([]);
    // The torn part is cut off again.
    expect(readFileSync(join(dir, 'send-log.jsonl'), 'utf8')).toBe(padded);

    rmSync(filler);
    const again = await sendLetters(dir, sending(smtp));
    expect(again.counts).toMatchObject({ sent: 10, uncertain: 0 });
    const ids = await Promise.all(smtp.accepted.map(async (m) => (await simpleParser(m.raw)).messageId));
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
  });
});

describe('a send log that cannot be opened for writing', () => {
  // A torn last line (a run killed mid-record) is ended with a newline before the first record: on a
  // full disk that write failed as "internal error: ENOSPC: no space left on device, write".
  it.skipIf(!!mountSkip)('a torn last line on a full disk: the cause and the fix, nothing sent', async () => {
    const disk = tmpfs('2m');
    const dir = join(disk, 'kazakhstan-day-2020');
    cpSync(campaignOut, dir, { recursive: true });
    const log = join(dir, 'send-log.jsonl');
    // A whole block, its record cut short, so the newline needs a block more.
    writeFileSync(log, `{"at":"2026-03-23T09:14:03.120Z","state":"sending","file":"${'x'.repeat(4096 - 59)}`);
    expect(statSync(log).size).toBe(4096);
    const filler = join(disk, 'filler');
    fillDisk(filler);
    // One block for the lock file.
    truncateSync(filler, statSync(filler).size - 4096);
    const smtp = await serve();
    const run = sendLetters(dir, sending(smtp));
    await expect(run).rejects.toThrow(UserError);
    expect(((await run.catch((err: unknown) => err)) as Error).message).toBe(
      `the send log ${log} cannot be written: the disk is full. Nothing was sent. Free some space, then run the same command again.`,
    );
    expect(smtp.seen).toBe(0);
    expect(existsSync(join(dir, '.letters.lock'))).toBe(false);
  });

  // Left by a `sudo letters send` (owned by root), made read-only: the open failed with EACCES or
  // EROFS, and the run ended in "internal error: … This is a bug in letters", before anything was sent.
  it.skipIf(!!mountSkip)('stops the run before anything is sent, naming the log, the cause and the fix', async () => {
    const dir = freshCopy();
    const log = join(dir, 'send-log.jsonl');
    writeFileSync(log, '');
    // Root ignores file modes: a read-only bind mount of the file itself gives the error a user meets.
    execFileSync('mount', ['--bind', log, log]);
    try {
      execFileSync('mount', ['-o', 'remount,bind,ro', log]);
      const smtp = await serve();
      const run = sendLetters(dir, sending(smtp));
      await expect(run).rejects.toThrow(UserError);
      const message = ((await run.catch((err: unknown) => err)) as Error).message;
      expect(message).toMatch(new RegExp(`^the send log ${log} cannot be written: .*read-only.*\\. Nothing was sent\\. Make it writable`));
      expect(smtp.seen).toBe(0);
      expect(existsSync(join(dir, '.letters.lock'))).toBe(false);
    } finally {
      execFileSync('umount', [log]);
    }
  });
});

// The lock file could not be made in a read-only or full campaign folder, and the message was the
// batch's, "… Choose a writable folder with --out.": send has no --out.
describe('a campaign folder send cannot write its lock file into', () => {
  it.skipIf(!!mountSkip)('read-only, or on a full disk: nothing is sent, and the fix is one send can follow', async () => {
    const smtp = await serve();
    const readOnly = freshCopy();
    execFileSync('mount', ['--bind', readOnly, readOnly]);
    try {
      execFileSync('mount', ['-o', 'remount,bind,ro', readOnly]);
      const run = sendLetters(readOnly, sending(smtp));
      await expect(run).rejects.toThrow(UserError);
      expect(((await run.catch((err: unknown) => err)) as Error).message).toBe(
        `cannot write into ${readOnly}: the folder is on a read-only file system. Nothing was sent. Make it writable (remount it, or copy the folder with its send log where it can be written), then run the same command again.`,
      );
    } finally {
      execFileSync('umount', [readOnly]);
    }
    const disk = tmpfs('2m');
    const full = join(disk, 'kazakhstan-day-2020');
    cpSync(campaignOut, full, { recursive: true });
    fillDisk(join(disk, 'filler'));
    const run = sendLetters(full, sending(smtp));
    await expect(run).rejects.toThrow(UserError);
    expect(((await run.catch((err: unknown) => err)) as Error).message).toBe(
      `cannot write into ${full}: the disk is full. Nothing was sent. Free some space, then run the same command again.`,
    );
    expect(smtp.seen).toBe(0);
  });
});
