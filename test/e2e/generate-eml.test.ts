import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, sampleWorkspace } from '../helpers/run-cli.js';

const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

function workspace(): string {
  const ws = sampleWorkspace();
  temps.push(ws);
  return ws;
}

function edit(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  expect(next).not.toBe(text);
  writeFileSync(file, next);
}

describe('letters generate --eml', () => {
  it('writes a draft beside the PDF: same bytes on every run and in any time zone, the PDF attached under its name', async () => {
    const ws = workspace();
    const first = runCli(['generate', 'cases/joint-appeal.yaml', '--eml', '--out', 'a'], { cwd: ws });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const [pdf, eml] = first.stdout.trim().split('\n');
    expect(eml).toBe(pdf!.replace(/\.pdf$/, '.eml'));
    const again = runCli(['generate', 'cases/joint-appeal.yaml', '--eml', '--out', 'b'], { cwd: ws, env: { TZ: 'Pacific/Kiritimati' } });
    expect(again.code).toBe(0);
    const bytes = readFileSync(join(ws, eml!));
    expect(readFileSync(join(ws, eml!.replace(/^a/, 'b'))).equals(bytes)).toBe(true);

    const mail = await simpleParser(bytes);
    expect(mail.from!.value[0]).toEqual({ name: 'Energy Workers’ Solidarity Network (example)', address: 'solidarity@energy-network.example.org' });
    expect(mail.to).toBeDefined();
    expect(mail.date!.toISOString()).toMatch(/T12:00:00\.000Z$/);
    expect(mail.messageId).toMatch(/^<[0-9a-f]{32}@energy-network\.example\.org>$/);
    expect(mail.text).toContain('Dear Sir or Madam,');
    expect(mail.attachments[0]!.filename).toBe('joint-appeal--president-and-prosecutor.pdf');
    expect(Buffer.from(mail.attachments[0]!.content).equals(readFileSync(join(ws, pdf!)))).toBe(true);
    // Only headers RFC 2047 allows: no raw 8-bit byte anywhere in the message.
    expect([...bytes].every((b) => b < 128)).toBe(true);
  });

  it('a sender without email, and a letter with no delivery address, fail with clear errors; the PDFs are still written', () => {
    const ws = workspace();
    edit(join(ws, 'senders', 'ituc.yaml'), /^email: .*\n/m, '');
    const noSender = runCli(['generate', 'cases/erlan-baltabay.yaml', '--eml', '--out', 'o'], { cwd: ws });
    expect(noSender.code).toBe(1);
    expect(noSender.stderr).toContain("sender `ituc` has no `email`, the From address of its letters' e-mails: add e.g. `email: campaigns@example.org`");
    expect(existsSync(join(ws, 'o', 'erlan-baltabay', 'tokayev.pdf'))).toBe(true);
    expect(existsSync(join(ws, 'o', 'erlan-baltabay', 'tokayev.eml'))).toBe(false);

    const ws2 = workspace();
    edit(join(ws2, 'cases', 'erlan-baltabay.yaml'), 'emails: [brussels@mfa.kz]', 'emails: []');
    const noAddress = runCli(['generate', 'cases/erlan-baltabay.yaml', '--eml', '--out', 'o'], { cwd: ws2 });
    expect(noAddress.code).toBe(1);
    expect(noAddress.stderr).toMatch(/cases\/erlan-baltabay\.yaml:\d+:\d+: error: recipients\[0\]: this letter has no delivery address/);
    // The message says what is on disk: the PDF, not its e-mail draft.
    expect(noAddress.stderr).toContain('letter tokayev is at o/erlan-baltabay/tokayev.pdf, but its e-mail draft could not be made.');
    expect(noAddress.stderr).not.toContain('was not written');
    expect(existsSync(join(ws2, 'o', 'erlan-baltabay', 'tokayev.pdf'))).toBe(true);

    // A draft of an earlier run, made when the letter still had an address, does not stay beside it.
    const ws3 = workspace();
    expect(runCli(['generate', 'cases/erlan-baltabay.yaml', '--eml', '--out', 'o'], { cwd: ws3 }).code).toBe(0);
    expect(existsSync(join(ws3, 'o', 'erlan-baltabay', 'tokayev.eml'))).toBe(true);
    edit(join(ws3, 'cases', 'erlan-baltabay.yaml'), 'emails: [brussels@mfa.kz]', 'emails: []');
    const again = runCli(['generate', 'cases/erlan-baltabay.yaml', '--eml', '--out', 'o', '--force'], { cwd: ws3 });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(
      'letter tokayev is at o/erlan-baltabay/tokayev.pdf, but its e-mail draft could not be made (the earlier draft o/erlan-baltabay/tokayev.eml was removed).',
    );
    expect(existsSync(join(ws3, 'o', 'erlan-baltabay', 'tokayev.eml'))).toBe(false);
  });

  it('a malformed address is reported where it is written: in a sender, or among the cc', () => {
    const ws = workspace();
    edit(join(ws, 'senders', 'ituc.yaml'), /^email: .*$/m, 'email: campaigns-at-ituc.org');
    const badSender = runCli(['validate', 'senders/ituc.yaml'], { cwd: ws });
    expect(badSender.code).toBe(1);
    expect(badSender.stderr).toMatch(/senders\/ituc\.yaml:\d+:\d+: error: email: e-mail address `campaigns-at-ituc\.org` has no @: write one address/);
    // A second address or a display name smuggled into one entry would reach the draft's headers.
    edit(join(ws, 'senders', 'ituc.yaml'), /^email: .*$/m, 'email: "campaigns@ituc-csi.org>, Bcc <evil@example.org"');
    const injected = runCli(['validate', 'senders/ituc.yaml'], { cwd: ws });
    expect(injected.code).toBe(1);
    expect(injected.stderr).toMatch(
      /error: email: e-mail address `campaigns@ituc-csi\.org>, Bcc <evil@example\.org` must be the address alone, without a name or <>/,
    );

    const ws2 = workspace();
    edit(
      join(ws2, 'cases', 'joint-appeal.yaml'),
      'cc: [International Labour Organization, Human Rights Watch]',
      'cc: [International Labour Organization, hrw@@hrw.org]',
    );
    const badCc = runCli(['generate', 'cases/joint-appeal.yaml', '--eml', '--out', 'o'], { cwd: ws2 });
    expect(badCc.code).toBe(1);
    expect(badCc.stderr).toMatch(/cases\/joint-appeal\.yaml:\d+:\d+: error: letter\.cc\[1\]: e-mail address `hrw@@hrw\.org` must be one address with one @/);
    // Found by validate too, and before any letter is written: the case is refused whole.
    const validated = runCli(['validate', 'cases/joint-appeal.yaml'], { cwd: ws2 });
    expect(validated.code).toBe(1);
    expect(validated.stderr).toMatch(/letter\.cc\[1\]: e-mail address `hrw@@hrw\.org` must be one address with one @/);
    expect(existsSync(join(ws2, 'o'))).toBe(false);
  });

  it('the cc entries that are e-mail addresses become Cc; names stay on paper only', async () => {
    const ws = workspace();
    edit(
      join(ws, 'cases', 'joint-appeal.yaml'),
      'cc: [International Labour Organization, Human Rights Watch]',
      'cc: [International Labour Organization, ilo@example.org]',
    );
    const r = runCli(['generate', 'cases/joint-appeal.yaml', '--eml', '--out', 'o'], { cwd: ws });
    expect(r.code).toBe(0);
    const mail = await simpleParser(readFileSync(join(ws, r.stdout.trim().split('\n')[1]!)));
    expect(mail.cc).toMatchObject({ value: [{ address: 'ilo@example.org' }] });
  });

  it("a workspace's own cover note template takes precedence over the built-in one", async () => {
    const ws = workspace();
    cpSync(join(ROOT, 'templates', 'appeal'), join(ws, 'templates', 'appeal'), { recursive: true });
    writeFileSync(
      join(ws, 'templates', 'appeal', 'email.en.hbs'),
      '::subject Urgent: {{case.title}}\n::body\nTo the {{embassy}}: please forward the attached {{attachment}}.\n',
    );
    const r = runCli(['generate', 'cases/erlan-baltabay.yaml', '--eml', '--out', 'o'], { cwd: ws });
    expect(r.code).toBe(0);
    const mail = await simpleParser(readFileSync(join(ws, 'o', 'erlan-baltabay', 'tokayev.eml')));
    expect(mail.subject).toBe('Urgent: Persecution of Erlan Baltabay');
    expect(mail.text).toBe('To the Embassy of Kazakhstan in Belgium: please forward the attached erlan-baltabay--tokayev.pdf.\n');
  });
});
