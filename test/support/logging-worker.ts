/**
 * A worker process whose transport writes each message into a folder and then appends its
 * Message-ID to a log, so a test can count how often each message really went out: the folder
 * alone cannot show a duplicate, as it names files by Message-ID.
 * Arguments: workspace file, mail folder, log file, the time to start the clock at (ISO 8601).
 */
import { appendFileSync } from 'node:fs';
import { folderTransport } from '../../src/delivery/folder-transport.js';
import { runWorker } from '../../src/delivery/run-worker.js';
import type { MailTransport } from '../../src/senders/mail-transport.js';
import { SYSTEM_PORTS } from './cli-harness.js';
import { openTestStore } from './test-database.js';

const [dbPath, folder, log, startAt] = process.argv.slice(2) as [string, string, string, string];
const offset = Date.parse(startAt) - Date.now();
const clock = () => new Date(Date.now() + offset);
const store = await openTestStore(dbPath, { create: false });
const { id: orgId } = await store.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow();
const folderMail = folderTransport(folder, clock);
const loggingMail: MailTransport = {
  ...folderMail,
  async send(message) {
    const outcome = await folderMail.send(message);
    if (outcome.ok) appendFileSync(log, `${message.messageId}\n`);
    return outcome;
  },
};
const controller = new AbortController();
process.once('SIGTERM', () => controller.abort());
process.stdout.write('Worker started\n');
await runWorker({
  store,
  orgId,
  transportFor: () => loggingMail,
  now: clock,
  random: SYSTEM_PORTS.random,
  repeat: SYSTEM_PORTS.repeat,
  workerId: `logging-worker:${process.pid}`,
  signal: controller.signal,
  sleep: SYSTEM_PORTS.sleep,
  pollMs: 50,
});
await store.close();
process.stdout.write('Worker stopped\n');
