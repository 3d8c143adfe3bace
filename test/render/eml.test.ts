// An e-mail draft decodes back to exactly what went in, whatever the subject and the cover note hold,
// and stays safe for the tools that carry it: pure ASCII, short lines, no line that a mailbox file
// ("From ") or an SMTP or sendmail pipe (".") reads as its own.
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { renderEml, type EmlMessage } from '../../src/render/eml.js';

function message(over: Partial<EmlMessage>): EmlMessage {
  return {
    from: { name: 'ITUC', address: 'campaigns@ituc-csi.org' },
    to: ['brussels@mfa.kz'],
    cc: [],
    subject: 'Appeal',
    text: 'Dear Sir or Madam,\n',
    date: new Date('2019-12-16T12:00:00Z'),
    attachment: { filename: 'a.pdf', content: Buffer.from('%PDF-1.7\n') },
    ...over,
  };
}

function lines(eml: Buffer): string[] {
  return eml.toString('latin1').split('\r\n');
}

describe('renderEml', () => {
  it('names a mailbox written in two cases once, in To before Cc, as first spelled', async () => {
    const { eml } = await renderEml(message({ to: ['x@MFA.kz', 'x@mfa.kz'], cc: ['X@mfa.KZ', 'copy@ituc.org', 'COPY@ituc.org'] }));
    const text = eml.toString('latin1');
    expect(text).toContain('\r\nTo: x@mfa.kz\r\n');
    expect(text).toContain('\r\nCc: copy@ituc.org\r\n');
  });

  it.each([
    ['a long word of Cyrillic', 'Преследование_' + 'Ерлана'.repeat(30)],
    ['a long ASCII word', 'x'.repeat(200)],
    ['a long word with accents and spaces', `Persécution ${'é'.repeat(90)} d’Erlan ${'Baltabay'.repeat(15)} end`],
    ['an encoded-word look-alike', '=?UTF-8?Q?=41?= and =?utf-8?b?QQ==?='],
  ])('a subject with %s is encoded in lines of at most 78 characters and decodes back exactly', async (_, subject) => {
    const { eml } = await renderEml(message({ subject }));
    expect([...eml].every((b) => b < 128)).toBe(true);
    expect(Math.max(...lines(eml).map((l) => l.length))).toBeLessThanOrEqual(78);
    expect((await simpleParser(eml)).subject).toBe(subject);
  });

  it('a cover note decodes back exactly, and no line of the draft starts with "From " or "."', async () => {
    const text = [
      'From here on, we write.',
      '.',
      '..two dots',
      '.a line that starts with a dot',
      'trailing spaces   ',
      'a tab\t',
      'длинная строка '.repeat(30),
      'y'.repeat(300),
      `${'z'.repeat(75)}.`,
      `${'w'.repeat(74)}From here`,
      'From',
      '',
    ].join('\n');
    const { eml } = await renderEml(message({ text }));
    expect([...eml].every((b) => b < 128)).toBe(true);
    const all = lines(eml);
    expect(Math.max(...all.map((l) => l.length))).toBeLessThanOrEqual(76);
    expect(all.filter((l) => /^(From |\.)/.test(l))).toEqual([]);
    expect((await simpleParser(eml)).text).toBe(text);
  });

  it('writes the Message-ID of an internationalised sender domain in punycode', async () => {
    const { eml, messageId } = await renderEml(message({ from: { name: 'Gewerkschaft', address: 'info@bücher.example' } }));
    expect(messageId).toMatch(/^<[0-9a-f]{32}@xn--bcher-kva\.example>$/);
    expect([...eml].every((b) => b < 128)).toBe(true);
    expect(lines(eml)).toContain(`Message-ID: ${messageId}`);
  });
});

describe('renderEml headers', () => {
  it("writes the sender's name on one line: a line break in it is a space, not an encoded line break", async () => {
    const { eml } = await renderEml(message({ from: { name: 'Energy Workers\nBcc: evil@example.org\r\n', address: 'campaigns@ituc-csi.org' } }));
    const mail = await simpleParser(eml);
    expect(mail.from!.value).toEqual([{ name: 'Energy Workers Bcc: evil@example.org', address: 'campaigns@ituc-csi.org' }]);
    expect(mail.bcc).toBeUndefined();
  });
});

describe('renderEml display name', () => {
  it.each(['=?UTF-8?Q?=41?=', 'Union =?utf-8?b?QQ==?= (x)', 'Профсоюз =?UTF-8?Q?=41?='])(
    'a sender name that looks like an encoded word (%j) reads back as written',
    async (name) => {
      const { eml } = await renderEml(message({ from: { name, address: 'campaigns@ituc-csi.org' } }));
      expect((await simpleParser(eml)).from!.value).toEqual([{ name, address: 'campaigns@ituc-csi.org' }]);
      expect([...eml].every((b) => b < 128)).toBe(true);
    },
  );
});

describe('renderEml long sender names', () => {
  // nodemailer folds a display name only at its spaces: a word too long to fold stayed whole on the
  // From line, 2,000 characters of it past the 998 a line may have, which servers refuse or cut.
  it.each(['x'.repeat(2_000), `Union ${'"'.repeat(1_200)}`, 'a.b'.repeat(400), `https://www.example-union.org/${'campaigns/'.repeat(8)}`])(
    'a sender name with a word too long to fold (%#) is written in lines of at most 78 characters, and reads back as written',
    async (name) => {
      const { eml } = await renderEml(message({ from: { name, address: 'campaigns@ituc-csi.org' } }));
      expect(Math.max(...lines(eml).map((l) => l.length))).toBeLessThanOrEqual(78);
      expect((await simpleParser(eml)).from!.value).toEqual([{ name, address: 'campaigns@ituc-csi.org' }]);
    },
  );
});
