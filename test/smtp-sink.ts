import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message as the sink received it: the envelope, the raw source and mailparser's reading of it. */
export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly raw: string;
  readonly parsed: ParsedMail;
}

export interface SmtpSinkOptions {
  /** Refuse a recipient with this SMTP reply (e.g. 550 no such user, 451 try later); undefined accepts. */
  readonly refuse?: (address: string) => { code: number; message: string } | undefined;
}

/**
 * A real SMTP server on a free local port (the `smtp-server` package, the same code many MTAs'
 * test rigs use) that keeps every message it accepts, parsed by `mailparser` as a mail client would.
 * @example
 * const sink = await startSmtpSink();
 * // SMTP_URL = sink.url
 * await sink.waitFor(1);
 * await sink.close();
 */
export async function startSmtpSink(options: SmtpSinkOptions = {}) {
  const received: ReceivedMail[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const settle = () => {
    for (const w of waiters.filter((x) => received.length >= x.count)) {
      w.resolve();
      waiters.splice(waiters.indexOf(w), 1);
    }
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const refusal = options.refuse?.(address.address);
      if (!refusal) return callback();
      const err = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
      callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            received.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              raw,
              parsed,
            });
            settle();
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // A client killed mid-session (the crash tests) resets its connection: that is the client's end, not the server's.
  server.on('error', () => {});
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    /** Resolves once `count` messages in all have arrived. */
    waitFor(count: number): Promise<void> {
      return new Promise((resolve) => {
        waiters.push({ count, resolve });
        settle();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
