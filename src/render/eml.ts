// The e-mail format of a letter: an RFC 5322 message with the cover note and the PDF attached,
// composed by nodemailer's MailComposer so the MIME structure and RFC 2047 headers are its, not ours.
import { createHash } from 'node:crypto';
import { asciiAddress, asciiDomain, uniqueAddresses } from '../input/email-address.js';

export interface EmlMessage {
  from: { name: string; address: string };
  replyTo?: string;
  to: string[];
  cc: string[];
  subject: string;
  /** The cover note, plain text. */
  text: string;
  date: Date;
  attachment: { filename: string; content: Buffer };
}

export interface RenderedEml {
  eml: Buffer;
  messageId: string;
}

/**
 * Same message in, same bytes out: the Message-ID and the MIME boundary are hashes of the message's
 * own content, and the Date is the letter's, so nothing random or clock-dependent enters.
 */
export async function renderEml(message: EmlMessage): Promise<RenderedEml> {
  const digest = createHash('sha256')
    .update(JSON.stringify({ ...message, attachment: message.attachment.filename, date: message.date.toISOString() }))
    .update(message.attachment.content)
    .digest('hex');
  // Headers are pure ASCII: an internationalised domain is written as punycode, in the addresses and the Message-ID.
  const domain = asciiDomain(message.from.address.split('@')[1] ?? '') ?? 'letters.invalid';
  const messageId = `<${digest.slice(0, 32)}@${domain}>`;
  // nodemailer is loaded with the first draft: `generate` without --eml never reads it.
  const [{ default: MailComposer }, mimeFuncs, qp] = await Promise.all([
    import('nodemailer/lib/mail-composer'),
    import('nodemailer/lib/mime-funcs'),
    import('nodemailer/lib/qp'),
  ]);
  // One mailbox spelled in two cases gets one copy: a draft never names it twice, in To or in Cc.
  const to = uniqueAddresses(message.to);
  const cc = uniqueAddresses(message.cc, to);
  const composer = new MailComposer({
    // A display name is one line: a line break in it would come out of the encoded word as one.
    from: { name: displayName(message.from.name, mimeFuncs), address: asciiAddress(message.from.address) },
    ...(message.replyTo ? { replyTo: asciiAddress(message.replyTo) } : {}),
    to: to.map(asciiAddress),
    ...(cc.length > 0 ? { cc: cc.map(asciiAddress) } : {}),
    ...(subjectNeedsWords(message.subject)
      ? // Every character in encoded words, folded between them: mailparser reads back exactly what was written.
        { headers: { Subject: { prepared: true, foldLines: true, value: mimeFuncs.encodeWord(message.subject, 'Q', 52) } } }
      : { subject: message.subject }),
    text: { raw: coverNotePart(message.text, qp) },
    date: message.date,
    messageId,
    baseBoundary: digest.slice(32, 48),
    newline: '\r\n',
    textEncoding: 'quoted-printable',
    attachments: [{ filename: message.attachment.filename, content: message.attachment.content, contentType: 'application/pdf' }],
  });
  const eml = await composer.compile().build();
  return { eml, messageId };
}

/**
 * Whether nodemailer's own encoding of a subject would not read back as written: a word too long to
 * fold, which it leaves whole on one line however long (up to and past the 998 characters a line may
 * have), or text that looks like an encoded word (`=?UTF-8?Q?=41?=`), which it leaves as it is and a
 * mail client decodes. Other subjects keep nodemailer's encoding, which encodes only the words that need it.
 */
function subjectNeedsWords(subject: string): boolean {
  return /\S{60}/.test(subject) || subject.includes('=?');
}

/**
 * The cover note's MIME part, quoted-printable in lines of at most 76 characters. No line starts with
 * `From ` (a mailbox file would read it as a new message, and a relay writes `>From `) or a dot (alone
 * on its line it ends the message for sendmail and other pipes that are not SMTP): their first
 * character is written as its =XX escape, which every reader decodes back.
 */
function coverNotePart(text: string, qp: { encode: (b: Buffer) => string; wrap: (s: string, n: number) => string }): string {
  const wrapped = qp.wrap(qp.encode(Buffer.from(text.replace(/\r\n?/g, '\n'), 'utf8')), 76).replace(/\r?\n/g, '\r\n');
  const out: string[] = [];
  const queue = wrapped.split('\r\n');
  while (queue.length > 0) {
    let line = queue.shift()!;
    if (line.startsWith('From ')) line = `=46${line.slice(1)}`;
    else if (line.startsWith('.')) line = `=2E${line.slice(1)}`;
    if (line.length <= 76) {
      out.push(line);
      continue;
    }
    // Three characters longer now: cut with a soft break, never inside an =XX escape, and look at the rest again.
    let cut = 75;
    const escape = line.lastIndexOf('=', cut - 1);
    if (escape > cut - 3) cut = escape;
    out.push(`${line.slice(0, cut)}=`);
    queue.unshift(line.slice(cut));
  }
  return `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${out.join('\r\n')}`;
}

/**
 * The From name on one line (a line break in it would come out of the encoded word as one). A name
 * holding text that looks like an encoded word (`=?UTF-8?Q?=41?=`) is encoded whole, as nodemailer
 * leaves such text as it is and a mail client would decode it (`A`); so is one with a word too long to fold.
 */
function displayName(name: string, mimeFuncs: { encodeWord: (data: string, encoding: string, maxLength: number) => string }): string {
  const line = name.replace(/[\t\n\v\f\r \u0085\u2028\u2029]+/g, ' ').trim();
  // A word too long to fold (counted as quoted, `"` and `\` doubled) stayed whole on the From line,
  // past the 998 characters a line may have: encoded words fold anywhere, as for the subject.
  const unfoldable = /\S{60}/.test(line.replace(/["\\]/g, '\\$&'));
  return line.includes('=?') || unfoldable ? mimeFuncs.encodeWord(line, 'Q', 52) : line;
}
