/**
 * The baselines of the send benchmark, each sending the same people's messages into the same sink
 * as `send --due`: every message its own (its person's name and sizes), each with its own
 * Message-ID, so that the sink can show each arrived once.
 */
import { execFileSync } from 'node:child_process';
import nodemailer from 'nodemailer';
import { claimedMessageOf } from '../src/delivery/claims.store.js';
import { composeMime } from '../src/delivery/compose-mime.js';
import { composeOutgoing, sendingTemplates } from '../src/delivery/sending-templates.js';
import { loadWorkspace } from '../src/plan/workspace.js';
import type { OutgoingMessage } from '../src/senders/mail-transport.js';
import { openSqliteStore } from '../src/store/open-sqlite-store.js';

/** Every queued message, rendered as the sending pass renders it, with the Message-ID it will carry. */
export async function renderQueuedMessages(dbPath: string, senderAddress: string): Promise<OutgoingMessage[]> {
  const store = await openSqliteStore(dbPath, { create: false });
  try {
    const workspace = await loadWorkspace(store.db, dbPath);
    const templates = sendingTemplates(workspace);
    const rows = await store.db.selectFrom('outbox').selectAll().orderBy('message_key').execute();
    return rows.map((row) => composeOutgoing(claimedMessageOf(row), senderAddress, templates));
  } finally {
    await store.db.destroy();
  }
}

/** Nodemailer pooled with one connection to the sink, as our SMTP transport is. */
function sinkTransport(port: number) {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 1,
    maxMessages: Number.POSITIVE_INFINITY,
  });
}

export const bareMessageId = (index: number) => `<bare-${index}@benchmark.commsplan>`;
export const rawMessageId = (index: number) => `<raw-${index}@benchmark.commsplan>`;

/** Bare Nodemailer: each person's message handed over as fields, composed and streamed by Nodemailer. */
export async function bareNodemailerSeconds(port: number, messages: readonly OutgoingMessage[], envelopeFrom: string): Promise<number> {
  const transport = sinkTransport(port);
  const started = performance.now();
  for (const [index, message] of messages.entries())
    await transport.sendMail({
      from: message.from,
      to: [...message.to],
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: bareMessageId(index),
      envelope: { from: envelopeFrom, to: [...message.to] },
    });
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return seconds;
}

/** Each person's message made beforehand (by our composer, as `send --due` makes it), outside the timing. */
export function composeRawMessages(messages: readonly OutgoingMessage[], now: Date): Buffer[] {
  return messages.map((message, index) => composeMime({ ...message, messageId: rawMessageId(index) }, now));
}

/**
 * Nodemailer's SMTP alone: each person's message already made, handed over raw. No sending of
 * ours can beat this: it is the like-for-like ceiling.
 */
export async function bareRawSeconds(
  port: number,
  raws: readonly Buffer[],
  messages: readonly OutgoingMessage[],
  envelopeFrom: string,
): Promise<number> {
  const transport = sinkTransport(port);
  const started = performance.now();
  for (const [index, raw] of raws.entries())
    await transport.sendMail({
      raw,
      messageId: rawMessageId(index),
      envelope: { from: envelopeFrom, to: [...(messages[index] as OutgoingMessage).to] },
    });
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return seconds;
}

/** Postfix's `smtp-source`: one session (`-d`), N messages of `bodyBytes` each. The loopback ceiling. */
export function smtpSourceSeconds(port: number, messages: number, bodyBytes: number): number {
  const started = performance.now();
  execFileSync('/usr/sbin/smtp-source', [
    '-s',
    '1',
    '-d',
    '-m',
    String(messages),
    '-l',
    String(bodyBytes),
    '-f',
    'bench@example.org',
    '-t',
    'sink@example.org',
    `127.0.0.1:${port}`,
  ]);
  return (performance.now() - started) / 1000;
}
