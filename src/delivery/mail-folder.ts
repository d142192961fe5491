import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { emlFileName } from './folder-transport.js';
import { messageIdOf } from './message-key.js';

/** What a folder sender names the file of the message with this key. */
export function emlFileNameOf(messageKey: string): string {
  return emlFileName(messageIdOf(messageKey));
}

export interface MailFile {
  name: string;
  size: number;
  writtenAt: string;
}

const EML = /^[^./\\][^/\\]*\.eml$/;

/** The finished messages in a folder sender's folder, newest first (half-written ones start with a dot). */
export async function listMailFolder(folder: string): Promise<MailFile[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const files = await Promise.all(
    names
      .filter((name) => EML.test(name))
      .map(async (name) => {
        const info = await stat(join(folder, name)).catch(() => undefined);
        return info?.isFile() ? { name, size: info.size, writtenAt: info.mtime.toISOString() } : undefined;
      }),
  );
  return files
    .filter((file): file is MailFile => file !== undefined)
    .sort((a, b) => b.writtenAt.localeCompare(a.writtenAt) || a.name.localeCompare(b.name));
}

/**
 * The bytes of one message, only when `name` is a finished message's name (no path, no `..`, not
 * hidden) and is a plain file in the folder: any other name is never read, and gives undefined.
 * Checks the one file, not the whole folder, so a page of 50 messages reads 50 files.
 */
export async function readMailFile(folder: string, name: string): Promise<Buffer | undefined> {
  if (!EML.test(name)) return undefined;
  const path = join(folder, name);
  const info = await lstat(path).catch(() => undefined);
  return info?.isFile() ? readFile(path) : undefined;
}
