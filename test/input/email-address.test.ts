// One strict check of an e-mail address, for every file field that holds one: nothing a mail header
// could read as a second address, a display name, a comment or a group.
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { asciiDomain, emailAddressProblem, uniqueAddresses } from '../../src/input/email-address.js';
import { parseYaml } from '../../src/input/read-yaml.js';
import { SenderFile } from '../../src/input/schemas.js';
import { validateData } from '../../src/input/validate-data.js';
import { renderEml } from '../../src/render/eml.js';

const HOSTILE: [string, RegExp][] = [
  ['a;evil@x.org', /one address/],
  ['a,b@mfa.kz', /one address/],
  ['g:evil@x.org;', /one address/],
  ['Evil <evil@x.org>', /without a name or <>/],
  ['evil@x.org>', /without a name or <>/],
  ['a(evil@x.org)@mfa.kz', /one @/],
  ['a(comment)@mfa.kz', /quotes, comments/],
  ['"evil x"@mfa.kz', /spaces/],
  ['"evil"@mfa.kz', /quotes, comments/],
  ['a@mfa.kz\r\nBcc: evil@x.org', /line breaks/],
  ['a\u0000@mfa.kz', /control characters/],
  ['brussels', /has no @/],
  ['brussels@', /no domain/],
  ['@mfa.kz', /nothing before the @/],
  ['brussels@mfa', /malformed domain/],
  ['brussels@-mfa.kz', /malformed domain/],
  ['brussels@[127.0.0.1]', /malformed domain/],
  ['brussels@127.0.0.1', /malformed domain/],
  ['a..b@mfa.kz', /malformed part before the @/],
  ['.a@mfa.kz', /malformed part before the @/],
  ['jürgen@mfa.kz', /non-ASCII letters before the @.*SMTPUTF8/],
];

describe('emailAddressProblem', () => {
  it.each(HOSTILE)('refuses %j', (text, why) => {
    expect(emailAddressProblem(text)).toMatch(why);
  });

  it.each(['brussels@mfa.kz', 'o.brien+appeals@gov.ie', "o'neill@gov.ie", 'x_y-z@sub.mfa.kz', 'info@bücher.example', 'a@пример.рф'])(
    'accepts %j, and a draft to it names exactly it',
    async (address) => {
      expect(emailAddressProblem(address)).toBeUndefined();
      const { eml } = await renderEml({
        from: { name: 'S', address: 's@example.org' },
        to: [address],
        cc: [],
        subject: 'S',
        text: 'x\n',
        date: new Date(0),
        attachment: { filename: 'a.pdf', content: Buffer.from('%PDF') },
      });
      // Written as punycode (pure ASCII), read back as written in the file.
      const [local, domain] = address.split('@') as [string, string];
      expect(eml.toString('latin1')).toContain(`\r\nTo: ${local}@${asciiDomain(domain)}\r\n`);
      const to = (await simpleParser(eml)).to;
      expect(Array.isArray(to) ? undefined : to?.value).toEqual([{ address, name: '' }]);
    },
  );

  it('writes an internationalised domain as punycode', () => {
    expect(asciiDomain('bücher.example')).toBe('xn--bcher-kva.example');
    expect(asciiDomain('MFA.KZ')).toBe('mfa.kz');
  });
});

describe('uniqueAddresses', () => {
  it('takes addresses that differ only in case, or in how the domain is written, as one mailbox, keeping the first spelling', () => {
    expect(uniqueAddresses(['x@MFA.kz', 'x@mfa.kz', 'X@mfa.KZ', ' y@mfa.kz ', 'info@bücher.example', 'INFO@xn--bcher-kva.example'])).toEqual([
      'x@MFA.kz',
      'y@mfa.kz',
      'info@bücher.example',
    ]);
  });

  it('leaves out the addresses of `except`, in any case', () => {
    expect(uniqueAddresses(['Brussels@MFA.kz', 'copy@ituc.org'], ['brussels@mfa.kz'])).toEqual(['copy@ituc.org']);
  });
});

describe('the files refuse a hostile address', () => {
  it('in a sender `email`, `reply_to` and an embassy `emails` entry, each at its line and column', () => {
    const yaml = ['id: s', 'name: S', 'signatories: [{id: a, name: A}]', 'city: X', 'email: "a;evil@x.org"', 'reply_to: "Evil <evil@x.org>"', ''].join('\n');
    const read = parseYaml('s.yaml', yaml);
    if (!read.ok) throw new Error('bad yaml');
    const problems = validateData(read.source, SenderFile).problems;
    expect(problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      expect.stringMatching(/^5:8 email: .*must be one address/),
      expect.stringMatching(/^6:11 reply_to: .*without a name or <>/),
    ]);
  });
});
