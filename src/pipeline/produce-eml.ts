import { ValidationError, type Problem } from '../errors.js';
import { composeEmail } from '../compose/compose-email.js';
import type { LetterSpec } from '../plan/letter-spec.js';
import type { LetterDocument } from '../letter-document.js';
import { problemAt } from '../input/read-yaml.js';
import { deliveryAddresses } from '../plan/delivery-addresses.js';
import { renderEml, type RenderedEml } from '../render/eml.js';

export interface ProducedEml extends RenderedEml {
  to: string[];
  cc: string[];
  subject: string;
}

/**
 * A letter's e-mail draft: from the sender's `email`, to the letter's delivery addresses, with the
 * cover note and the letter's PDF attached under `filename`. Throws every problem at once (no sender
 * address, no delivery address, a malformed cc address); the PDF is the caller's and stays written.
 */
export async function produceEml(spec: LetterSpec, letter: { doc: LetterDocument; pdf: Buffer }, filename: string): Promise<ProducedEml> {
  const problems: Problem[] = [];
  const sender = spec.sender.data;
  if (!sender.email) {
    problems.push(
      problemAt(
        spec.sender.source,
        [],
        `sender \`${sender.id}\` has no \`email\`, the From address of its letters' e-mails: add e.g. \`email: campaigns@example.org\` to ${spec.sender.file}.`,
      ),
    );
  }
  const addresses = deliveryAddresses(spec);
  problems.push(...addresses.problems);
  if (problems.length > 0) throw new ValidationError(problems);
  const { subject, text } = composeEmail(spec, letter.doc, filename);
  const rendered = await renderEml({
    from: { name: sender.name, address: sender.email! },
    ...(sender.reply_to ? { replyTo: sender.reply_to } : {}),
    to: addresses.to,
    cc: addresses.cc,
    subject,
    text,
    date: letter.doc.meta.creationDate,
    attachment: { filename, content: letter.pdf },
  });
  return { ...rendered, to: addresses.to, cc: addresses.cc, subject };
}

/**
 * The attachment's file name: the case and the recipient, so an embassy's inbox tells one letter from
 * another (the file on disk is named by the recipient alone, inside its case's folder).
 */
export function attachmentName(caseId: string, recipientId: string): string {
  return `${caseId}--${recipientId}.pdf`;
}
