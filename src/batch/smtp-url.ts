// The SMTP server's URL of `letters send`, read apart from the transport (and nodemailer), so the command
// line checks it with the other options.
import { UserError } from '../errors.js';

export interface SmtpTarget {
  host: string;
  port: number;
  /** TLS from the first byte (smtps://, port 465); else STARTTLS, required unless `tls=off`. */
  secure: boolean;
  /** Only `smtp://127.0.0.1...?tls=off`: a local relay or test server that offers no TLS. */
  plain: boolean;
  user?: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Reads `smtp://user@host:587` or `smtps://user@host:465`. A password in the URL is refused: it would
 * sit in the shell's history and the process list. `?tls=off` is accepted for a loopback host only.
 */
export function parseSmtpUrl(text: string, name = '--smtp'): SmtpTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(`${name} must be a URL such as smtp://campaigns%40example.org@mail.example.org:587, not ${JSON.stringify(text)}.`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new UserError(`${name} must start with smtp:// (STARTTLS) or smtps:// (TLS), not ${url.protocol}//; e.g. smtp://user@mail.example.org:587.`);
  }
  if (url.password) {
    throw new UserError(`${name} must not hold a password: remove it from the URL and set LETTERS_SMTP_PASSWORD, or type it at the prompt.`);
  }
  if (!url.hostname) throw new UserError(`${name} names no host: ${JSON.stringify(text)}; e.g. smtp://user@mail.example.org:587.`);
  const tls = url.searchParams.get('tls');
  for (const key of url.searchParams.keys()) {
    if (key !== 'tls') throw new UserError(`${name}: unknown setting \`${key}\`; the only one is tls=off, for a server on this machine.`);
  }
  if (tls !== null && tls !== 'off') throw new UserError(`${name}: tls may only be \`off\`, not ${JSON.stringify(tls)}.`);
  const plain = tls === 'off';
  if (plain && !LOOPBACK.has(url.hostname)) {
    throw new UserError(`${name}: tls=off is allowed only for a server on this machine (127.0.0.1), not ${url.hostname}: mail to another host goes encrypted.`);
  }
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    plain: plain && !secure,
    ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
  };
}
