/**
 * The whole `waves plan` command on a trust's workspace: the generated organisation written as
 * the exports an administrator brings (mailboxes, statistics, the three kinds of permission
 * file, the staff list), imported with the built CLI, then planned as a dry run and timed. The
 * plan is checked as the in-memory ones are: every mailbox placed, every wave within its room.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { WaveSpace } from '../src/waves/partition-waves.js';
import { Right, type WavesOrganisation } from './waves-organisation.js';

const ROOT = resolve(import.meta.dirname, '..');
const GB = 1024 ** 3;

interface PlannedWaveRow {
  people: number;
  sharedMailboxes: number;
  bytes: number;
}

export interface WorkspacePlanResult {
  /** Planning inside the process, the workspace open and its people table built. */
  seconds: number[];
  /** The first plan, which builds the people table from the imports. */
  firstSeconds: number;
  /** The whole command as a person runs it, and `waves list` beside it: Node's start and opening the workspace. */
  commandSeconds: number;
  startSeconds: number;
  peakRssMb: number;
  placed: number;
  brokenWeight: number;
  fullestMailboxes: number;
  fullestBytes: number;
}

const address = (node: number) => `m${String(node).padStart(7, '0')}@bench.nhs.uk`;

/** The exports, each with the kind it is imported as. */
export function writeExports(dir: string, organisation: WavesOrganisation): [kind: string, file: string][] {
  const { nodeCount, links } = organisation;
  const lines = (header: string, rows: string[]) => `${header}\r\n${rows.join('\r\n')}\r\n`;
  const nodes = Array.from({ length: nodeCount }, (_, node) => node);
  const files: [string, string, string][] = [
    [
      'mailboxes',
      'Mailboxes.csv',
      lines(
        'PrimarySmtpAddress,DisplayName,RecipientTypeDetails',
        nodes.map((n) => `${address(n)},Mailbox ${n},${organisation.isShared[n] ? 'SharedMailbox' : 'UserMailbox'}`),
      ),
    ],
    [
      'mailbox-stats',
      'MailboxStatistics.csv',
      lines(
        'DisplayName,PrimarySmtpAddress,TotalItemSize,TotalDeletedItemSize',
        nodes.map((n) => `Mailbox ${n},${address(n)},${Math.round(organisation.sizes[n] as number)}B,0B`),
      ),
    ],
    [
      'people',
      'StaffInPost.csv',
      lines(
        'Email,First Name,Last Name,Department',
        nodes
          .filter((n) => !organisation.isShared[n] && (organisation.departments[n] as number) >= 0)
          .map((n) => `${address(n)},Person,${n},Department ${organisation.departments[n]}`),
      ),
    ],
  ];
  const mailboxRights: string[] = [];
  const sendOnBehalf: string[] = [];
  const calendar: string[] = [];
  for (let k = 0; k < links.length; k++) {
    const holder = address(links.from[k] as number);
    const mailbox = address(links.to[k] as number);
    const right = links.right[k];
    if (right === Right.fullAccess) mailboxRights.push(`${mailbox},${holder},FullAccess`);
    else if (right === Right.sendAs) mailboxRights.push(`${mailbox},${holder},SendAs`);
    else if (right === Right.sendOnBehalf) sendOnBehalf.push(`${mailbox},${holder}`);
    else {
      const level = right === Right.calendarReviewer ? 'Reviewer,' : right === Right.calendarEditor ? 'Editor,' : 'Editor,Delegate';
      calendar.push(`${mailbox}:\\Calendar,Calendar,${holder},${level}`);
    }
  }
  files.push(['permissions', 'MailboxPermissions.csv', lines('Mailbox,User,AccessRights', mailboxRights)]);
  files.push(['permissions', 'SendOnBehalf.csv', lines('PrimarySmtpAddress,GrantSendOnBehalfTo', sendOnBehalf)]);
  files.push(['permissions', 'CalendarPermissions.csv', lines('Identity,FolderName,User,AccessRights,SharingPermissionFlags', calendar)]);
  for (const [, name, text] of files) writeFileSync(join(dir, name), text);
  return files.map(([kind, name]) => [kind, name]);
}

/** Imports the organisation into a new workspace and times `waves plan --dry-run` on it, `runs` times. */
export function planWorkspace(organisation: WavesOrganisation, waves: readonly WaveSpace[], runs = 3): WorkspacePlanResult {
  const dir = mkdtempSync(join(tmpdir(), 'commsplan-waves-'));
  try {
    const cli = (...args: string[]) =>
      execFileSync(
        process.execPath,
        [join(ROOT, 'bin/commsplan.js'), '--now', '2027-01-04T09:00:00Z', '--db', join(dir, 'commsplan.db'), ...args],
        {
          cwd: dir,
          encoding: 'utf8',
          maxBuffer: 256 * 1024 * 1024,
        },
      );
    cli('init', '--org', 'Bench', '--start', '2027-01-04');
    for (const [kind, file] of writeExports(dir, organisation)) cli('import', kind, join(dir, file));
    const room = waves[0] as WaveSpace;
    for (let w = 0; w < waves.length; w++) cli('waves', 'add', '--start', saturday(w));
    const now = '2027-01-04T09:00:00Z';
    const gb = String(Math.floor(room.bytes / GB));
    // The first plan builds the people table from the imports; the runs timed after it read it.
    const plan = () =>
      JSON.parse(
        execFileSync(
          process.execPath,
          ['--import', 'tsx', join(ROOT, 'bench/plan-once.ts'), join(dir, 'commsplan.db'), String(room.mailboxes), gb, now],
          { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
        ),
      ) as { seconds: number; placed: number; brokenWeight: number; peakRssMb: number; waves: PlannedWaveRow[] };
    const first = plan();
    const timed = Array.from({ length: runs }, plan);
    const commandSeconds = timeProcess(() => cli('waves', 'plan', '--dry-run', '--capacity', String(room.mailboxes), '--capacity-gb', gb));
    const startSeconds = timeProcess(() => cli('waves', 'list'));
    const planned = timed.at(-1) ?? first;
    for (const wave of planned.waves) {
      if (wave.people + wave.sharedMailboxes > room.mailboxes || wave.bytes > room.bytes)
        throw new Error(`waves plan overfilled a wave: ${JSON.stringify(wave)}`);
    }
    return {
      seconds: timed.map((run) => run.seconds),
      firstSeconds: first.seconds,
      commandSeconds,
      startSeconds,
      peakRssMb: Math.max(...timed.map((run) => run.peakRssMb)),
      placed: planned.placed,
      brokenWeight: planned.brokenWeight,
      fullestMailboxes: Math.max(...planned.waves.map((w) => w.people + w.sharedMailboxes)),
      fullestBytes: Math.max(...planned.waves.map((w) => w.bytes)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function timeProcess(work: () => unknown): number {
  const started = performance.now();
  work();
  return (performance.now() - started) / 1000;
}

/** The Saturday of the `week`th weekend from 6 February 2027. */
function saturday(week: number): string {
  const date = new Date(Date.UTC(2027, 1, 6 + 7 * week));
  return date.toISOString().slice(0, 10);
}
