import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoPlace, demoCli } from './support/demo-cli.js';

/**
 * The results of each wave drive the emails after it, end to end: real migration-tool exports
 * are imported, the queue and the worker send through a real SMTP server, and who got which
 * email at which address is read back from what the server received, person by person.
 * The tests up to 'completion' are steps of one story in one workspace and run in order: each
 * starts where the one before left off, so run the file, not one of them alone.
 */

interface Received {
  to: string;
  subject: string;
  messageId: string;
  /** The message as the server got it, quoted-printable soft line breaks joined. */
  raw: string;
}

const WELCOME = 'Welcome to NHSmail';
const FAILED = 'Your move to NHSmail did not work: what happens next';
const NOT_FINISHED = 'Your move to NHSmail has not finished yet';
const REMINDER = 'Your email moves to NHSmail this weekend';
const DOMAIN = 'northmoor-valley.example';
const at = (local: string) => `${local}@${DOMAIN}`;

/** Every Get-MigrationUser status (the MigrationUserStatus enumeration), one Wave 1 person each, with what it must lead to. */
const EXCHANGE_STATUSES: readonly [status: string, summary: string, email: 'welcome' | 'failed' | 'not-finished'][] = [
  ['Completed', 'Completed', 'welcome'],
  ['CompletedWithWarnings', 'Completed', 'welcome'],
  ['Failed', 'Failed', 'failed'],
  ['IncrementalFailed', 'Failed', 'failed'],
  ['CompletionFailed', 'Failed', 'failed'],
  ['Corrupted', 'Failed', 'failed'],
  ['Queued', 'Active', 'not-finished'],
  ['Syncing', 'Active', 'not-finished'],
  ['Synced', 'Synced', 'not-finished'],
  ['Completing', 'Active', 'not-finished'],
  ['Provisioning', 'Active', 'not-finished'],
  ['ProvisionUpdating', 'Active', 'not-finished'],
  ['CompletionSynced', 'Synced', 'not-finished'],
  ['Validating', 'Active', 'not-finished'],
  ['IncrementalSyncing', 'Active', 'not-finished'],
  ['IncrementalSynced', 'Synced', 'not-finished'],
  ['Stopped', 'Stopped', 'not-finished'],
  ['IncrementalStopped', 'Stopped', 'not-finished'],
];
const w1 = (status: string) => at(`w1.${status.toLowerCase()}`);

/** Every MigrationWiz status, one Wave 2 person each: [slug, Last Status, Last Migration Type, what it must lead to]. */
const MIGRATIONWIZ_STATUSES: readonly [slug: string, status: string, pass: string, email: 'welcome' | 'failed' | 'not-finished'][] = [
  ['completed', 'Completed', 'Full/UserMigrationBundle', 'welcome'],
  ['successful', 'Completed (Successful)', 'Full/UserMigrationBundle', 'welcome'],
  ['prestage', 'Completed', 'PreStage/UserMigrationBundle', 'not-finished'],
  ['prestage-label', 'Completed (Pre-Stage)', 'PreStage/UserMigrationBundle', 'not-finished'],
  ['trial', 'Completed (Trial)', 'Trial/UserMigrationBundle', 'not-finished'],
  ['failed', 'Failed', 'Full/UserMigrationBundle', 'failed'],
  ['completed-failed', 'Completed (Failed)', 'Full/UserMigrationBundle', 'failed'],
  ['max-transfer', 'MaximumTransferReached', 'Full/UserMigrationBundle', 'failed'],
  ['stopped', 'Stopped', 'Full/UserMigrationBundle', 'not-finished'],
  ['completed-stopped', 'Completed (Stopped)', 'Full/UserMigrationBundle', 'not-finished'],
  ['not-submitted', 'Not Submitted', '', 'not-finished'],
  ['not-migrated', 'NotMigrated', '', 'not-finished'],
  ['submitted', 'Submitted', 'Full/UserMigrationBundle', 'not-finished'],
  ['submitted-later', 'Submitted (will start in 2 hours)', 'Full/UserMigrationBundle', 'not-finished'],
  ['queued', 'Queued', 'Full/UserMigrationBundle', 'not-finished'],
  ['waiting-for-user', 'Waiting for User', 'Full/UserMigrationBundle', 'not-finished'],
  ['waiting-end-user', 'WaitingForEndUser', 'Full/UserMigrationBundle', 'not-finished'],
  ['processing', 'Processing', 'Full/UserMigrationBundle', 'not-finished'],
  ['running', 'Running', 'Full/UserMigrationBundle', 'not-finished'],
  ['stopping', 'Stopping', 'Full/UserMigrationBundle', 'not-finished'],
];
const w2 = (slug: string) => at(`w2.${slug}`);

