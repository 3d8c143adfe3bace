// The e-mail format of a letter: an RFC 5322 message with the cover note and the PDF attached,
// composed by nodemailer's MailComposer so the MIME structure and RFC 2047 headers are its, not ours.
import { createHash } from 'node:crypto';
import { asciiAddress, asciiDomain } from '../input/email-address.js';

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
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  const composer = new MailComposer({
    from: { name: message.from.name, address: asciiAddress(message.from.address) },
    ...(message.replyTo ? { replyTo: asciiAddress(message.replyTo) } : {}),
    to: message.to.map(asciiAddress),
    ...(message.cc.length > 0 ? { cc: message.cc.map(asciiAddress) } : {}),
    subject: message.subject,
    text: message.text,
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
