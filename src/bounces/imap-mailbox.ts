import { ImapFlow } from 'imapflow';
import type { ImapSecurity } from '../senders/imap-settings.js';
import { mightBeDeliveryReport } from './delivery-report.js';

/** Everything needed to open a mailbox; the secret has already been read from the environment. */
export interface MailboxAccess {
  host: string;
  port: number;
  security: ImapSecurity;
  user: string;
  secret: { password: string } | { accessToken: string };
  folder: string;
  timeouts?: { connectMs?: number; answerMs?: number };
  /** PEM certificates to trust besides the usual ones. */
  trustedCertificates?: string;
}

export interface NewMessages {
  uidValidity: string;
  /** The highest UID seen: the next read starts after it. */
  lastUid: number;
  /** Messages whose headers say they may be delivery reports, whole. */
  candidates: { uid: number; raw: string }[];
  /** Messages whose headers say they are not (replies, out-of-office notes...): counted, never downloaded. */
  notReports: { uid: number; subject: string }[];
}

/** An open mailbox folder: read what is new, then mark what was recorded as seen. */
export interface OpenMailbox {
  readNew(after: { uidValidity: string; lastUid: number } | undefined): Promise<NewMessages>;
  markSeen(uids: readonly number[]): Promise<void>;
  close(): Promise<void>;
}

/** The mailbox could not be reached, refused the sign-in, or has no such folder: a reason a person can act on. */
export class MailboxUnavailable extends Error {
  override readonly name = 'MailboxUnavailable';
}

export async function openMailbox(access: MailboxAccess): Promise<OpenMailbox> {
  const client = new ImapFlow({
    host: access.host,
    port: access.port,
    secure: access.security === 'tls',
    doSTARTTLS: access.security === 'starttls' ? true : access.security === 'none' ? false : undefined,
    auth:
      'password' in access.secret
        ? { user: access.user, pass: access.secret.password }
        : { user: access.user, accessToken: access.secret.accessToken },
    logger: false,
    connectionTimeout: access.timeouts?.connectMs ?? 30_000,
    greetingTimeout: access.timeouts?.answerMs ?? 30_000,
    socketTimeout: access.timeouts?.answerMs ?? 60_000,
    tls: access.trustedCertificates ? { ca: access.trustedCertificates } : undefined,
  });
  client.on('error', () => {}); // a dropped connection shows up as the failed command instead
  try {
    await client.connect();
  } catch (error) {
    client.close();
    throw new MailboxUnavailable(connectFailure(access, error));
  }
  let lock: Awaited<ReturnType<ImapFlow['getMailboxLock']>>;
  try {
    lock = await client.getMailboxLock(access.folder);
  } catch (error) {
    await client.logout().catch(() => client.close());
    throw new MailboxUnavailable(`${access.user} has no folder "${access.folder}" on ${access.host} (${serverWords(error)})`);
  }
  return {
    async readNew(after) {
      const mailbox = client.mailbox;
      const uidValidity = mailbox ? String(mailbox.uidValidity) : '0';
      const from = after && after.uidValidity === uidValidity ? after.lastUid : 0;
      const found: NewMessages = { uidValidity, lastUid: from, candidates: [], notReports: [] };
      if (!mailbox || mailbox.exists === 0) return found;
      const wanted: number[] = [];
      // `UID n:*` always answers with the newest message, even when its UID is below n.
      for await (const message of client.fetch(`${from + 1}:*`, { uid: true, headers: HEADERS_READ }, { uid: true })) {
        if (message.uid <= from) continue;
        found.lastUid = Math.max(found.lastUid, message.uid);
        const headers = message.headers?.toString('utf8') ?? '';
        if (mightBeDeliveryReport(headers)) wanted.push(message.uid);
        else found.notReports.push({ uid: message.uid, subject: /^subject:\s*(.*)$/im.exec(headers)?.[1]?.trim() ?? '' });
      }
      if (wanted.length)
        for await (const message of client.fetch(wanted.join(','), { uid: true, source: true }, { uid: true }))
          found.candidates.push({ uid: message.uid, raw: message.source?.toString('utf8') ?? '' });
      found.candidates.sort((a, b) => a.uid - b.uid);
      return found;
    },
    async markSeen(uids) {
      if (uids.length) await client.messageFlagsAdd(uids.join(','), ['\\Seen'], { uid: true });
    },
    async close() {
      lock.release();
      await client.logout().catch(() => client.close());
    },
  };
}

const HEADERS_READ = ['content-type', 'subject', 'from', 'x-ms-exchange-message-is-ndr', 'auto-submitted'];

function serverWords(error: unknown): string {
  const e = error as { responseText?: string; message?: string };
  return e.responseText || e.message || String(error);
}

function connectFailure(access: MailboxAccess, error: unknown): string {
  const e = error as { code?: string; authenticationFailed?: boolean };
  const where = `${access.host}:${access.port}`;
  if (e.authenticationFailed) return `${where} refused the sign-in for ${access.user}: ${serverWords(error)}`;
  switch (e.code) {
    case 'ECONNREFUSED':
      return `nothing answered at ${where} (connection refused): check the host and port`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the server name ${access.host} could not be found`;
    case 'ETIMEDOUT':
    case 'CONNECT_TIMEOUT':
    case 'GREETING_TIMEOUT':
      return `${where} did not answer in time`;
    default:
      return `${where} could not be used: ${serverWords(error)}`;
  }
}
