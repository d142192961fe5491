import { createHash } from 'node:crypto';
import { closeSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../store/store.js';
import type { SentOutcome } from './sent-outcomes.store.js';

/** Another worker's journal: left behind when that worker stopped without folding it, or still in use. */
export interface LeftJournal {
  outcomes: SentOutcome[];
  /**
   * Whether a process with the journal's process id runs, as this process sees it. A worker in
   * another process-id namespace (a container) may be dead although its id is taken here, so
   * the sending pass also asks whether the journal's owner still holds a lease.
   */
  ownerMayRun: boolean;
  /** Once its outcomes are in the outbox. */
  discard(): void;
}

/**
 * Where a worker writes each sent message down before the next one goes, so that the outbox
 * itself is written once per batch instead of once per message (ADR 0008). A line written
 * here survives the process being killed, as a commit does; a power cut can lose it.
 */
export interface OutcomeJournal {
  append(outcome: SentOutcome): void;
  /** Appended and not yet folded into the outbox, oldest first. */
  readonly pending: readonly SentOutcome[];
  /** After the pending outcomes are committed to the outbox. */
  clear(): void;
  /** The other workers' journals that hold outcomes. */
  othersWithOutcomes(): LeftJournal[];
  close(): void;
}

/** The journal folder of a workspace file: beside it, as SQLite's own -wal and -shm files are. */
export const journalFolderOf = (databasePath: string) => `${databasePath}-sent`;

/**
 * The journal of worker `owner` on an SQLite workspace file; none for PostgreSQL, where a
 * commit that does not wait for the disk is cheap, or for a database in memory, which a kill
 * loses whole anyway.
 */
export function outcomeJournalFor(store: Pick<Store, 'dialect' | 'location'>, owner: string): OutcomeJournal | undefined {
  if (store.dialect !== 'sqlite' || store.location === ':memory:') return undefined;
  return fileOutcomeJournal(journalFolderOf(store.location), owner);
}

const fileNameOf = (pid: number, owner: string) => `${pid}-${createHash('sha256').update(owner).digest('hex').slice(0, 16)}.jsonl`;

/** Journals this process has open: one of its own pid that is not among them was left by an earlier process of that pid. */
const openHere = new Set<string>();

function isRunning(pid: number, name: string): boolean {
  if (pid === process.pid) return openHere.has(name);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * What `read` reads, or `missing` when its file or folder is gone: another worker may fold and
 * remove a journal, or close the last one and remove the folder, at any moment.
 */
function unlessMissing<T>(read: () => T, missing: T): T {
  try {
    return read();
  } catch (error) {
    if (isMissing(error)) return missing;
    throw error;
  }
}

/**
 * Opens the journal for appending. The folder is shared: another worker closing may remove it,
 * empty, between this worker making it and opening its file, so that is tried again.
 */
function openForAppending(folder: string, path: string): number {
  for (let tries = 1; ; tries++) {
    mkdirSync(folder, { recursive: true });
    try {
      return openSync(path, 'a');
    } catch (error) {
      if (!isMissing(error) || tries >= 5) throw error;
    }
  }
}

/** Lines a kill or a power cut cut short are skipped: their messages are sent again, as any unrecorded one. */
function readOutcomes(path: string): SentOutcome[] {
  const outcomes: SentOutcome[] = [];
  for (const line of unlessMissing(() => readFileSync(path, 'utf8'), '').split('\n')) {
    if (!line) continue;
    try {
      const outcome = JSON.parse(line) as SentOutcome;
      if (typeof outcome.owner === 'string' && typeof outcome.orgId === 'string' && typeof outcome.messageKey === 'string')
        outcomes.push(outcome);
    } catch {}
  }
  return outcomes;
}

export function fileOutcomeJournal(folder: string, owner: string): OutcomeJournal {
  const name = fileNameOf(process.pid, owner);
  const path = join(folder, name);
  let fd: number | undefined;
  let pending: SentOutcome[] = [];
  openHere.add(name);
  const file = () => {
    fd ??= openForAppending(folder, path);
    return fd;
  };
  return {
    append(outcome) {
      writeSync(file(), `${JSON.stringify(outcome)}\n`);
      pending.push(outcome);
    },
    get pending() {
      return pending;
    },
    clear() {
      if (fd !== undefined) ftruncateSync(fd, 0);
      pending = [];
    },
    othersWithOutcomes() {
      const left: LeftJournal[] = [];
      for (const entry of unlessMissing(() => readdirSync(folder), [])) {
        const pid = Number(entry.split('-')[0]);
        if (entry === name || !entry.endsWith('.jsonl') || !Number.isInteger(pid)) continue;
        const leftPath = join(folder, entry);
        const outcomes = readOutcomes(leftPath);
        if (outcomes.length === 0) continue;
        left.push({ outcomes, ownerMayRun: isRunning(pid, entry), discard: () => rmSync(leftPath, { force: true }) });
      }
      return left;
    },
    close() {
      openHere.delete(name);
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
      if (pending.length > 0) return;
      rmSync(path, { force: true });
      try {
        rmdirSync(folder);
      } catch {
        // Another worker's journal is still there.
      }
    },
  };
}
