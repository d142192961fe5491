import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoPlace, demoCli } from './support/demo-cli.js';

/**
 * The demo's month-2 emails to owners and users, as the queue step fills them for each person:
 * the same path `send --due` takes, with the demo's lists, owners, rights and sizes.
 */
const at = (local: string) => `${local}@northmoor-valley.example`;
/** The demo made on 24 November 2026 sends its month-2 emails on 7 January 2027. */
const MONTH_2 = '2027-01-07T12:00:00Z';

const place: DemoPlace = { dir: '', clock: new Date('2026-11-24T10:00:00Z') };
const { ok, sql } = demoCli(place);

/** The personal fields queued for one person's message of an activity. */
function fieldsOf(activity: string, person: string): Record<string, string> {
  const [row] = sql<{ fields_json: string }>(
    'SELECT fields_json FROM outbox WHERE occurrence_key = ? AND person_email = ?',
    activity,
    person,
  );
  expect(row, `${activity} for ${person}`).toBeDefined();
  return JSON.parse(row?.fields_json ?? '{}');
}

describe('the demo’s emails to owners and users of lists and shared mailboxes', () => {
  beforeAll(async () => {
    place.dir = mkdtempSync(join(tmpdir(), 'commsplan-owner-emails-'));
    await ok('demo', '--dir', 'demo');
    place.clock = new Date(MONTH_2);
    await ok('send', '--due', '--anyway', '--now', MONTH_2);
  });
  afterAll(() => rmSync(place.dir, { recursive: true, force: true }));

  it('gives a list owner each of their lists with its member count, or says its members are not known', () => {
    const lines = fieldsOf('dl-owners', at('priya.shah'))['distribution lists']?.split('\n');
    expect(lines).toEqual([
      `Comms champions (${at('comms.champions')}): we have no record of its members`,
      expect.stringMatching(new RegExp(`^Corporate communications team \\(${at('corporate.communications.team')}\\): \\d+ members$`)),
    ]);
  });

  it('gives a shared mailbox owner each mailbox with its size, who has which access, and the one over the limit', () => {
    const fields = fieldsOf('shared-mailbox-owners', at('aisha.begum'));
    const [referrals, desk] = fields['owned shared mailboxes']?.split('\n') ?? [];
    expect(referrals).toMatch(
      /^Community Referrals \(community\.referrals@northmoor-valley\.example\), 5\.6 GB, more than the 4 GB a shared mailbox may hold on NHSmail\. Full access: .+ and \d+ others?\. Send as: .+\.$/,
    );
    expect(desk).toMatch(/^IT Service Desk \(it\.helpdesk@northmoor-valley\.example\), 2 GB\. Full access: .*Aisha Begum.*\. Send as: /);
    expect(fields['owned mailboxes over limit']).toBe('Community Referrals');
  });

  it('gives each user every mailbox they use with its own owner, and which is over the limit', () => {
    const users = sql<{ fields_json: string }>("SELECT fields_json FROM outbox WHERE occurrence_key = 'shared-mailbox-users'");
    const fields = users.map((row) => JSON.parse(row.fields_json) as Record<string, string>);
    const referral = fields.find((f) => f['shared mailboxes']?.startsWith('Community Referrals'));
    expect(referral?.['shared mailboxes']).toBe(
      `Community Referrals (${at('community.referrals')}): owned by Aisha Begum (${at('aisha.begum')}). It holds 5.6 GB, more than the 4 GB a shared mailbox may hold on NHSmail.`,
    );
    expect(referral?.['shared mailboxes over limit']).toBe('Community Referrals');
    const pharmacy = fields.find((f) => f['shared mailboxes']?.startsWith('Pharmacy Queries'));
    expect(pharmacy?.['shared mailboxes']).toBe(
      `Pharmacy Queries (${at('pharmacy.queries')}): owned by Imran Qureshi (${at('imran.qureshi')}).`,
    );
    expect(pharmacy?.['shared mailboxes over limit']).toBe('');
  });
});
