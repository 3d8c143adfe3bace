// The SMTP connection of `letters send`: nodemailer's SMTP transport, TLS on and certificates checked.
import nodemailer from 'nodemailer';
import type { SmtpTarget } from './smtp-url.js';

export { parseSmtpUrl, type SmtpTarget } from './smtp-url.js';

export interface Envelope {
  from: string;
  to: string[];
}

export interface SmtpAnswer {
  response: string;
  /** Recipients the server refused while it took the message for the others, each with its answer. */
  refused?: { address: string; answer: string }[];
}

export interface Transport {
  send(envelope: Envelope, raw: Buffer): Promise<SmtpAnswer>;
  close(): void;
}

/**
 * A failure after the server was given the whole message, with no answer from it (a timeout, a dropped
 * connection): the server may have queued the message, so sending it again could deliver it twice.
 */
export class UnansweredError extends Error {
  override readonly name = 'UnansweredError';
  constructor(readonly original: unknown) {
    super((original as Error)?.message ?? String(original));
  }
}

/**
 * A failure before the server would take any message: it could not be reached, TLS failed, or it
 * refused the login; or it fell silent before it had the message. No letter's fault, and the next
 * letter would meet it too.
 */
export class SessionError extends Error {
  override readonly name = 'SessionError';
  constructor(readonly original: unknown) {
    super((original as Error)?.message ?? String(original));
  }
}

/**
 * How long a silent server is waited for: RFC 5321 (4.5.3.2.6) asks 10 minutes for the answer to a
 * message's end, as the server then delivers it, and "a spurious timeout at this point ... would typically
 * result in delivery of multiple copies". At 60 s, a server scanning a message for longer left it
 * `uncertain`, and `--resend-uncertain` sent a second copy.
 */
export const SOCKET_TIMEOUT_MS = 10 * 60_000;

/** One SMTP transport for the run; the message goes as it is on disk (`raw`), byte for byte. */
export function createSmtpTransport(target: SmtpTarget, password?: string, timeouts: { socketMs?: number } = {}): Transport {
  // Whether the message in flight was given whole: its terminating dot written to the server. nodemailer
  // reads a raw message before it even connects, so the end of that stream said nothing; the end of the
  // DATA stream is told only in the line nodemailer logs for it (`tnx: 'message'`, with its byte counts).
  let handedOver = false;
  // Whether the session was ready for a message (connected, TLS, logged in): nodemailer logs its
  // `Sending message` line (`tnx: 'send'`) only then. A failure before it is the server's or the settings'.
  let ready = false;
  const quiet = () => undefined;
  const logger = {
    trace: quiet,
    debug: quiet,
    info: (entry: { tnx?: unknown; outByteCount?: unknown } | undefined) => {
      if (entry?.tnx === 'send') ready = true;
      if (entry?.tnx === 'message' && entry.outByteCount !== undefined) handedOver = true;
    },
    warn: quiet,
    error: quiet,
    fatal: quiet,
  };
  const transporter = nodemailer.createTransport({
    host: target.host,
    port: target.port,
    secure: target.secure,
    requireTLS: !target.secure && !target.plain,
    ignoreTLS: target.plain,
    tls: { rejectUnauthorized: true },
    ...(target.user ? { auth: { user: target.user, pass: password ?? '' } } : {}),
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: timeouts.socketMs ?? SOCKET_TIMEOUT_MS,
    logger,
  });
  return {
    async send(envelope, raw) {
      // A connection lost before the message was given whole (at RCPT TO, or midway through it) leaves
      // the server nothing to deliver: a temporary failure, tried again.
      handedOver = false;
      ready = false;
      const info = (await transporter.sendMail({ envelope: { from: envelope.from, to: envelope.to }, raw }).catch((err: unknown) => {
        if (!ready) throw new SessionError(err);
        if (handedOver && (err as { responseCode?: number }).responseCode === undefined) throw new UnansweredError(err);
        // Silent for SOCKET_TIMEOUT_MS before the message's end: a server gone quiet, not a hiccup of this letter's.
        if ((err as { timeoutType?: string }).timeoutType === 'SOCKET_TIMEOUT') throw new SessionError(err);
        throw err;
      })) as {
        response?: unknown;
        rejected?: unknown[];
        rejectedErrors?: { recipient?: string; response?: string; message?: string }[];
      };
      // nodemailer sends to the recipients the server took and lists the others: never to be lost.
      const errors = info.rejectedErrors ?? [];
      const refused = (info.rejected ?? []).map((address) => {
        const err = errors.find((e) => e.recipient === address);
        return {
          address: String(address),
          answer: String(err?.response ?? err?.message ?? 'refused')
            .replace(/\s+/g, ' ')
            .trim(),
        };
      });
      return { response: String(info.response ?? ''), ...(refused.length > 0 ? { refused } : {}) };
    },
    close() {
      transporter.close();
    },
  };
}
