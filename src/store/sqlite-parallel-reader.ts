import { Worker } from 'node:worker_threads';
import { SQLITE_DRIVER_PATH, type SqliteDatabase } from './sqlite-driver.js';
import type { ParallelReader, ReadQuery } from './store.js';

/**
 * better-sqlite3 is synchronous, so one connection uses one core. For a batch of independent
 * reads (the audience counts), a worker thread opens its own read-only connection to the same
 * file and runs half of them while this thread runs the rest. WAL mode lets both read at once.
 */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
try {
  db.pragma('cache_size = -65536');
  parentPort.postMessage({ rows: workerData.queries.map((q) => db.prepare(q.sql).all(...q.parameters)) });
} catch (error) {
  parentPort.postMessage({ error: String((error && error.message) || error) });
} finally {
  db.close();
}`;

function runHere(sqlite: SqliteDatabase, queries: readonly ReadQuery[]): Record<string, unknown>[][] {
  return queries.map((query) => sqlite.prepare(query.sql).all(...(query.parameters as unknown[])) as Record<string, unknown>[]);
}

/** The worker's half of the reads, and a way to stop it early. */
interface WorkerRead {
  rows: Promise<Record<string, unknown>[][]>;
  stop(): Promise<void>;
}

function runInWorker(path: string, queries: readonly ReadQuery[]): WorkerRead {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driverPath: SQLITE_DRIVER_PATH, queries } });
  const rows = new Promise<Record<string, unknown>[][]>((done, fail) => {
    worker.once('message', (message: { rows?: Record<string, unknown>[][]; error?: string }) => {
      if (message.rows) done(message.rows);
      else fail(new Error(`A parallel read failed: ${message.error}`));
    });
    worker.once('error', fail);
    // Settled already on a normal finish; otherwise the thread died without answering.
    worker.once('exit', (code) => fail(new Error(`A parallel read stopped without an answer (exit code ${code})`)));
  });
  return { rows, stop: async () => void (await worker.terminate()) };
}

/** Splits the queries: the first half here, the second in a worker. Order them by cost to balance. */
export function sqliteParallelReader(path: string, sqlite: SqliteDatabase): ParallelReader {
  return async (queries) => {
    if (path === ':memory:' || queries.length < 2) return runHere(sqlite, queries);
    const half = Math.floor(queries.length / 2);
    const theirs = runInWorker(path, queries.slice(half));
    try {
      const mine = runHere(sqlite, queries.slice(0, half));
      return [...mine, ...(await theirs.rows)];
    } catch (error) {
      // When this half fails first, the worker's answer (or its own failure) no longer matters.
      theirs.rows.catch(() => undefined);
      await theirs.stop();
      throw error;
    }
  };
}
