import type { ColumnType } from 'kysely';
/** What the web app keeps so any instance can serve any request (migration 0030). */
export interface WebTables {
  web_jobs: WebJobsTable;
  web_upload_chunks: WebUploadChunksTable;
  one_time_notes: OneTimeNotesTable;
}

export interface WebJobsTable {
  started_order: ColumnType<number, number | undefined, number>;
  id: string;
  org_id: string;
  kind: string;
  state: string;
  started_by: string;
  owner_id: number | null;
  file_name: string | null;
  rows_done: number;
  percent: number;
  message: string;
  started_at: string;
  updated_at: string;
  checked_at: string | null;
  finished_at: string | null;
  result: string;
}

export interface WebUploadChunksTable {
  org_id: string;
  job_id: string;
  seq: number;
  bytes: Buffer;
}

export interface OneTimeNotesTable {
  id: string;
  org_id: string;
  owner_hash: string;
  sealed: string;
  expires_at: string;
}
