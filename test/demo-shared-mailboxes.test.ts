import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPeople } from '../src/demo/demo-people.js';
import { cliSandbox, FIXED_NOW } from './support/cli-harness.js';
import { openTestStore } from './support/test-database.js';

let sandbox: ReturnType<typeof cliSandbox>;
const db = () => join(sandbox.dir, 'demo', 'commsplan.db');

/** Each shared mailbox's wave in the workspace, or null when it is in none. */
async function sharedMailboxWaves(): Promise<Map<string, string | null>> {
  const store = await openTestStore(db(), { create: false });
  try {
    const rows = await store.db
      .selectFrom('mailboxes as m')
      .leftJoin('wave_assignments as a', (join) => join.onRef('a.org_id', '=', 'm.org_id').onRef('a.mailbox_email', '=', 'm.email'))
      .leftJoin('waves as w', 'w.id', 'a.wave_id')
      .select(['m.email', 'w.name'])
      .where('m.mailbox_type', '=', 'shared')
      .execute();
    return new Map(rows.map((row) => [row.email, row.name]));
  } finally {
    await store.close();
  }
}

async function forgetSharedMailboxWaves(): Promise<void> {
  const store = await openTestStore(db(), { create: false });
  try {
    const shared = store.db.selectFrom('mailboxes').select('email').where('mailbox_type', '=', 'shared');
    await store.db.deleteFrom('wave_assignments').where('mailbox_email', 'in', shared).execute();
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  sandbox = cliSandbox();
  const made = await sandbox.run('demo', '--dir', 'demo');
  expect(made.code, made.stderr).toBe(0);
});
afterAll(() => sandbox.cleanup());

describe("the demo's shared mailboxes", () => {
  it('are each in the wave of the people who use them, as the demo says they move', async () => {
    const { people, sharedMailboxes } = demoPeople(FIXED_NOW);
    const waves = await sharedMailboxWaves();
    expect([...waves.keys()].sort()).toEqual(sharedMailboxes.map((box) => box.email).sort());
    for (const box of sharedMailboxes) {
      const usersWaves = new Set(
        people.filter((person) => person.sharedMailboxes.includes(box.displayName) && !person.disabled).map((person) => person.wave),
      );
      expect(usersWaves.size, `${box.email} has users in one department, so one wave`).toBeLessThanOrEqual(1);
      const expected = [...usersWaves][0];
      if (expected) expect(waves.get(box.email), box.email).toBe(expected);
      else expect(waves.get(box.email), `${box.email} has no users, yet still moves`).not.toBeNull();
    }
  });

  it('are named by check when they are in no wave, and planning puts them in one', async () => {
    const clean = await sandbox.run('--db', db(), 'check', '--offline');
    expect(clean.stdout).not.toMatch(/in no wave/);

    await forgetSharedMailboxWaves();
    const flagged = await sandbox.run('--db', db(), 'check', '--offline');
    const line = flagged.stdout.split('\n').find((text) => text.includes('shared mailboxes still to move are in no wave')) ?? '';
    for (const box of demoPeople(FIXED_NOW).sharedMailboxes) expect(line).toContain(box.email);
    expect(line).toMatch(/^warning {2}4 shared mailboxes/);

    const planned = await sandbox.run('--db', db(), 'waves', 'plan');
    expect(planned.code, planned.stderr).toBe(0);
    expect([...(await sharedMailboxWaves()).values()]).not.toContain(null);
    expect((await sandbox.run('--db', db(), 'check', '--offline')).stdout).not.toMatch(/in no wave/);
  });
});
