import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CommsplanError } from '../shared/errors.js';

/** What to tell a person when a file cannot be written, by the system's error code. */
const WHY_NOT: Readonly<Record<string, (path: string) => string>> = {
  // A folder such as /proc exists but refuses new files with ENOENT: say so, not that it is missing.
  ENOENT: (path) =>
    existsSync(dirname(path))
      ? `files cannot be created in ${dirname(path)}. Write the file somewhere else.`
      : `the folder ${dirname(path)} does not exist. Create it first, or write the file somewhere else.`,
  ENOTDIR: (path) => `part of ${dirname(path)} is a file, not a folder. Write the file somewhere else.`,
  EISDIR: (path) => `${path} is a folder. Give the name of a file to write.`,
  EACCES: (path) => `commsplan may not write to ${path}. Choose a folder you can write to.`,
  EPERM: (path) => `commsplan may not write to ${path}. Choose a folder you can write to.`,
  EROFS: (path) => `${dirname(path)} is on a disk that cannot be written to. Write the file somewhere else.`,
  ENOSPC: (path) => `the disk holding ${dirname(path)} is full.`,
};

/** A CommsplanError naming the file and what to do, for the errors a person can fix; anything else as it is. */
export function outputFileError(path: string, error: unknown): unknown {
  const why = WHY_NOT[(error as NodeJS.ErrnoException).code ?? ''];
  if (!why) return error;
  return new CommsplanError('file-unwritable', `Cannot write ${path}: ${why(path)}`, { file: path });
}

/** Writes a file the command was asked to write (an export, a list, a report), or says clearly why it cannot. */
export function writeOutputFile(path: string, content: string | Uint8Array, append = false): void {
  try {
    if (append) appendFileSync(path, content);
    else writeFileSync(path, content);
  } catch (error) {
    throw outputFileError(path, error);
  }
}
