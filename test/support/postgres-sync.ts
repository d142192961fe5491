import { createRequire } from 'node:module';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

/**
 * One statement on PostgreSQL, answered synchronously, for the test helpers that read and write a
 * workspace between commands without awaiting (`sqlOnFile`). A worker thread runs the query with
 * pg while this thread waits on a shared flag.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const pg = require(workerData.pgPath);
const pools = new Map();
const numbers = { getTypeParser: (oid, format) => (oid === 20 || oid === 1700 ? Number : pg.types.getTypeParser(oid, format)) };
function poolFor(text) {
  let pool = pools.get(text);
  if (pool) return pool;
  const url = new URL(text);
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  pool = new pg.Pool({ connectionString: url.toString(), max: 1, types: numbers, ...(schema ? { options: '-c search_path=' + schema } : {}) });
  pools.set(text, pool);
  return pool;
}
workerData.port.on('message', async ({ url, sql, parameters }) => {
  let answer;
  try {
    answer = { rows: (await poolFor(url).query(sql, parameters)).rows };
  } catch (error) {
    answer = { error: String(error && error.message || error) };
  }
  workerData.port.postMessage(answer);
  Atomics.store(workerData.flag, 0, 1);
  Atomics.notify(workerData.flag, 0);
});`;

let bridge: { port: MessagePort; flag: Int32Array } | undefined;

function start(): { port: MessagePort; flag: Int32Array } {
  const { port1, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const pgPath = createRequire(import.meta.url).resolve('pg');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { port: port2, flag, pgPath }, transferList: [port2] });
  worker.unref();
  port1.unref();
  return { port: port1, flag };
}

/** `?` placeholders, as SQLite takes them, numbered as PostgreSQL takes them; a `?` inside quotes stays. */
export function numberedPlaceholders(query: string): string {
  let n = 0;
  let quote: string | undefined;
  let out = '';
  for (const char of query) {
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '?') {
      out += `$${++n}`;
      continue;
    }
    out += char;
  }
  return out;
}

export function queryPostgresSync<T>(url: string, query: string, parameters: readonly unknown[]): T[] {
  bridge ??= start();
  Atomics.store(bridge.flag, 0, 0);
  bridge.port.postMessage({ url, sql: numberedPlaceholders(query), parameters });
  Atomics.wait(bridge.flag, 0, 0, 60_000);
  const answer = receiveMessageOnPort(bridge.port)?.message as { rows?: T[]; error?: string } | undefined;
  if (!answer) throw new Error(`No answer from PostgreSQL within a minute to: ${query}`);
  if (answer.error !== undefined) throw new Error(`${answer.error} in: ${query}`);
  return answer.rows ?? [];
}
