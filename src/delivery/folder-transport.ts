import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { composeMime } from './compose-mime.js';
import type { MailTransport, OutgoingMessage, SendOutcome } from './mail-transport.js';

/** A message's file in a folder sender's folder: a hash of its Message-ID, the same however often it is written. */
export function emlFileName(messageId: string): string {
  return `${createHash('sha256').update(messageId).digest('hex').slice(0, 32)}.eml`;
}

/**
 * The embedded default: every message becomes an `.eml` file in a folder, named after its
 * Message-ID, so writing the same message twice leaves one file. Files are written whole under
 * a temporary name and then renamed, so a reader never sees half a message.
 */
export function folderTransport(folder: string, now: () => Date): MailTransport {
  return {
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      try {
        await mkdir(folder, { recursive: true });
        const name = emlFileName(message.messageId);
        const bytes = composeMime(message, now());
        const partial = join(folder, `.${name}.partial`);
        await writeFile(partial, bytes);
        await rename(partial, join(folder, name));
        return { ok: true, response: `written to ${join(folder, name)}` };
      } catch (error) {
        return {
          ok: false,
          failure: { kind: 'pause-sender', reason: `the mail folder ${folder} cannot be written to: ${(error as Error).message}` },
        };
      }
    },
    async verify(): Promise<SendOutcome> {
      try {
        await mkdir(folder, { recursive: true });
        return { ok: true, response: `${folder} can be written to` };
      } catch (error) {
        return {
          ok: false,
          failure: { kind: 'pause-sender', reason: `the mail folder ${folder} cannot be made: ${(error as Error).message}` },
        };
      }
    },
    async close(): Promise<void> {},
  };
}
