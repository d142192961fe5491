/**
 * Worker thread entry: reads and checks an export's rows while the main thread writes the
 * previous batches to the database. Posts `StagingMessage`s; waits when it is too far ahead.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isCommsplanError } from '../shared/errors.js';
import { withEmployeeNumberColumn } from './employee-number-column.js';
import { couldBeEightBitSave } from './lost-letters.js';
import { openTableFile } from './read-table-file.js';
import { RowStager } from './row-stager.js';
import type { StagingMessage, StagingWorkerInput } from './staging-source-worker.js';

/** Batches posted but not yet taken: enough to keep both threads busy, few enough to bound memory. */
const MAX_AHEAD = 8;

async function run(port: NonNullable<typeof parentPort>, input: StagingWorkerInput): Promise<void> {
  let ahead = 0;
  let wake: (() => void) | undefined;
  port.on('message', () => {
    ahead -= 1;
    wake?.();
  });
  const post = (message: StagingMessage) => port.postMessage(message);
  try {
    const table = await openTableFile(input.path, input.file, input.version);
    const headers = withEmployeeNumberColumn(table.headers, input.employeeNumberColumn);
    const stager = new RowStager(input.kind, headers, table.delimiter ?? ',', input.dateOrder, couldBeEightBitSave(table));
    for await (const rows of table.rowBatches) {
      post({ batch: stager.stageRows(rows, table.bytesRead()) });
      ahead += 1;
      while (ahead >= MAX_AHEAD) await new Promise<void>((resolve) => (wake = resolve));
    }
    post({ done: true });
  } catch (error) {
    post({ error: describeError(error) });
  } finally {
    // Everything is sent: the thread ends by itself, even if the parent never stops it.
    port.unref();
  }
}

/** The error as a message can carry it: details that cannot be copied to the other thread are dropped. */
function describeError(error: unknown): Extract<StagingMessage, { error: unknown }>['error'] {
  if (!isCommsplanError(error)) return { message: error instanceof Error ? error.message : String(error) };
  try {
    return { code: error.code, message: error.message, details: structuredClone({ ...error.details }) };
  } catch {
    return { code: error.code, message: error.message };
  }
}

if (parentPort) await run(parentPort, workerData as StagingWorkerInput);
