import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { MailTransport, OutgoingMessage, SendOutcome } from '../senders/mail-transport.js';
import { composeMime } from './compose-mime.js';

/** A message's file in a folder sender's folder: a hash of its Message-ID, the same however often it is written. */
export function emlFileName(messageId: string): string {
  return `${createHash('sha256').update(messageId).digest('hex').slice(0, 32)}.eml`;
}

/**
 * Makes `folder` and any missing folders above it, one level at a time, so every step ends:
 * Node's `mkdir(..., { recursive: true })` never returns for a folder under `/proc`, where the
 * parent exists but refuses new folders.
 */
export async function makeFolder(folder: string): Promise<void> {
  const missing: string[] = [];
  for (let path = resolve(folder); ; path = dirname(path)) {
    const found = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      throw error;
    });
    if (found && !found.isDirectory()) throw new Error(`${path} is a file, not a folder`);
    if (found || dirname(path) === path) break;
    missing.unshift(path);
  }
  for (const path of missing)
    await mkdir(path).catch((error: NodeJS.ErrnoException) => {
      // Another process made it first.
      if (error.code !== 'EEXIST') throw error;
    });
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
        await makeFolder(folder);
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
        await makeFolder(folder);
        // A folder can exist and refuse files (/sys, or another user's): write one to be sure, in a
        // folder of its own whose unused name the file system picks.
        const probe = await mkdtemp(join(folder, '.commsplan-write-check-'));
        try {
          await writeFile(join(probe, 'probe'), '');
        } finally {
          await rm(probe, { recursive: true, force: true });
        }
        return { ok: true, response: `${folder} can be written to` };
      } catch (error) {
        return {
          ok: false,
          failure: { kind: 'pause-sender', reason: `the mail folder ${folder} cannot be made or written to: ${(error as Error).message}` },
        };
      }
    },
    async close(): Promise<void> {},
  };
}
