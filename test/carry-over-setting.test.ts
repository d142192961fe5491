import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliSandbox } from './support/cli-harness.js';
import { sqlOnFile } from './support/sqlite-file.js';

/** Monday after Wave 1, when the results come in. */
const sandbox = cliSandbox(new Date('2027-02-22T10:00:00Z'));
const ok = async (...args: string[]) => {
  const result = await sandbox.run(...args);
  expect(result.code, `${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(0);
  return result;
};
const csv = (name: string, lines: string[]) => {
  writeFileSync(join(sandbox.dir, name), `${lines.join('\r\n')}\r\n`);
  return name;
};

beforeAll(async () => {
  await ok('init', '--org', 'Eastbrook Hospitals NHS Trust', '--start', '2026-12-07');
  await ok('waves', 'add', '--start', '2027-02-20');
  await ok('waves', 'add', '--start', '2027-02-27', '--capacity', '3');
  await ok('waves', 'add', '--start', '2027-03-06');
  await ok(
    'import',
    'people',
    csv('staff.csv', [
      'Email,First Name,Last Name,Wave',
      ...['a', 'b', 'c', 'd'].map((n) => `${n}@eastbrook.nhs.uk,${n},Test,Wave ${n === 'd' ? 2 : 1}`),
    ]),
  );
  await ok('import', 'people', csv('more.csv', ['Email,First Name,Last Name,Wave', 'e@eastbrook.nhs.uk,e,Test,Wave 2']));
  // Each has a mailbox to move: a wave's capacity counts the mailboxes it has still to move.
  await ok(
    'import',
    'mailboxes',
    csv('mailboxes.csv', [
      'PrimarySmtpAddress,DisplayName,RecipientTypeDetails',
      ...['a', 'b', 'c', 'd', 'e'].map((n) => `${n}@eastbrook.nhs.uk,"Test, ${n}",UserMailbox`),
    ]),
  );
});
afterAll(() => sandbox.cleanup());

const sql = <T>(query: string, ...parameters: unknown[]): T[] => sqlOnFile<T>(join(sandbox.dir, 'commsplan.db'), query, ...parameters);
/** A Wave 1 message still waiting in the outbox for a person, as the queue step writes it. */
const queueWave1Message = (activity: string, person: string) =>
  sql(
    `INSERT INTO outbox (org_id, message_key, occurrence_key, recipient, person_email, template_id, template_version, sender_name,
       fields_json, state, not_before, created_at)
     SELECT id, ?, ? || '@' || (SELECT w.id FROM waves w WHERE w.name = 'Wave 1'), ?, ?, ?, 'v1', 'local', '{}', 'queued',
       '2027-02-22T09:00:00.000Z', '2027-02-22T08:00:00.000Z' FROM organisations`,
    `${activity}-${person}`,
    activity,
    person,
    person,
    activity,
  );

describe('the carry-over-failed setting', () => {
  it('carries the failed of a finished wave into the next wave with room as soon as the results are imported', async () => {
    await ok('settings', 'set', 'carry-over-failed', 'yes');
    queueWave1Message('wave-reminder', 'a@eastbrook.nhs.uk');
    queueWave1Message('failed-migration', 'a@eastbrook.nhs.uk');
    expect((await ok('waves', 'list')).stdout).toMatch(/Wave 2 .* 3\n/);
    const result = await ok(
      'import',
      'migration-status',
      csv('results.csv', [
        'EmailAddress,Status',
        'a@eastbrook.nhs.uk,Failed',
        'b@eastbrook.nhs.uk,CompletionFailed',
        'c@eastbrook.nhs.uk,Completed',
      ]),
    );
    // Wave 2 has d and e in it and room for one more, so b goes on to Wave 3.
    expect(result.stdout).toContain('Carried over from Wave 1 to Wave 2 (setting carry-over-failed): a@eastbrook.nhs.uk');
    expect(result.stdout).toContain('Carried over from Wave 1 to Wave 3 (setting carry-over-failed): b@eastbrook.nhs.uk');
    const people = JSON.parse((await ok('waves', 'results', 'Wave 1', '--json')).stdout).people as {
      person: string;
      group: string;
      nowIn?: string;
    }[];
    expect(people.map((p) => [p.person, p.group, p.nowIn])).toEqual([
      ['a@eastbrook.nhs.uk', 'failed', 'Wave 2'],
      ['b@eastbrook.nhs.uk', 'failed', 'Wave 3'],
      ['c@eastbrook.nhs.uk', 'moved', undefined],
    ]);
    expect((await ok('audience', 'show', 'wave:Wave 2', '--json')).stdout).toContain('a@eastbrook.nhs.uk');
    // Carried over inside the import, so the failed-migration email, due now, can name their new wave: it is not held.
    const timeline = JSON.parse((await ok('timeline', '--json')).stdout) as {
      activityId: string;
      wave?: { name: string };
      heldBecause?: string;
    }[];
    const failedOfWave1 = timeline.find((o) => o.activityId === 'failed-migration' && o.wave?.name === 'Wave 1');
    expect(failedOfWave1?.heldBecause).toBeUndefined();
    // What was queued for the old wave is cancelled, except the news that the move failed.
    expect(sql('SELECT occurrence_key, state, last_error FROM outbox ORDER BY occurrence_key')).toEqual([
      { occurrence_key: 'failed-migration@1', state: 'queued', last_error: null },
      { occurrence_key: 'wave-reminder@1', state: 'cancelled', last_error: 'carried over from Wave 1 on 2027-02-22T10:00:00.000Z' },
    ]);
  });

  it('does not carry anyone over without the setting, and the failed-migration email waits until they are', async () => {
    await ok('settings', 'set', 'carry-over-failed', 'no');
    const result = await ok('import', 'migration-status', csv('again.csv', ['EmailAddress,Status', 'c@eastbrook.nhs.uk,Failed']));
    expect(result.stdout).not.toContain('Carried over');
    const timeline = JSON.parse((await ok('timeline', '--json')).stdout) as {
      activityId: string;
      wave?: { name: string };
      heldBecause?: string;
    }[];
    expect(timeline.find((o) => o.activityId === 'failed-migration' && o.wave?.name === 'Wave 1')?.heldBecause).toContain(
      '1 person has not been carried over into a later wave yet',
    );
    expect(
      JSON.parse((await ok('waves', 'results', 'Wave 1', '--json')).stdout).people.find(
        (p: { person: string }) => p.person === 'c@eastbrook.nhs.uk',
      ),
    ).toMatchObject({ group: 'failed' });
  });
});
