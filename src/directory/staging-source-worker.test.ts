import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StagingMessage, StagingWorkerInput } from './staging-source-worker.js';

/** The worker thread runs compiled code only, so these tests load the build (`npm test` builds first). */
const DIST = resolve(import.meta.dirname, '../../dist/directory');
const loadBuilt = async () => {
  expect(existsSync(join(DIST, 'staging-worker.js')), 'run "npm run build" first').toBe(true);
  const source: typeof import('./staging-source-worker.js') = await import(pathToFileURL(join(DIST, 'staging-source-worker.js')).href);
  const reader: typeof import('./read-table-file.js') = await import(pathToFileURL(join(DIST, 'read-table-file.js')).href);
  return { ...source, ...reader };
};

function threadCount(): number {
  return Number(/^Threads:\s+(\d+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
}

const settle = (milliseconds: number) => new Promise((done) => setTimeout(done, milliseconds));

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'commsplan-worker-'));
  path = join(dir, 'staff.csv');
  const rows = Array.from({ length: 20_000 }, (_, i) => `p${i}@trust.nhs.uk,Person ${i},Estates`);
  writeFileSync(path, ['Email,First Name,Department', ...rows].join('\r\n'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function input(): StagingWorkerInput {
  const stats = statSync(path);
  return { path, file: 'staff.csv', version: { size: stats.size, modifiedMs: stats.mtimeMs }, kind: 'people', dateOrder: 'en-GB' };
}

describe('the thread that checks a large file', () => {
  it('ends by itself once it has sent every batch, even if no one stops it', async () => {
    await loadBuilt();
    const worker = new Worker(join(DIST, 'staging-worker.js'), { workerData: input() });
    const messages: StagingMessage[] = [];
    worker.on('message', (message: StagingMessage) => {
      messages.push(message);
      if ('batch' in message) worker.postMessage('taken');
    });
    const exit = new Promise<number>((done) => worker.once('exit', done));
    // Long enough for a loaded machine to finish a small file; a thread kept alive never ends at all.
    const ended = await Promise.race([exit, settle(30_000).then(() => 'still running')]);
    if (ended === 'still running') await worker.terminate();
    expect(ended).toBe(0);
    expect(messages.at(-1)).toEqual({ done: true });
  });

  it('is stopped when the import stops reading half-way', async () => {
    const { openTableFile, stagedBatches } = await loadBuilt();
    await settle(100);
    const before = threadCount();
    const table = await openTableFile(path, 'staff.csv');
    const source = stagedBatches(table, input(), 0);
    expect(source.inWorker).toBe(true);
    const batches = source.batches[Symbol.asyncIterator]();
    const first = await batches.next();
    expect(first.done).toBe(false);
    await batches.return?.(undefined);
    await settle(200);
    expect(threadCount()).toBe(before);
  });
});
