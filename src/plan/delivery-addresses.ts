import type { Problem } from '../errors.js';
import type { LetterSpec } from './letter-spec.js';
import { problemAt, type SourceFile } from '../input/read-yaml.js';
import { emailAddressMessage, isEmailAddress, uniqueAddresses } from '../input/email-address.js';

export interface DeliveryAddresses {
  /** The embassy's addresses, then the addressees' own, each mailbox once (whatever its case). */
  to: string[];
  /** The case's cc entries that are e-mail addresses (the others are names, printed only). */
  cc: string[];
  /** A malformed cc address, or no address at all to send the letter to. */
  problems: Problem[];
}

/**
 * Where one letter is delivered, for `generate` and `batch` alike: To the `via` channel's addresses
 * and every addressee's own, Cc the case's cc entries that look like addresses. A cc entry with an
 * `@` that is not a well-formed address is a problem rather than a name, since it was surely meant
 * as one.
 */
export function deliveryAddresses(spec: Pick<LetterSpec, 'via' | 'addressees' | 'cc' | 'caseOrigin'>): DeliveryAddresses {
  const to = uniqueAddresses([...(spec.via?.emails ?? []), ...spec.addressees.flatMap((a) => a.data.emails ?? [])]);
  const problems = ccProblems(spec.caseOrigin.source, spec.cc);
  const cc = spec.cc.map((entry) => entry.trim()).filter(isEmailAddress);
  if (to.length === 0) {
    const where = spec.addressees[0]?.path ?? ['recipients'];
    const source = spec.addressees[0]?.origin.source ?? spec.caseOrigin.source;
    problems.push(
      problemAt(
        source,
        where,
        'this letter has no delivery address: give the recipient a `via` with `emails: [...]`, or the addressee its own `emails`, e.g. `emails: [brussels@mfa.kz]`.',
      ),
    );
  }
  return { to, cc: uniqueAddresses(cc, to), problems };
}

/**
 * The case's cc entries with an `@` that are not e-mail addresses: surely meant as one, so a problem
 * rather than a name, told why as any other address field is (a non-ASCII part before the @ needs
 * SMTPUTF8). The case's own check (load-case.ts) reports them, for every command, and so does each
 * letter's e-mail draft. Entries that are not text are the schema's to report.
 */
export function ccProblems(source: SourceFile, cc: readonly unknown[]): Problem[] {
  return cc.flatMap((entry, i) => {
    const message = typeof entry === 'string' && entry.includes('@') ? emailAddressMessage(entry.trim()) : undefined;
    return message ? [problemAt(source, ['letter', 'cc', i], `${message} A cc entry that is a name, not an address, is written without an \`@\`.`)] : [];
  });
}
