import type { Queryable } from '../store/store.js';

/** Adds one piece of an upload's bytes, numbered from 0. */
export async function insertUploadChunk(db: Queryable, chunk: { orgId: string; jobId: string; seq: number; bytes: Buffer }): Promise<void> {
  await db
    .insertInto('web_upload_chunks')
    .values({ org_id: chunk.orgId, job_id: chunk.jobId, seq: chunk.seq, bytes: chunk.bytes })
    .execute();
}

/** The piece numbered `seq`, or undefined after the last. */
export async function readUploadChunk(db: Queryable, jobId: string, seq: number): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('web_upload_chunks')
    .select('bytes')
    .where('job_id', '=', jobId)
    .where('seq', '=', seq)
    .executeTakeFirst();
  return row ? Buffer.from(row.bytes) : undefined;
}

export async function deleteUploadChunks(db: Queryable, jobIds: readonly string[]): Promise<void> {
  if (jobIds.length === 0) return;
  await db
    .deleteFrom('web_upload_chunks')
    .where('job_id', 'in', [...jobIds])
    .execute();
}
