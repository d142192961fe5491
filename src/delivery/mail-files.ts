import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { messageIdOf } from '../outbox/message-key.js';
import { emlFileName } from './folder-transport.js';

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

/**
 * How long after a folder last changed its listing is trusted while the folder's modified time stays
 * the same: a file written within the same tick of the file system's clock as the last listing would
 * not change that time again, so a folder that changed this recently is listed again on the next
 * request (a `readdir`, with only new names looked at).
 */
const SETTLE_MS = 2000;

/** What is known of one folder: its messages newest first, and the folder's modified time when they were listed. */
interface FolderIndex {
  modifiedMs: number;
  /** The folder had not changed for SETTLE_MS when it was listed: an unchanged modified time means nothing changed since. */
  settled: boolean;
  byName: ReadonlyMap<string, MailFile>;
  newestFirst: readonly MailFile[];
}

const NO_FOLDER: FolderIndex = { modifiedMs: Number.NaN, settled: false, byName: new Map(), newestFirst: [] };

/** Each folder's index, one listing at a time per folder: a request waits for the listing before it rather than starting its own. */
const indexes = new Map<string, Promise<FolderIndex>>();

const newestFirst = (a: MailFile, b: MailFile) =>
  a.writtenAt < b.writtenAt ? 1 : a.writtenAt > b.writtenAt ? -1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/** The folder's index brought up to date: nothing read when its modified time is settled and unchanged, else only new files looked at. */
async function refreshed(folder: string, known: FolderIndex, startedMs: number): Promise<FolderIndex> {
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) return NO_FOLDER;
  if (known.settled && known.modifiedMs === info.mtimeMs) return known;
  const names = await readdir(folder).catch(() => undefined);
  if (!names) return NO_FOLDER;
  const byName = new Map<string, MailFile>();
  const fresh: string[] = [];
  for (const name of names) {
    if (!EML.test(name)) continue;
    const file = known.byName.get(name);
    if (file) byName.set(name, file);
    else fresh.push(name);
  }
  const looked = await Promise.all(
    fresh.map(async (name): Promise<MailFile | undefined> => {
      const file = await stat(join(folder, name)).catch(() => undefined);
      return file?.isFile() ? { name, size: file.size, writtenAt: file.mtime.toISOString() } : undefined;
    }),
  );
  for (const file of looked) if (file) byName.set(file.name, file);
  const unchanged = fresh.length === 0 && byName.size === known.byName.size;
  return {
    modifiedMs: info.mtimeMs,
    settled: startedMs - info.mtimeMs > SETTLE_MS,
    byName,
    newestFirst: unchanged ? known.newestFirst : [...byName.values()].sort(newestFirst),
  };
}

/**
 * The finished messages in a folder sender's folder, newest first (half-written ones start with a
 * dot). Kept in memory per folder and brought up to date on every call: only when the folder's
 * modified time has changed (a file added, renamed or removed, by this process or the worker) is the
 * folder listed again, and then only the new files are looked at, so a new message is listed on the
 * next call. A message written again under the same name (the folder sender's files are named after
 * the Message-ID) keeps the time it was first listed with until the server restarts. `now` is the
 * time of the call, to tell a folder that has settled; a clock behind the files' times only makes
 * every call list the folder again.
 */
export async function listMailFolder(folder: string, now: Date): Promise<readonly MailFile[]> {
  const key = resolve(folder);
  const next = (indexes.get(key) ?? Promise.resolve(NO_FOLDER))
    .catch(() => NO_FOLDER)
    .then((known) => refreshed(key, known, now.getTime()));
  indexes.set(key, next);
  return (await next).newestFirst;
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
