import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../store/store.js';
import { unmarked } from './unmarked.js';
import { deleteUploadChunks, insertUploadChunk, readUploadChunk } from './upload-chunks.store.js';
import type { UploadedFile } from './uploads.js';

/** Pieces small enough to hold in memory one at a time, large enough that a 500 MB file is 125 rows. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Copies an uploaded file into the database, a piece at a time (all removed again if one fails),
 * so whichever instance the confirmation lands on can import it.
 */
export async function storeUploadBytes(store: Store, ids: { orgId: string; jobId: string }, path: string): Promise<void> {
  let seq = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
      const piece = { ...ids, seq: seq++, bytes: chunk as Buffer };
      await unmarked(store, (db) => insertUploadChunk(db, piece));
    }
  } catch (error) {
    await unmarked(store, (db) => deleteUploadChunks(db, [ids.jobId]));
    throw error;
  }
}

/** Writes a stored upload back to a fresh private folder on this instance, for the import to read. */
export async function restoreUpload(store: Store, jobId: string, fileName: string): Promise<UploadedFile> {
  const folder = await mkdtemp(join(tmpdir(), 'commsplan-upload-'));
  const path = join(folder, 'upload');
  let size = 0;
  try {
    const file = await open(path, 'wx', 0o600);
    try {
      for (let seq = 0; ; seq++) {
        const bytes = await readUploadChunk(store.db, jobId, seq);
        if (!bytes) break;
        await file.write(bytes);
        size += bytes.length;
      }
    } finally {
      await file.close();
    }
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  return { kind: 'upload', fileName, path, folder, size, tooLarge: false };
}
