import { type AddressInfo, createServer, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { parseSenderOptions } from '../../src/senders/parse-sender-options.js';
import type { SmtpSenderDefinition } from '../../src/senders/sender-config.js';

export interface CountingSmtpServer {
  port: number;
  /** The Message-ID of every message the server accepted, in the order it accepted them. */
  accepted: string[];
  /** How many times each Message-ID reached the end of its data, accepted or deferred. */
  seen: Map<string, number>;
  close(): Promise<void>;
}

const deferral = () => Object.assign(new Error('4.7.500 Server busy, try again later'), { responseCode: 451 });

/**
 * A real SMTP server on 127.0.0.1 that takes every message and keeps its Message-ID. `answerAfterMs`
 * makes it slow: it answers the end of each message that long after it arrived. `neverAnswer`
 * makes it stall: it takes the message and never answers at all. `defers` makes it busy: a
 * message it says yes to is answered 451, given its Message-ID and how often it has seen it.
 */
export async function startCountingSmtpServer(
  options: { answerAfterMs?: number; neverAnswer?: boolean; defers?: (messageId: string, timesSeen: number) => boolean } = {},
): Promise<CountingSmtpServer> {
  const accepted: string[] = [];
  const seen = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server = new SMTPServer({
    secure: false,
    hideSTARTTLS: true,
    authOptional: true,
    closeTimeout: 100,
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (options.neverAnswer) return;
        const messageId = /^Message-ID:\s*(\S+)/im.exec(Buffer.concat(chunks).toString('utf8'))?.[1]?.trim() ?? '';
        const times = (seen.get(messageId) ?? 0) + 1;
        seen.set(messageId, times);
        if (options.defers?.(messageId, times)) return callback(deferral());
        setTimeout(() => {
          accepted.push(messageId);
          callback(null, 'Ok: queued');
        }, options.answerAfterMs ?? 0);
      });
    },
  });
  // A killed client's connection ends with a reset, which the server reports as an error.
  server.on('error', () => {});
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    port: (server.server.address() as AddressInfo).port,
    accepted,
    seen,
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}

/** A server that takes connections and never says a word: not even the greeting. */
export async function startSilentServer(): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}

/** A sender of ours pointed at a test server on 127.0.0.1, without TLS or sign-in. */
export const testSmtpSender = (port: number): SmtpSenderDefinition =>
  parseSenderOptions('project', {
    smtp: `127.0.0.1:${port}`,
    security: 'none',
    from: 'NHSmail project <nhsmail.project@eastbrook.nhs.uk>',
  }) as SmtpSenderDefinition;

/** How many times each value occurs: each Message-ID at a server, say. */
export function timesEach(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
