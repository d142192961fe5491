import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CommsplanError, type ErrorCode } from '../shared/errors.js';
import { withEmployeeNumberColumn } from './employee-number-column.js';
import type { ImportKind } from './import-kinds.js';
import { couldBeEightBitSave } from './lost-letters.js';
import type { FileVersion, TableFile } from './read-table-file.js';
import { RowStager, type StagedBatch } from './row-stager.js';
import type { DateOrder } from './value-parsers.js';

export interface StagingWorkerInput {
  path: string;
  file: string;
  /** The file as first opened: the worker refuses it if it has changed since. */
  version: FileVersion;
  kind: ImportKind;
  dateOrder: DateOrder;
  /** The column read as a mailbox's employee number when the file has no `EmployeeID` (a setting). */
  employeeNumberColumn?: string;
}

export type StagingMessage =
  | { batch: StagedBatch }
  | { done: true }
  | { error: { code?: ErrorCode; message: string; details?: Record<string, unknown> } };

const WORKER_SCRIPT = new URL('./staging-worker.js', import.meta.url);

/** Files from this size up are read in a worker thread: below it, starting one costs more than it saves. */
const PARALLEL_FROM_BYTES = 16 * 1024 * 1024;

/**
 * The staged batches of a file. A large file that can be opened again by path is read in a
 * worker thread, so checking rows and writing them to the database use both cores. The worker
 * runs compiled code; when running from TypeScript sources (tests, tsx) rows are staged here.
 */
export function stagedBatches(
  table: TableFile,
  input: StagingWorkerInput,
  parallelFromBytes = PARALLEL_FROM_BYTES,
): { inWorker: boolean; batches: AsyncIterable<StagedBatch> } {
  const inWorker = table.size >= parallelFromBytes && existsSync(fileURLToPath(WORKER_SCRIPT));
  return { inWorker, batches: inWorker ? stageInWorker(table, input) : stageHere(table, input) };
}

async function* stageHere(table: TableFile, input: StagingWorkerInput): AsyncGenerator<StagedBatch> {
  const headers = withEmployeeNumberColumn(table.headers, input.employeeNumberColumn);
  const stager = new RowStager(input.kind, headers, table.delimiter ?? ',', input.dateOrder, couldBeEightBitSave(table));
  for await (const rows of table.rowBatches) yield stager.stageRows(rows, table.bytesRead());
}

async function* stageInWorker(table: TableFile, input: StagingWorkerInput): AsyncGenerator<StagedBatch> {
  // The worker reads the file itself; this copy was opened only for its header.
  await table.close();
  const worker = new Worker(WORKER_SCRIPT, { workerData: input });
  const queue: StagingMessage[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  worker.on('message', (message: StagingMessage) => {
    queue.push(message);
    wake?.();
  });
  worker.on('error', (error) => {
    failure = error;
    wake?.();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`the thread reading the file stopped early (exit code ${code})`);
    wake?.();
  });
  try {
    for (;;) {
      const message = queue.shift();
      if (!message) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if ('done' in message) return;
      if ('error' in message) {
        const { code, message: text, details } = message.error;
        throw code ? new CommsplanError(code, text, details) : new Error(text);
      }
      worker.postMessage('taken');
      yield message.batch;
    }
  } finally {
    await worker.terminate();
  }
}
