/**
 * Writes the realistic trust's files into DIR, imports them with the CLI of the checkout this is run from
 * (the built CLI that `node bin/commsplan.js` runs, `dist/cli/run-cli.js`, after `npm run build` there;
 * COMMSPLAN_CHECKOUT names another checkout), and prints each audience's count beside the count worked
 * out from the model, and how many people with a working mailbox are in no audience at all. The CLI runs
 * in this process on the model's day (24 November 2026, 10:00 UTC), as the tests run it: on the real
 * date, leaving dates that have passed since would make people leavers the model does not count as such.
 *
 *   node --import tsx test/realistic-trust/count-audiences.ts DIR
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { allAudienceNames, expectedAnswers } from './expected-audiences.js';
import { leftByToday } from './staff-links.js';
import { buildTrust, WAVES } from './trust-model.js';
import { writeExports } from './write-exports.js';

const WAVE_STARTS = ['2027-01-16', '2027-02-13', '2027-03-13', '2027-04-17'];

const dir = resolve(process.argv[2] ?? '');
if (!process.argv[2]) throw new Error('say where to write the files: count-audiences.ts DIR');
mkdirSync(dir, { recursive: true });
if (readdirSync(dir).length > 0) throw new Error(`${dir} is not empty: give an empty or new folder`);
const checkout = resolve(process.env.COMMSPLAN_CHECKOUT ?? '.');
const bin = join(checkout, 'dist/cli/run-cli.js');
const db = join(dir, 'commsplan.db');
const MODEL_NOW = new Date('2026-11-24T10:00:00Z');
type RunCli = (
  args: string[],
  io: {
    stdout: { write: (text: string) => void };
    stderr: { write: (text: string) => void };
    env: Record<string, string>;
    cwd: string;
    now: () => Date;
    monotonicMs: () => number;
    sleep: (ms: number, signal: AbortSignal) => Promise<void>;
    random: () => number;
    newId: () => string;
  },
) => Promise<number>;
const { runCli } = (await import(pathToFileURL(bin).href)) as { runCli: RunCli };

async function commsplan(...args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const io = {
    stdout: {
      write: (text: string) => {
        stdout += text;
      },
    },
    stderr: { write: () => undefined },
    env: {},
    cwd: dir,
    now: () => MODEL_NOW,
    monotonicMs: () => performance.now(),
    sleep: async () => {},
    random: Math.random,
    newId: randomUUID,
  };
  const code = await runCli(['--db', db, ...args], io);
  return { code, stdout };
}

const trust = buildTrust();
const expected = expectedAnswers(trust);
const files = writeExports(trust, dir);
await commsplan('init', '--org', 'Northmoor Hospitals NHS Foundation Trust', '--start', '2026-12-07');
for (const [index, wave] of WAVES.entries()) await commsplan('waves', 'add', '--start', WAVE_STARTS[index] as string, '--name', wave);
console.log(`commsplan: ${bin}\n`);
for (const file of files) {
  const strict = await commsplan('import', 'auto', file.path);
  const lenient = strict.code === 0 ? undefined : await commsplan('import', 'auto', file.path, '--skip-invalid');
  const outcome = lenient ? `refused (exit ${strict.code}); with --skip-invalid: exit ${lenient.code}` : 'imported';
  console.log(`${file.label.padEnd(58)} ${outcome}`);
}

const inSomeAudience = new Set<string>();
const rows: string[][] = [['audience', 'commsplan', 'expected', 'missing', 'extra']];
for (const name of allAudienceNames()) {
  const shown = await commsplan('audience', 'show', name, '--json');
  let listed: string[] = [];
  try {
    listed = (JSON.parse(shown.stdout) as { people: { email?: string }[] }).people.map((each) => (each.email ?? '').toLowerCase());
  } catch {
    listed = [];
  }
  for (const address of listed) inSomeAudience.add(address);
  const want = expected.audiences.get(name) ?? [];
  const got = new Set(listed);
  const missing = want.filter((address) => !got.has(address)).length;
  const extra = [...got].filter((address) => !want.includes(address)).length;
  rows.push([name, shown.code === 0 ? String(listed.length) : `exit ${shown.code}`, String(want.length), String(missing), String(extra)]);
}

const working = trust.people.filter((person) => person.mailbox && !person.mailbox.disabled && !leftByToday(person));
const expectedMembers = new Set([...expected.audiences.values()].flat());
const left = (members: Set<string>) => working.filter((person) => !members.has(person.mailbox?.address.toLowerCase() ?? '')).length;
rows.push(['working mailboxes in no audience', String(left(inSomeAudience)), String(left(expectedMembers)), '', '']);
const width = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
console.log('');
for (const row of rows)
  console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(width[column] ?? 0) : cell.padStart(width[column] ?? 0))).join('  '));
console.log(`\n(${working.length} people have a working mailbox and have not left)`);
