import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findOrganisation } from '../src/plan/plan.store.js';
import { LINK_KINDS, type LinkKind, linkKindOf } from '../src/waves/link-kinds.js';
import { permissionRows } from '../src/waves/planning-data.store.js';
import { cliSandbox } from './support/cli-harness.js';
import { importNorthmoor, NORTHMOOR } from './support/northmoor.js';
import { openTestStore } from './support/test-database.js';

/**
 * Northmoor (test/fixtures/waves-trust): exports shaped as Exchange writes them, and answers
 * worked out by hand by someone who had not read the code. Compared mailbox by mailbox.
 */
const FIXTURES = NORTHMOOR;
const answers = JSON.parse(readFileSync(join(FIXTURES, 'answers.json'), 'utf8')) as {
  pairs: { a: string; b: string; strongest: LinkKind; rights: { right: LinkKind }[] }[];
  groups: { name: string; count: number; members: string[] }[];
  mailboxes: { planned: { count: number } };
  pins: { pinnedMailboxes: string[] };
};

let sandbox: ReturnType<typeof cliSandbox>;

beforeEach(async () => {
  sandbox = cliSandbox(new Date('2027-01-04T09:00:00Z'));
  await sandbox.run('init', '--org', 'Northmoor', '--start', '2027-01-04');
  await importNorthmoor(sandbox.run, sandbox.dir);
  await sandbox.run('settings', 'set', 'service-account-links', '30');
});
afterEach(() => sandbox.cleanup());

async function plan(...args: string[]) {
  const result = await sandbox.run('waves', 'plan', '--json', ...args);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as {
    placed: number;
    brokenWeight: number;
    changes: { email: string; to: string }[];
    serviceAccounts: { email: string }[];
  };
}

describe('a trust exported as Exchange writes it, against answers worked out by hand', () => {
  it('links every pair the hand-made answers link, with every right between them and no others', async () => {
    const store = await openTestStore(join(sandbox.dir, 'commsplan.db'), { create: false });
    try {
      const { id } = await findOrganisation(store.db, store.location);
      const rows = await permissionRows(store.db, id);
      const found = new Map<string, Set<LinkKind>>();
      for (const row of rows) {
        if (row.holder === 'svc-backup@northmoor.nhs.uk' || row.mailbox === row.holder) continue;
        if (row.mailbox === 'gary.holt@northmoor.nhs.uk' || row.mailbox === 'boardroom@northmoor.nhs.uk') continue;
        if (row.holder === 'gary.holt@northmoor.nhs.uk') continue;
        const key = [row.mailbox, row.holder].sort().join(' ');
        found.set(key, (found.get(key) ?? new Set()).add(linkKindOf(row.access)));
      }
      const expected = new Map(answers.pairs.map((pair) => [[pair.a, pair.b].sort().join(' '), new Set(pair.rights.map((r) => r.right))]));
      const sorted = (map: Map<string, Set<LinkKind>>) =>
        [...map].map(([pair, kinds]) => `${pair}: ${LINK_KINDS.filter((kind) => kinds.has(kind)).join(', ')}`).sort();
      expect(sorted(found)).toEqual(sorted(expected));
    } finally {
      await store.close();
    }
  });

  it('plans the mailboxes the answers plan, leaves the service account out, and keeps every linked group whole when waves have room', async () => {
    const result = await plan('--capacity', '15', '--from', '2027-02-01', '--to', '2027-04-30');
    expect(result.placed).toBe(answers.mailboxes.planned.count);
    expect(result.serviceAccounts.map((account) => account.email)).toEqual(['svc-backup@northmoor.nhs.uk']);
    expect(result.brokenWeight).toBe(0);
    const waveOf = new Map(result.changes.map((change) => [change.email, change.to]));
    for (const group of answers.groups) {
      const waves = new Set(group.members.map((member) => waveOf.get(member)));
      expect([...waves], group.name).toHaveLength(1);
      expect(waves.has(undefined), group.name).toBe(false);
    }
  });

  it('with the default threshold the backup account joins everyone, so waves of 15 must break links', async () => {
    await sandbox.run('settings', 'set', 'service-account-links', '50');
    const result = await plan('--capacity', '15', '--from', '2027-02-01', '--to', '2027-04-30', '--dry-run');
    expect(result.serviceAccounts).toEqual([]);
    expect(result.brokenWeight).toBeGreaterThan(0);
    // The plan says which account looks like one, with its count, so the setting can be lowered.
    expect((result as unknown as { broadAccounts: { email: string; mailboxes: number }[] }).broadAccounts).toEqual([
      { email: 'svc-backup@northmoor.nhs.uk', mailboxes: 40 },
    ]);
  });

  it('puts the pinned department and person in the pilot, with their linked colleagues where there is room', async () => {
    expect((await sandbox.run('waves', 'add', '--start', '2027-01-30', '--name', 'Pilot')).code).toBe(0);
    const result = await plan('--capacity', '15', '--from', '2027-02-01', '--to', '2027-04-30', '--pins', join(FIXTURES, 'Pins.csv'));
    const pilot = result.changes.filter((change) => change.to === 'Pilot').map((change) => change.email);
    for (const pinned of answers.pins.pinnedMailboxes) expect(pilot).toContain(pinned);
    expect(result.brokenWeight).toBe(0);
  });

  it('refuses a pins file naming a wave that does not exist, saying which row, and changes nothing', async () => {
    const result = await sandbox.run(
      'waves',
      'plan',
      '--capacity',
      '15',
      '--from',
      '2027-02-01',
      '--to',
      '2027-04-30',
      '--pins',
      join(FIXTURES, 'Pins.csv'),
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Pins.csv, row 2, Wave: there is no wave called "Pilot"');
    expect((await sandbox.run('waves', 'list', '--json')).stdout.trim()).toBe('[]');
  });
});