const q = (cells: readonly string[]) => cells.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(',');

/** Get-MigrationUser | Export-Csv as Windows PowerShell 5.1 writes it: a #TYPE line, every value quoted, CRLF. */
function migrationUserExport(rows: readonly [email: string, status: string, summary: string][]): string {
  const header = q([
    'Identity',
    'Identifier',
    'BatchId',
    'EmailAddress',
    'RecipientType',
    'SkippedItemCount',
    'SyncedItemCount',
    'MailboxGuid',
    'LastSuccessfulSyncTime',
    'Status',
    'StatusSummary',
  ]);
  const line = ([email, status, summary]: [string, string, string], n: number) =>
    q([
      email,
      email,
      'Wave1-Batch',
      email,
      'Mailbox',
      '0',
      String(1200 + n),
      `5b9a6f0e-8c1d-4c77-9d55-${String(n).padStart(12, '0')}`,
      '21/02/2027 02:14:09',
      status,
      summary,
    ]);
  return `${['#TYPE Microsoft.Exchange.Migration.MigrationUser', header, ...rows.map(line)].join('\r\n')}\r\n`;
}

/** A MigrationWiz project's statistics export: source and destination addresses, pass type and status. */
function migrationWizExport(rows: readonly [source: string, destination: string, pass: string, status: string][]): string {
  const header =
    'Mailbox Id,Source Email Address,Destination Email Address,Total Success Count,Total Success Size (bytes),Migrations Performed,Last Migration Type,Last Status,Last Status Details';
  const line = ([source, destination, pass, status]: [string, string, string, string], n: number) =>
    [`4b8e2c1a-0d3f-4e55-a1b2-${String(n).padStart(12, '0')}`, source, destination, '100', '1048576', '1', pass, `"${status}"`, ''].join(
      ',',
    );
  return `${[header, ...rows.map(line)].join('\r\n')}\r\n`;
}

/** The demo's dates follow the day it is made: made on 24 November 2026, Wave 1 is the weekend of 20 February 2027. */
const place: DemoPlace = { dir: '', clock: new Date('2026-11-24T10:00:00Z') };
const { run, ok, sql, file } = demoCli(place);
const received: Received[] = [];
let server: SMTPServer;

/** Sends what is due at `time`, as a scheduler would. */
async function sendDueAt(time: string, ...more: string[]) {
  place.clock = new Date(time);
  return ok('send', '--due', '--now', time, ...more);
}
/** Who got an email with this subject, each address once, sorted. */
const recipientsOf = (subject: string) => [...new Set(received.filter((r) => r.subject === subject).map((r) => r.to))].sort();

const WAVE_1_PEOPLE = [...EXCHANGE_STATUSES.map(([status]) => w1(status)), at('w1.twice')];
const WAVE_2_PEOPLE = MIGRATIONWIZ_STATUSES.map(([slug]) => w2(slug));

