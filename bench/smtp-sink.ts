/**
 * Postfix's `smtp-sink` on loopback, one per pass, keeping every message it takes in one dump file
 * (`-D`), so that a pass can be checked afterwards: how many messages arrived, each one's
 * Message-ID and size. Every pass, ours and the baselines', goes into the same kind of sink.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, createReadStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface RunningSink {
  /** Stops the sink and waits for it, so that its dump is complete. */
  stop(): Promise<void>;
  dumpFile: string;
}

export async function startSink(port: number, dumpDir: string, name: string): Promise<RunningSink> {
  mkdirSync(dumpDir, { recursive: true });
  // As root, smtp-sink must drop to an unprivileged user, who must be able to write the dump.
  chmodSync(dumpDir, 0o777);
  const dumpFile = join(dumpDir, `${name}.dump`);
  rmSync(dumpFile, { force: true });
  const args = [...(process.getuid?.() === 0 ? ['-u', 'nobody'] : []), '-D', dumpFile, `127.0.0.1:${port}`, '1000'];
  const sink: ChildProcess = spawn('/usr/sbin/smtp-sink', args, { stdio: 'ignore' });
  const exited = new Promise<void>((done) => sink.once('exit', () => done()));
  await new Promise((done) => setTimeout(done, 300));
  if (sink.exitCode !== null) throw new Error(`smtp-sink stopped at once (exit ${sink.exitCode})`);
  return {
    dumpFile,
    async stop() {
      sink.kill();
      await exited;
    },
  };
}

export interface SinkDump {
  messages: number;
  /** How many times each Message-ID arrived. */
  messageIds: Map<string, number>;
  /** Messages that carried no Message-ID. */
  withoutId: number;
  /** The average size of a message as the client sent it (headers and body, CRLF line ends), in bytes. */
  averageBytes: number;
}

/**
 * Reads a dump: each message starts with the sink's own `X-Client-Addr:` lines and its `Received:`
 * header, then the message as the client sent it, then an empty line.
 */
export async function readSinkDump(dumpFile: string): Promise<SinkDump> {
  const messageIds = new Map<string, number>();
  let messages = 0;
  let withoutId = 0;
  let bytes = 0;
  let inSinkHeaders = false;
  let inHeaders = false;
  let id: string | undefined;
  let header = '';
  const readHeader = () => {
    const match = /^message-id:\s*(\S+)/i.exec(header);
    if (match && id === undefined) id = match[1];
    header = '';
  };
  const finish = () => {
    if (messages === 0) return;
    if (id === undefined) withoutId += 1;
    else messageIds.set(id, (messageIds.get(id) ?? 0) + 1);
  };
  const lines = createInterface({ input: createReadStream(dumpFile), crlfDelay: Number.POSITIVE_INFINITY });
  let previousBlank = false;
  for await (const line of lines) {
    if (line.startsWith('X-Client-Addr: ') && (messages === 0 || previousBlank)) {
      readHeader();
      finish();
      messages += 1;
      bytes -= 2; // the empty line the sink adds after each message
      inSinkHeaders = true;
      inHeaders = true;
      id = undefined;
      previousBlank = false;
      continue;
    }
    previousBlank = line === '';
    if (inSinkHeaders) {
      if (/^X-(Helo|Mail|Rcpt|Client)-/.test(line) || line.startsWith('Received: from') || /^\s/.test(line)) continue;
      inSinkHeaders = false;
    }
    bytes += line.length + 2;
    if (!inHeaders) continue;
    // A header may be folded onto the lines after it (Nodemailer folds a long Message-ID).
    if (/^\s/.test(line) && line !== '') {
      header += line;
      continue;
    }
    readHeader();
    header = line;
    if (line === '') inHeaders = false;
  }
  readHeader();
  finish();
  return { messages, messageIds, withoutId, averageBytes: messages > 0 ? bytes / messages : 0 };
}

/** Throws unless every expected Message-ID arrived exactly once and nothing else arrived. */
export function checkArrivals(what: string, dump: SinkDump, expected: Iterable<string>): void {
  const problems: string[] = [];
  let count = 0;
  for (const id of expected) {
    count += 1;
    const times = dump.messageIds.get(id) ?? 0;
    if (times !== 1 && problems.length < 5) problems.push(`${id} arrived ${times} times`);
  }
  if (dump.messages !== count) problems.push(`${dump.messages} messages arrived, ${count} were sent`);
  if (dump.withoutId > 0) problems.push(`${dump.withoutId} arrived without a Message-ID`);
  if (dump.messageIds.size !== count) problems.push(`${dump.messageIds.size} different Message-IDs arrived, ${count} were sent`);
  if (problems.length > 0) throw new Error(`${what}: ${problems.join('; ')}`);
}
