import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoPlace, demoCli } from './support/demo-cli.js';

/**
 * What a comms lead met walking the programme week by week on the demo: any command can act as
 * if it were another time (`--now`), and `check`, `import` and `preview` say plainly what a
 * person in no wave and an unset NHSmail all-staff list mean.
 */

/** The demo's dates follow the day it is made: made on 24 November 2026, Wave 1 is the weekend of 20 February 2027. */
const place: DemoPlace = { dir: '', clock: new Date('2026-11-24T10:00:00Z') };
const { run, ok, file } = demoCli(place);
const AFTER_WAVE_1 = '2027-02-22T09:00:00Z';
const KIM = 'kim.contractor@northmoor-valley.example';
const LEE = 'lee.contractor@northmoor-valley.example';

/** A Get-MigrationUser export of one finished move. */
const movedFile = (name: string, email: string) =>
  file(name, `Identity,EmailAddress,BatchId,Status,StatusSummary\r\n${email},${email},Wave1,Completed,Completed\r\n`);

beforeAll(async () => {
  place.dir = mkdtempSync(join(tmpdir(), 'commsplan-walkthrough-'));
  await ok('demo', '--dir', 'demo');
  // Two contractors: a mailbox each, on no staff list, so in no wave.
  await ok(
    'import',
    'mailboxes',
    file(
      'Contractors.csv',
      `PrimarySmtpAddress,DisplayName,RecipientTypeDetails\r\n${KIM},Kim Contractor,UserMailbox\r\n${LEE},Lee Contractor,UserMailbox\r\n`,
    ),
  );
});
afterAll(() => rmSync(place.dir, { recursive: true, force: true }));

describe('--now, for every command', () => {
  it('lets check say what it will say after a wave, before or after the command name', async () => {
    const held = "welcome for Wave 1 waits for the wave's results";
    expect((await run('check', '--offline')).stdout).not.toContain(held);
    expect((await run('check', '--offline', '--now', AFTER_WAVE_1)).stdout).toContain(`BLOCKER  ${held}`);
    expect((await run('--now', AFTER_WAVE_1, 'check', '--offline')).stdout).toContain(`BLOCKER  ${held}`);
  });

  it('refuses a time it cannot read, naming the option, and is in every command’s help', async () => {
    const refused = await run('check', '--offline', '--now', 'next Monday');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('--now "next Monday" is not a time: write it as ISO 8601 with a zone');
    expect((await ok('check', '--help')).stdout).toMatch(/--now <time>\s+act as if it were this time/);
    expect((await ok('--help')).stdout).toContain('--now <time>');
  });
});

describe('people with a mailbox in no wave', () => {
  it('are named by check with what to do, once waves exist', async () => {
    const { stdout } = await run('check', '--offline');
    expect(stdout).toContain(
      `warning  2 people with a mailbox still to move are in no wave (${KIM}, ${LEE}), so no wave reminder goes to them`,
    );
    expect(stdout).toContain('Plan them into waves with: commsplan waves plan');
  });

  it('get a clear answer from preview of a wave email, which names --wave', async () => {
    const refused = await run('preview', 'wave-reminder', '--person', KIM);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      `${KIM} is in no wave, and template wave-reminder goes to the people of a wave: name the wave to preview it for with --wave NAME`,
    );
    expect((await ok('preview', 'wave-reminder', '--person', KIM, '--wave', 'Wave 1')).stdout).toContain('Kim');
  });

  it('are told apart by a results import before any wave has started, never "counts for null"', async () => {
    const { stdout, stderr } = await ok('import', 'migration-status', movedFile('Early.csv', KIM));
    expect(`${stdout}${stderr}`).not.toContain('null');
    expect(`${stdout}${stderr}`).toContain(
      `1 person in the file is in no wave and no wave has started yet, so no welcome or failed-migration email follows for them: ${KIM}`,
    );
  });

  it('count for the wave under way when the results are imported with --now after it started', async () => {
    const { stdout, stderr } = await ok('import', 'migration-status', movedFile('Moved.csv', KIM), '--now', AFTER_WAVE_1);
    expect(`${stdout}${stderr}`).toContain(`so their result counts for Wave 1, the latest wave that has started: ${KIM}`);
    expect(`${stdout}${stderr}`).toContain('Wave 1 (ended Sunday 21 February 2027): 1 moved');
  });

  it('are no longer named once they have moved or have a wave', async () => {
    expect((await run('check', '--offline')).stdout).toContain(`1 person with a mailbox still to move is in no wave (${LEE})`);
    await ok('import', 'people', file('Waves.csv', `Email,Wave\r\n${LEE},Wave 2\r\n`));
    expect((await run('check', '--offline')).stdout).not.toContain('in no wave');
  });
});

describe('the completion email', () => {
  it('is flagged by check while it would go to the old local all-staff list, until the NHSmail list is set', async () => {
    const warning = 'Activity completion (Tell all staff the move is complete) goes after the moves to the old local all-staff list';
    expect((await run('check', '--offline')).stdout).toContain(warning);
    expect((await run('check', '--offline')).stdout).toContain('commsplan settings set nhsmail-all-staff-address ADDRESS');
    await ok('settings', 'set', 'nhsmail-all-staff-address', 'northmoor.allstaff@nhs.net');
    expect((await run('check', '--offline')).stdout).not.toContain(warning);
  });
});
