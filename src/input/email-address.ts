// The one check of an e-mail address (a sender's `email` and `reply_to`, an embassy's or addressee's
// `emails`, a case's `cc`): one bare address, nothing a mail header could read as more.
import { domainToASCII } from 'node:url';

/** RFC 5322 atext: the characters of a dot-atom local part, no quoting, no comments. */
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** For the JSON Schema (editor completion): an approximation; `emailAddressProblem` has the last word. */
export const EMAIL_SCHEMA_PATTERN = '^[A-Za-z0-9!#$%&\'*+/=?^_`{|}~.-]+@[^\\s@<>()\\[\\],;:"\\\\]+\\.[^\\s@<>()\\[\\],;:"\\\\]+$';

/**
 * Why `text` is not one plain address `local@domain.tld`, or undefined when it is. Refused: a display
 * name or angle brackets, several addresses, spaces and control characters, quotes and comments, a
 * missing or malformed domain, an IP literal. The domain may be internationalised (written as
 * punycode in the message). The local part must be ASCII: a non-ASCII one needs SMTPUTF8, which the
 * drafts do not use (they are pure ASCII so that any server takes them).
 */
export function emailAddressProblem(text: string): string | undefined {
  const example = 'write one address such as brussels@mfa.kz';
  if (/[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(text)) {
    return /[<>]/.test(text)
      ? `must be the address alone, without a name or <>: ${example}`
      : `must not hold spaces, line breaks or control characters: ${example}`;
  }
  if (/[<>]/.test(text)) return `must be the address alone, without a name or <>: ${example}`;
  if (/[,;]/.test(text)) return `must be one address: list several as separate entries, e.g. [a@mfa.kz, b@mfa.kz]`;
  const at = text.lastIndexOf('@');
  if (at < 0) return `has no @: ${example}`;
  if (text.indexOf('@') !== at) return `must be one address with one @: ${example}`;
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (!local) return `has nothing before the @: ${example}`;
  if (!domain) return `has no domain after the @: ${example}`;
  if (/["()\\[\]:]/.test(local)) return `must not hold quotes, comments (...) or : before the @: ${example}`;
  if (/[^\u0000-\u007f]/.test(local)) {
    return 'has non-ASCII letters before the @, which only mail servers with SMTPUTF8 accept, and letters does not send such mail: ask for an ASCII address (the domain may be non-ASCII)';
  }
  if (!LOCAL.test(local) || local.length > 64)
    return `has a malformed part before the @ (no leading, trailing or double dots; at most 64 characters): ${example}`;
  const ascii = asciiDomain(domain);
  if (ascii === undefined) return `has a malformed domain after the @ (letters, digits, hyphens and dots, with a top-level domain such as .kz): ${example}`;
  return undefined;
}

/**
 * The message for a field that must hold one address and does not: "e-mail address `x` has no @: ...",
 * the same for every address field (a sender's `email`, an addressee's `emails`, a case's `cc`).
 */
export function emailAddressMessage(text: string): string | undefined {
  const problem = emailAddressProblem(text);
  return problem === undefined ? undefined : `e-mail address \`${text}\` ${problem}.`;
}

/** Whether `text` is one plain address (see emailAddressProblem). */
export function isEmailAddress(text: string): boolean {
  return emailAddressProblem(text) === undefined;
}

/**
 * A domain as DNS and mail headers write it: punycode for an internationalised one (`bücher.example`
 * is `xn--bcher-kva.example`), lowercase; undefined when it is not a host name with a top-level domain.
 */
export function asciiDomain(domain: string): string | undefined {
  if (/[\s[\]@]/.test(domain)) return undefined;
  const ascii = domainToASCII(domain);
  if (!ascii || ascii.length > 253) return undefined;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return undefined;
  // A top-level domain is never all digits: 192.168.0.1 is an IP address, not a host name.
  if (/^\d+$/.test(labels[labels.length - 1]!)) return undefined;
  return ascii;
}

/** An address with its domain as punycode (`info@xn--bcher-kva.example`), as a pure-ASCII message writes it. */
export function asciiAddress(address: string): string {
  const at = address.lastIndexOf('@');
  const domain = at < 0 ? undefined : asciiDomain(address.slice(at + 1));
  return domain === undefined ? address : `${address.slice(0, at)}@${domain}`;
}

/**
 * The mailbox an address names, for telling two spellings of one apart: the domain as DNS reads it
 * (case-blind, punycode), and the local part lowercased too, since RFC 5321 lets a server tell cases
 * apart there but no mail server in use does, and the same letter twice is the worse mistake.
 */
export function mailboxKey(address: string): string {
  const text = address.trim();
  const at = text.lastIndexOf('@');
  if (at < 0) return text.toLowerCase();
  return `${text.slice(0, at).toLowerCase()}@${asciiDomain(text.slice(at + 1)) ?? text.slice(at + 1).toLowerCase()}`;
}

/**
 * Each mailbox of `list` once, as first spelled (trimmed), leaving out those of `except`: so
 * `x@MFA.kz` and `x@mfa.kz`, or an embassy's address in a case's cc, get one copy of a letter.
 */
export function uniqueAddresses(list: readonly string[], except: readonly string[] = []): string[] {
  const seen = new Set(except.map(mailboxKey));
  const out: string[] = [];
  for (const address of list) {
    const key = mailboxKey(address);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(address.trim());
  }
  return out;
}