beforeAll(async () => {
  server = new SMTPServer({
    secure: false,
    hideSTARTTLS: true,
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        for (const to of session.envelope.rcptTo)
          received.push({
            to: to.address,
            subject: /^Subject: (.*)$/im.exec(raw)?.[1]?.trim() ?? '',
            messageId: /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? '',
            raw: raw.replace(/=\r?\n/g, ''),
          });
        callback(null, 'Ok: queued');
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;

  place.dir = mkdtempSync(join(tmpdir(), 'commsplan-wave-results-'));
  await ok('demo', '--dir', 'demo', '--plan-only');
  const everyone = [...WAVE_1_PEOPLE, ...WAVE_2_PEOPLE, at('eve.nowave')];
  await ok(
    'import',
    'mailboxes',
    file(
      'Mailboxes.csv',
      `PrimarySmtpAddress,DisplayName,RecipientTypeDetails\r\n${everyone.map((email) => `${email},"${email.split('@')[0]}",UserMailbox`).join('\r\n')}\r\n`,
    ),
  );
  const wave = (email: string) => (email.startsWith('w1.') ? 'Wave 1' : email.startsWith('w2.') ? 'Wave 2' : '');
  await ok(
    'import',
    'people',
    file(
      'Staff.csv',
      `Email,First Name,Last Name,Wave\r\n${everyone.map((email) => `${email},${email.split('@')[0]},Tester,${wave(email)}`).join('\r\n')}\r\n`,
    ),
  );
  // NHSmail accounts known before the move for two Wave 1 people; the others' come with the MigrationWiz file.
  await ok(
    'import',
    'address-map',
    file('AddressMap.csv', `Source Email,Target Email\r\n${w1('Completed')},w1.completed@nhs.net\r\n${w1('Failed')},w1.failed@nhs.net\r\n`),
  );
  await ok(
    'sender',
    'add',
    'nhsmail',
    '--smtp',
    `127.0.0.1:${port}`,
    '--security',
    'none',
    '--from',
    'nhsmail.project@nhs.net',
    '--per-minute',
    '1000',
  );
  await ok('settings', 'set', 'all-staff-address', at('all.staff'));
  // The staff list is imported once and the clock runs on for months: its age is not what is tested here.
  await ok('settings', 'set', 'data-max-age-days', '365');
  // Nobody is in Waves 3 and 4 yet: the reminders are approved anyway.
  for (const activity of ['wave-reminder', 'welcome', 'failed-migration', 'move-not-finished', 'completion'])
    await ok('approve', activity, '--by', 'Priya Shah', '--anyway');
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(place.dir, { recursive: true, force: true });
});

describe('the results of each wave drive the emails after it', () => {
  it('reminds everyone in Wave 1 in the week of the move, and the proof before the weekend says so', async () => {
    await sendDueAt('2027-02-17T09:00:00Z');
    expect(recipientsOf(REMINDER)).toEqual([...WAVE_1_PEOPLE].sort());
    place.clock = new Date('2027-02-19T12:00:00Z');
    const proof = JSON.parse((await ok('report', 'wave', 'Wave 1', '--json')).stdout);
    expect(proof.notSent).toBe(0);
    expect(proof.counts).toEqual({ sent: WAVE_1_PEOPLE.length });
    expect(proof.people.find((p: { person: string }) => p.person === w1('Completed'))).toMatchObject({
      status: 'sent',
      at: '2027-02-17T09:00:00.000Z',
      recipient: w1('Completed'),
    });
    expect((await run('check')).stdout).not.toContain('have not been sent the reminder');
  });

  it('holds the welcome and failed-migration emails until the results are in, and says why', async () => {
    const before = received.length;
    const held = await sendDueAt('2027-02-22T09:00:00Z');
    expect(received.length).toBe(before);
    expect(held.stderr).toContain("welcome@1 is held: welcome for Wave 1 waits for the wave's results");
    expect(held.stderr).toContain('failed-migration@1 is held');
    expect((await run('check')).stdout).toContain("BLOCKER  welcome for Wave 1 waits for the wave's results");
    expect((await ok('timeline')).stdout).toContain("Held: welcome (Wave 1): welcome for Wave 1 waits for the wave's results");
  });

  it('imports a Get-MigrationUser export with every status: later rows win, strangers are listed, nothing is fatal', async () => {
    place.clock = new Date('2027-02-22T09:30:00Z');
    const rows: [string, string, string][] = [
      [at('w1.twice'), 'Completed', 'Completed'],
      ...EXCHANGE_STATUSES.map(([status, summary]): [string, string, string] => [w1(status), status, summary]),
      [at('w1.twice'), 'Failed', 'Failed'],
      [at('nobody'), 'Completed', 'Completed'],
      [at('eve.nowave'), 'Completed', 'Completed'],
    ];
    const result = await ok('import', 'migration-status', file('MigrationUsers.csv', migrationUserExport(rows)));
    expect(result.stdout).toContain(
      `row 3, Status "Completed" is replaced by the later row ${rows.length} for the same person ("Failed"): the later row wins`,
    );
    expect(result.stdout).toContain(`1 address in the file is nobody commsplan knows`);
    expect(result.stdout).toContain(at('nobody'));
    expect(result.stdout).toContain(
      `1 person in the file has no wave on the staff list (not on it, or its wave column is empty), so their result counts for Wave 1, the latest wave that has started: ${at('eve.nowave')}`,
    );
    // Eve, in no wave, moved with Wave 1: three moved.
    expect(result.stdout).toContain('Wave 1 (ended Sunday 21 February 2027): 3 moved, who get the welcome email; 5 failed');
    expect(result.stdout).toContain('12 not finished');
  });

  it('welcomes the moved at their NHSmail address when known, tells the rest their move has not finished, and holds the failed until carried over', async () => {
    const before = received.length;
    const sent = await sendDueAt('2027-02-22T09:05:00Z');
    // The failed-migration email names each person's new wave: it waits until they are carried over.
    expect(sent.stderr).toContain(
      'failed-migration@1 is held: failed-migration for Wave 1 names the wave each person whose move failed now moves in, and 5 people have not been carried over into a later wave yet',
    );
    const now = received.slice(before);
    const got = (email: string) => now.filter((r) => r.to === email || r.to === email.replace(`@${DOMAIN}`, '@nhs.net'));
    // Worked out by hand from the status table: the NHSmail address only where the address map gave one.
    expect(got(w1('Completed')).map((r) => [r.to, r.subject])).toEqual([['w1.completed@nhs.net', WELCOME]]);
    expect(got(w1('CompletedWithWarnings')).map((r) => [r.to, r.subject])).toEqual([[w1('CompletedWithWarnings'), WELCOME]]);
    for (const [status, , email] of EXCHANGE_STATUSES) {
      const subjects = got(w1(status)).map((r) => r.subject);
      expect(subjects, status).toEqual(email === 'welcome' ? [WELCOME] : email === 'failed' ? [] : [NOT_FINISHED]);
    }
    // Not-finished emails go to the old address, where the mail still is; nobody gets it and the welcome.
    expect(got(w1('Syncing')).map((r) => r.to)).toEqual([w1('Syncing')]);
    // Eve has no wave on the staff list; her move counts for Wave 1, the wave under way, so she is welcomed too.
    expect(got(at('eve.nowave')).map((r) => r.subject)).toEqual([WELCOME]);
    expect(new Set(now.map((r) => r.messageId)).size).toBe(now.length);
    expect(now).toHaveLength(3 + 12);

    const report = await ok('report');
    expect(report.stdout).toContain('welcome@1 goes to 1 NHSmail addresses and 2 old addresses');
    const results = JSON.parse((await ok('waves', 'results', 'Wave 1', '--json')).stdout).people as {
      person: string;
      group: string;
      email?: { activityId: string; recipient: string; toNhsmail: boolean };
    }[];
    expect(results.find((p) => p.person === w1('Completed'))).toMatchObject({
      group: 'moved',
      email: { activityId: 'welcome', recipient: 'w1.completed@nhs.net', toNhsmail: true },
    });
    expect(results.find((p) => p.person === w1('Syncing'))).toMatchObject({ group: 'not finished' });
    expect(results.find((p) => p.person === w1('Syncing'))?.email).toBeUndefined();
    expect(results.filter((p) => p.group === 'not finished')).toHaveLength(12);
  });

  it('welcomes someone whose move finished after the welcome went, and still never welcomes the failed', async () => {
    place.clock = new Date('2027-02-23T08:00:00Z');
    await ok('import', 'migration-status', file('Later.csv', migrationUserExport([[w1('Syncing'), 'Completed', 'Completed']])));
    const before = received.length;
    await sendDueAt('2027-02-23T09:00:00Z');
    expect(received.slice(before).map((r) => [r.to, r.subject])).toEqual([[w1('Syncing'), WELCOME]]);
    // Told on Monday that the move had not finished, and welcomed once it had: never both at once.
    expect(received.filter((r) => r.to === w1('Syncing')).map((r) => r.subject)).toEqual([REMINDER, NOT_FINISHED, WELCOME]);
    const failed = EXCHANGE_STATUSES.filter(([, , email]) => email === 'failed').map(([status]) => w1(status));
    for (const person of [...failed, at('w1.twice')])
      expect(received.filter((r) => r.subject === WELCOME && r.to.startsWith(person.split('@')[0] as string))).toEqual([]);
  });
});

describe('failed people move on', () => {
  const failedInWave1 = [w1('Failed'), w1('IncrementalFailed'), w1('CompletionFailed'), w1('Corrupted'), at('w1.twice')].sort();
  const carried = () =>
    sql<{ person_email: string; to_wave: string }>('SELECT person_email, to_wave FROM wave_carry_overs ORDER BY person_email');

  it('refuses a carry-over into a past or full wave, with sizes, and changes nothing', async () => {
    place.clock = new Date('2027-02-23T10:00:00Z');
    const past = await run('waves', 'carry-over', 'Wave 1', '--to', 'Wave 1');
    expect([past.code, past.stderr]).toEqual([2, expect.stringContaining('does not come after Wave 1')]);
    await ok('waves', 'capacity', 'Wave 2', '22');
    const full = await run('waves', 'carry-over', 'Wave 1', '--to', 'Wave 2');
    expect(full.code).toBe(2);
    expect(full.stderr).toContain('Wave 2 is full: it has 20 people for 22 places, so it has room for 2, not 5.');
    expect(full.stderr).toContain('Nothing was changed.');
    expect(carried()).toEqual([]);
    expect(sql("SELECT * FROM audit_log WHERE action = 'carried-over'")).toEqual([]);
  });

  it('carries the failed into the next wave with room, whose reminder then finds them', async () => {
    await ok('waves', 'capacity', 'Wave 2', 'none');
    await ok('waves', 'capacity', 'Wave 3', '3');
    const result = await ok('waves', 'carry-over', 'Wave 1', '--by', 'Priya Shah');
    expect(result.stdout).toContain('Carried over from Wave 1 to Wave 2: 5 people');
    expect(carried().map((c) => [c.person_email, c.to_wave])).toEqual(failedInWave1.map((p) => [p, 'Wave 2']));
    expect(sql<{ actor: string }>("SELECT actor FROM audit_log WHERE action = 'carried-over'")).toEqual([{ actor: 'Priya Shah' }]);
    expect((await ok('waves', 'carry-over', 'Wave 1')).stdout).toContain('Nobody whose move in Wave 1 failed is left to carry over');

    const before = received.length;
    await sendDueAt('2027-02-24T09:00:00Z');
    expect(recipientsOf(REMINDER).filter((r) => !r.startsWith('w1.') || failedInWave1.includes(r))).toEqual(
      [...WAVE_2_PEOPLE, ...failedInWave1].sort(),
    );
    // Now that they are carried over, Wave 1's failed-migration email goes, naming Wave 2 and its dates.
    expect(
      received
        .slice(before)
        .filter((r) => r.subject !== REMINDER)
        .map((r) => [r.to, r.subject])
        .sort(),
    ).toEqual(failedInWave1.map((person) => [person, FAILED]));
    const failedFields = sql<{ fields_json: string }>("SELECT fields_json FROM outbox WHERE occurrence_key = 'failed-migration@1'");
    expect(failedFields.map((row) => JSON.parse(row.fields_json))).toEqual(
      failedInWave1.map(() =>
        expect.objectContaining({
          'moves in a later wave': 'yes',
          'helpdesk takes over': 'no',
          'new wave name': 'Wave 2',
          'new wave dates': 'Saturday 27 February 2027 to Sunday 28 February 2027',
        }),
      ),
    );
    expect(sql("SELECT count(*) AS n FROM outbox WHERE occurrence_key = 'failed-migration@1' AND state = 'sent'")).toEqual([{ n: 5 }]);
  });

  it("reads Wave 2's MigrationWiz export: the carried-over who moved are welcomed, and who failed twice goes to the helpdesk", async () => {
    place.clock = new Date('2027-03-01T08:00:00Z');
    const rows: [string, string, string, string][] = [
      ...MIGRATIONWIZ_STATUSES.map(([slug, status, pass]): [string, string, string, string] => [
        w2(slug),
        `w2.${slug}@nhs.net`,
        pass,
        status,
      ]),
      [w1('Failed'), 'w1.failed@nhs.net', 'Full/UserMigrationBundle', 'Completed'],
      [w1('IncrementalFailed'), 'w1.incrementalfailed@nhs.net', 'Full/UserMigrationBundle', 'Failed'],
      [w1('CompletionFailed'), 'w1.completionfailed@nhs.net', 'Full/UserMigrationBundle', 'Completed'],
      // w1.corrupted's result is not in this export: they hear nothing from Wave 2's results yet.
      [at('w1.twice'), 'w1.twice@nhs.net', 'Full/UserMigrationBundle', 'Completed'],
    ];
    const imported = await ok('import', 'auto', file('MigrationWiz.csv', migrationWizExport(rows)));
    expect(imported.stdout).toContain('Imported migration-status');
    expect(imported.stdout).toContain(`1 person has now failed to move twice and is not carried over again: ${w1('IncrementalFailed')}`);

    const before = received.length;
    const sent = await sendDueAt('2027-03-01T09:00:00Z');
    expect(sent.stderr).toContain('failed-migration@2 is held');
    const now = received.slice(before);
    const bySubject = (subject: string) =>
      now
        .filter((r) => r.subject === subject)
        .map((r) => r.to)
        .sort();
    const welcomed = [
      ...MIGRATIONWIZ_STATUSES.filter(([, , , email]) => email === 'welcome').map(([slug]) => `w2.${slug}@nhs.net`),
      'w1.failed@nhs.net',
      'w1.completionfailed@nhs.net',
      'w1.twice@nhs.net',
    ].sort();
    expect(bySubject(WELCOME)).toEqual(welcomed);
    expect(bySubject(FAILED)).toEqual([]);
    const unfinished = MIGRATIONWIZ_STATUSES.filter(([, , , email]) => email === 'not-finished').map(([slug]) => w2(slug));
    expect(bySubject(NOT_FINISHED)).toEqual(unfinished.sort());
    expect(now).toHaveLength(welcomed.length + unfinished.length);
    expect(now.filter((r) => r.to.startsWith('w1.corrupted'))).toEqual([]);

    const helpdesk = JSON.parse((await ok('waves', 'helpdesk', '--json')).stdout);
    expect(helpdesk.people).toEqual([{ person: w1('IncrementalFailed'), waves: ['Wave 1', 'Wave 2'], why: 'failed twice' }]);
    place.clock = new Date('2027-03-02T10:00:00Z');
    const again = await ok('waves', 'carry-over', 'Wave 2');
    expect(again.stdout).toContain(
      `Failed twice, so listed for the helpdesk instead (commsplan waves helpdesk): ${w1('IncrementalFailed')}`,
    );
    expect(again.stdout).toContain('Carried over from Wave 2 to Wave 3: 3 people');
    expect(carried().filter((c) => c.person_email === w1('IncrementalFailed'))).toEqual([
      { person_email: w1('IncrementalFailed'), to_wave: 'Wave 2' },
    ]);
    // Carried over, the failed of Wave 2 are told Wave 3; who failed twice is told the helpdesk route.
    const beforeCarried = received.length;
    const carriedSend = await sendDueAt('2027-03-02T10:05:00Z');
    // w1.corrupted, told about Wave 2 already, has no result from it: that holds nothing back.
    expect(carriedSend.stderr).not.toContain('is held');
    const failedOfWave2 = MIGRATIONWIZ_STATUSES.filter(([, , , email]) => email === 'failed').map(([slug]) => w2(slug));
    expect(received.slice(beforeCarried).map((r) => [r.to, r.subject])).toEqual(
      expect.arrayContaining([...failedOfWave2, w1('IncrementalFailed')].map((person) => [person, FAILED])),
    );
    const next = new Map(
      sql<{ person_email: string; fields_json: string }>(
        "SELECT person_email, fields_json FROM outbox WHERE occurrence_key = 'failed-migration@2'",
      ).map((row) => [row.person_email, JSON.parse(row.fields_json)]),
    );
    for (const person of failedOfWave2)
      expect(next.get(person), person).toMatchObject({ 'new wave name': 'Wave 3', 'helpdesk takes over': 'no' });
    expect(next.get(w1('IncrementalFailed'))).toMatchObject({ 'moves in a later wave': 'no', 'helpdesk takes over': 'yes' });
    expect(next.get(w1('IncrementalFailed'))).not.toHaveProperty('new wave name');
    // Who failed twice is told it is the second time; who failed once is not.
    const secondTime = 'This is the second time your move has not worked.';
    const failedMail = (person: string) => received.slice(beforeCarried).find((r) => r.to === person && r.subject === FAILED)?.raw;
    expect(failedMail(w1('IncrementalFailed'))).toContain(secondTime);
    for (const person of failedOfWave2) expect(failedMail(person), person).not.toContain('second time');
  });
});

describe('proof before the weekend', () => {
  it('is a blocker when a wave is 24 hours away with reminders not sent, and its CSV is safe in a spreadsheet', async () => {
    // Wave 3 starts on Saturday 13 March; its reminder (10 March) was never sent in this story.
    sql("UPDATE occurrence_states SET state = 'paused' WHERE occurrence_key = 'wave-reminder@3'");
    sql('UPDATE mailboxes SET display_name = ? WHERE email = ?', '=HYPERLINK("http://x.example","click")', w2('failed'));
    sql('UPDATE directory_state SET stale = 1');
    place.clock = new Date('2027-03-11T23:00:00Z');
    expect((await run('check')).stdout).not.toContain('BLOCKER  Wave 3 starts on');
    place.clock = new Date('2027-03-12T01:00:00Z');
    const check = await run('check');
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(
      'BLOCKER  Wave 3 starts on Saturday 13 March 2027, and 3 of the 3 people moving in it have not been sent the reminder (3 never queued). See who: commsplan report wave "Wave 3"',
    );
    const report = await ok('report', 'wave', 'Wave 3', '--csv', 'wave-3.csv');
    expect(report.stdout).toContain('wave-3.csv');
    const csv = readFileSync(join(place.dir, 'wave-3.csv'), 'utf8');
    expect(csv.split('\r\n')[0] ?? csv.split('\n')[0]).toContain('Person,Name,Reminder,When,Sent to,Reason');
    expect(csv).toContain("'=HYPERLINK");
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(csv.match(/never queued/g)).toHaveLength(3);
  });
});

describe('completion', () => {
  it('is held while people are left unmoved, says why, and goes on its own date once the remainder is accepted', async () => {
    const completionDue = '2027-03-30T08:00:00.000Z'; // 5 working days after Wave 4; British Summer Time from 28 March
    // Wave 4's reminder was approved and never sent before Wave 4 started: it is held, not sent late.
    const held = await sendDueAt('2027-03-30T08:00:00Z');
    expect(held.stderr).toContain(
      'wave-reminder for Wave 4 was not sent before Wave 4 started on Saturday 20 March 2027, and is not sent now',
    );
    expect(held.stderr).toContain('completion is held: The completion email waits until everyone has moved');
    expect(sql("SELECT * FROM outbox WHERE occurrence_key = 'completion'")).toEqual([]);
    const check = await run('check');
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(
      /BLOCKER {2}The completion email waits until everyone has moved: \d+ people with a local mailbox have not moved yet/,
    );
    expect(check.stdout).toContain('commsplan waves accept-remainder --by NAME');

    place.clock = new Date('2027-03-30T08:20:00Z');
    // Everyone who moved reads NHSmail now: the completion email goes to its all-staff list.
    await ok('settings', 'set', 'nhsmail-all-staff-address', 'all.staff@nhs.net');
    await ok('approve', 'completion', '--by', 'Priya Shah');
    place.clock = new Date('2027-03-30T08:30:00Z');
    const accepted = await ok('waves', 'accept-remainder', '--by', 'Programme Board', '--reason', 'Leavers and long-term absence');
    expect(accepted.stdout).toMatch(/Accepted by Programme Board: \d+ people left unmoved/);
    expect(sql<{ actor: string }>("SELECT actor FROM audit_log WHERE action = 'remainder-accepted'")).toEqual([
      { actor: 'Programme Board' },
    ]);
    const before = received.length;
    await sendDueAt('2027-03-30T09:00:00Z');
    expect(received.slice(before).map((r) => [r.to, r.subject])).toEqual([
      ['all.staff@nhs.net', 'Northmoor Valley NHS Trust has finished moving to NHSmail'],
    ]);
    const left = Number(/Accepted by Programme Board: (\d+) people/.exec(accepted.stdout)?.[1]);
    // Those the failed-migration email sent to the helpdesk are on its list: failed twice, or failed with no wave left.
    const helpdesk = JSON.parse((await ok('waves', 'helpdesk', '--json')).stdout).people as { person: string; why: string }[];
    expect(helpdesk).toContainEqual(expect.objectContaining({ person: w1('IncrementalFailed'), why: 'failed twice' }));
    expect(helpdesk).toContainEqual(expect.objectContaining({ person: w1('Corrupted'), why: 'no wave left' }));
    const completion = sql<{ not_before: string; fields_json: string }>(
      "SELECT not_before, fields_json FROM outbox WHERE occurrence_key = 'completion'",
    );
    expect(completion.map((row) => row.not_before)).toEqual([completionDue]);
    // It says how many moved and how many were accepted as not moving, counted when it was queued.
    expect(JSON.parse(completion[0]?.fields_json ?? '{}')).toMatchObject({
      'people not moving': `${left} people`,
      'remainder accepted': 'yes',
      'people moved': expect.stringMatching(/^\d+ people$/),
    });
  });
});

describe('accepting the remainder', () => {
  // A workspace of its own, so that this runs alone as well as after the story above.
  const own: DemoPlace = { dir: '', clock: new Date('2026-11-24T10:00:00Z') };
  const mine = demoCli(own);
  beforeAll(async () => {
    own.dir = mkdtempSync(join(tmpdir(), 'commsplan-remainder-'));
    await mine.ok('demo', '--dir', 'demo', '--plan-only');
    // One remainder already accepted, once every wave has ended.
    own.clock = new Date('2027-03-30T08:30:00Z');
    await mine.ok('waves', 'accept-remainder', '--by', 'Programme Board');
  });
  afterAll(() => rmSync(own.dir, { recursive: true, force: true }));

  it('refuses to accept a remainder while a wave is still to end, and records nothing', async () => {
    const { run, sql } = mine;
    own.clock = new Date('2027-03-20T10:00:00Z');
    const result = await run('waves', 'accept-remainder', '--by', 'Someone');
    expect([result.code, result.stderr]).toEqual([2, expect.stringContaining('Wave 4 has not ended yet')]);
    expect(sql('SELECT count(*) AS n FROM remainder_acceptances')).toEqual([{ n: 1 }]);
  });
});
