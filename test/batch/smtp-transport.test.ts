import { describe, expect, it } from 'vitest';
import { parseSmtpUrl, SOCKET_TIMEOUT_MS } from '../../src/batch/smtp-transport.js';

describe('parseSmtpUrl', () => {
  it('reads STARTTLS and TLS URLs, with the user name decoded and default ports', () => {
    expect(parseSmtpUrl('smtp://campaigns%40example.org@mail.example.org')).toEqual({
      host: 'mail.example.org',
      port: 587,
      secure: false,
      plain: false,
      user: 'campaigns@example.org',
    });
    expect(parseSmtpUrl('smtps://mail.example.org')).toEqual({ host: 'mail.example.org', port: 465, secure: true, plain: false });
    expect(parseSmtpUrl('smtp://127.0.0.1:2525?tls=off')).toMatchObject({ host: '127.0.0.1', port: 2525, plain: true });
  });

  it('refuses a password, another scheme, unknown settings, and tls=off towards another machine', () => {
    expect(() => parseSmtpUrl('smtp://me:hunter2@mail.example.org')).toThrow(/must not hold a password.*LETTERS_SMTP_PASSWORD/);
    expect(() => parseSmtpUrl('smtp://me:hunter2@mail.example.org')).not.toThrow(/hunter2/);
    expect(() => parseSmtpUrl('http://mail.example.org')).toThrow(/must start with smtp:\/\//);
    expect(() => parseSmtpUrl('smtp://mail.example.org?verify=no')).toThrow(/unknown setting `verify`/);
    expect(() => parseSmtpUrl('smtp://mail.example.org?tls=off')).toThrow(/only for a server on this machine/);
    expect(() => parseSmtpUrl('not a url')).toThrow(/must be a URL/);
  });
});

describe('the SMTP socket timeout', () => {
  // A server may take minutes to answer a message's end (it scans and delivers it then): given up on at
  // 60 s, the message was uncertain though the server had taken it, and a resend was a second copy.
  it("waits for a silent server as long as RFC 5321 asks for the answer to a message's end (10 minutes)", () => {
    expect(SOCKET_TIMEOUT_MS).toBeGreaterThanOrEqual(10 * 60_000);
  });
});
