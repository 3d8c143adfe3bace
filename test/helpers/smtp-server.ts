// A real SMTP server for tests, on 127.0.0.1 only, that keeps what it accepts.
import {
  SMTPServer,
  type SMTPServerAuthentication,
  type SMTPServerAuthenticationResponse,
  type SMTPServerDataStream,
  type SMTPServerSession,
} from 'smtp-server';

export interface Received {
  from: string;
  to: string[];
  raw: Buffer;
}

/** What the server answers to the n-th message (from 1): accept (after `delayMs`), or an SMTP error code and text. */
export type Answer = { code: 250; delayMs?: number; text?: string } | { code: number; message: string } | 'hold';

export interface TestSmtp {
  port: number;
  url: string;
  /** Messages answered 250. */
  accepted: Received[];
  /** Every DATA the server read, answered or not. */
  seen: number;
  /** Logins tried, when the server asks for one (`password`). */
  logins: number;
  /** Called with the n-th DATA before it is answered; `hold` leaves the client waiting. */
  onData?: (n: number) => void;
  close(): Promise<void>;
}

/**
 * `refuse` answers RCPT TO: an SMTP error for an address the server will not take (the message still
 * goes to the others), `drop` to close the connection there without a word (before the message was
 * given), `hold` never to answer, or undefined to take it.
 */
export async function startSmtp(
  answer: (n: number) => Answer = () => ({ code: 250 }),
  refuse: (address: string) => { code: number; message: string } | 'drop' | 'hold' | undefined = () => undefined,
  /** Asks for a login (over plain text, on 127.0.0.1 only) and takes only this password. */
  password?: string,
): Promise<TestSmtp> {
  const state: TestSmtp = {
    port: 0,
    url: '',
    accepted: [],
    seen: 0,
    logins: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: password === undefined,
    allowInsecureAuth: true,
    disabledCommands: password === undefined ? ['STARTTLS', 'AUTH'] : ['STARTTLS'],
    onAuth(
      auth: SMTPServerAuthentication,
      _session: SMTPServerSession,
      callback: (err: Error | null | undefined, response?: SMTPServerAuthenticationResponse) => void,
    ) {
      state.logins++;
      if (auth.password === password) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    logger: false,
    // Hold no socket open forever: a test that forgets one still ends.
    socketTimeout: 20_000,
    closeTimeout: 2_000,
    onRcptTo(address: { address: string }, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const refusal = refuse(address.address);
      // Never answered: the client waits until its socket times out.
      if (refusal === 'hold') return;
      if (refusal === 'drop') {
        // smtp-server hands the handler no socket: its connection is found by the session.
        const connections = (server as unknown as { connections: Set<{ session: SMTPServerSession; _socket: { destroy(): void } }> }).connections;
        for (const connection of connections) if (connection.session === session) connection._socket.destroy();
        return;
      }
      callback(refusal ? Object.assign(new Error(refusal.message), { responseCode: refusal.code }) : null);
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const n = ++state.seen;
        const reply = answer(n);
        state.onData?.(n);
        if (reply === 'hold') return;
        if (reply.code === 250) {
          state.accepted.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks),
          });
          const delay = 'delayMs' in reply ? reply.delayMs : undefined;
          const text = 'text' in reply && reply.text !== undefined ? reply.text : 'Queued as test';
          if (delay) setTimeout(() => callback(null, text), delay);
          else callback(null, text);
          return;
        }
        const err = Object.assign(new Error('message' in reply ? reply.message : 'refused'), { responseCode: reply.code });
        callback(err);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  state.port = typeof address === 'object' && address ? address.port : 0;
  state.url = `smtp://127.0.0.1:${state.port}?tls=off`;
  return state;
}
