import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateExports } from '../bench/generate-exports.js';
import { countDirectory, type DirectoryPerson } from '../src/audiences/audiences.store.js';
import { BUILTIN_AUDIENCES } from '../src/audiences/builtin-audiences.js';
import { parseFilter } from '../src/audiences/filter-language.js';
import { readDirectory } from '../src/audiences/manage-audiences.js';
import { formatBytes, personalFields } from '../src/audiences/personal-fields.js';
import { findOrganisation } from '../src/plan/plan.store.js';
import { readTypedSettings } from '../src/settings/settings.store.js';
import type { ParallelReader } from '../src/store/store.js';
import { cliSandbox, FIXED_NOW, SYSTEM_PORTS } from './support/cli-harness.js';
import { openTestStore } from './support/test-database.js';

const DAY_MS = 86_400_000;

/** Owners of a device whose last sync (London time, dd/mm/yyyy hh:mm:ss) is at or after the moment. */
function ownersSyncedSince(csv: string, since: number): number {
  const owners = new Set<string>();
  for (const match of csv.matchAll(/^"([^"]+)",.*"(\d\d)\/(\d\d)\/(\d{4}) (\d\d):(\d\d):(\d\d)"\r?$/gm)) {
    const [, owner, d, m, y, h, min, sec] = match.map(String);
    const wallClock = Date.UTC(Number(y), Number(m) - 1, Number(d), Number(h), Number(min), Number(sec));
    const summer = wallClock >= Date.UTC(2026, 2, 29, 2) && wallClock < Date.UTC(2026, 9, 25, 2);
    if (wallClock - (summer ? 3_600_000 : 0) >= since) owners.add(owner as string);
  }
  return owners.size;
}

describe('audiences over a generated trust of 3,000 people', () => {
  const sandbox = cliSandbox();
  const json = async (...args: string[]) => JSON.parse((await sandbox.run(...args, '--json')).stdout);

  let generated: Awaited<ReturnType<typeof generateExports>>;
  beforeAll(async () => {
    generated = await generateExports({ dir: join(sandbox.dir, 'exports'), people: 3000, seed: 7 });
    await sandbox.run('init', '--org', 'Generated Trust', '--start', '2026-12-07');
    for (const file of [
      'mailboxes',
      'mailboxStats',
      'permissions',
      'people',
      'nhsmailAccounts',
      'mobileDevices',
      'migrationStatus',
    ] as const) {
      const result = await sandbox.run('import', 'auto', generated.files[file]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
    }
  });
  afterAll(() => sandbox.cleanup());

  it('counts every built-in audience exactly as many people as it lists', async () => {
    const summaries = (await json('audiences')).audiences as { name: string; count: number }[];
    for (const audience of BUILTIN_AUDIENCES) {
      const listed = (await json('audience', 'show', audience.name)).people.length;
      expect(summaries.find((s) => s.name === audience.name)?.count, audience.name).toBe(listed);
    }
    const counts = Object.fromEntries(summaries.map((s) => [s.name, s.count]));
    expect(counts['all-staff']).toBe(3000);
    expect(counts['local-email-users']).toBe(3000);
    expect(counts['nhsmail-users']).toBe(300);
    expect(counts['mobile-users']).toBe(
      ownersSyncedSince(readFileSync(generated.files.mobileDevices, 'utf8'), FIXED_NOW.getTime() - 90 * DAY_MS),
    );
    expect(counts['mobile-users']).toBeLessThan(1000);
    expect(counts.migrated).toBe(675);
    expect(counts.failed).toBe(75);
    // Wave 1's 675 people already moved leave its reminder audience; the 75 whose move failed stay.
    expect(counts['wave:Wave 1']).toBe(75);
    expect(counts['over-quota']).toBeGreaterThan(0);
    expect(counts['shared-mailbox-users']).toBeGreaterThan(0);
    // Owners come from an owners list, and none was imported.
    expect(counts['shared-mailbox-owners']).toBe(0);
  });

  it('lists wave and custom audiences', async () => {
    expect((await json('audience', 'show', 'wave:wave 2')).people).toHaveLength(750);
    await sandbox.run('audiences', 'add', 'radiology-phones', '--filter', 'department = "Radiology" and mobile and not migrated');
    const listed = (await json('audience', 'show', 'radiology-phones')).people as {
      department: string;
      mobile: number;
      migrated: number;
    }[];
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((p) => p.department === 'Radiology' && p.mobile === 1 && p.migrated === 0)).toBe(true);
    const summaries = (await json('audiences')).audiences as { name: string; count: number }[];
    expect(summaries.find((s) => s.name === 'radiology-phones')?.count).toBe(listed.length);
  });

  it('counts a single audience in passes that each answer one row, not a row per person', async () => {
    const store = await openTestStore(join(sandbox.dir, 'commsplan.db'), { create: false });
    try {
      const { id: orgId } = await findOrganisation(store.db, store.location);
      const options = await readDirectory(store, { orgId, settings: await readTypedSettings(store.db, orgId), now: FIXED_NOW });
      const rowsAnswered: number[] = [];
      const readInParallel: ParallelReader = async (queries) => {
        const results = await store.readInParallel(queries);
        rowsAnswered.push(...results.map((rows) => rows.length));
        return results;
      };
      const { counts } = await countDirectory({ db: store.db, readInParallel }, orgId, [parseFilter('migrated')], options);
      expect(counts).toEqual([675]);
      expect(rowsAnswered.length).toBeGreaterThan(0);
      expect(rowsAnswered.every((n) => n === 1)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('refuses the name "new", as the web app does: its web page would be the form that defines an audience', async () => {
    const refused = await sandbox.run('audiences', 'add', 'New', '--filter', 'mobile');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      '"new" cannot name an audience: its web page would be the form that defines one. Choose another name.',
    );
    const summaries = (await json('audiences')).audiences as { name: string }[];
    expect(summaries.map((s) => s.name)).not.toContain('new');
  });

  it('puts everyone over the quota in over-quota, with the figures that put them there', async () => {
    const over = (await json('audience', 'show', 'over-quota')).people as {
      combined_size: number;
      quota: number;
      local_size: number;
      nhsmail_size: number | null;
    }[];
    expect(over.length).toBeGreaterThan(0);
    for (const person of over) {
      expect(Number(person.combined_size)).toBe(Number(person.local_size ?? 0) + Number(person.nhsmail_size ?? 0));
      expect(Number(person.combined_size)).toBeGreaterThan(Number(person.quota));
    }
  });
});

describe('the quota rules', () => {
  const sandbox = cliSandbox(new Date('2026-12-10T10:00:00Z'));
  afterAll(() => sandbox.cleanup());

  it('adds local and NHSmail sizes against each person’s quota, with a settable nearing share and a staleness warning', async () => {
    const { run, dir } = sandbox;
    const { writeFileSync } = await import('node:fs');
    await run('init', '--org', 'Quota Trust', '--start', '2026-12-07');
    writeFileSync(
      join(dir, 'mb.csv'),
      'PrimarySmtpAddress,DisplayName,RecipientTypeDetails\na@t.nhs.uk,"A, Ann",UserMailbox\nb@t.nhs.uk,"B, Bob",UserMailbox\nc@t.nhs.uk,"C, Cat",UserMailbox\nd@t.nhs.uk,"D, Dan",UserMailbox\n',
    );
    writeFileSync(join(dir, 'st.csv'), 'DisplayName,TotalItemSize\n"A, Ann",3 GB\n"B, Bob",3 GB\n"C, Cat",3.5 GB\n"D, Dan",19.5 GB\n');
    writeFileSync(
      join(dir, 'nm.csv'),
      'Email,Current Size,Allocated Quota\na@t.nhs.uk,1.5 GB,4 GB\nb@t.nhs.uk,700 MB,4 GB\nd@t.nhs.uk,1 GB,25 GB\n',
    );
    for (const file of ['mb.csv', 'st.csv', 'nm.csv']) expect((await run('import', 'auto', file)).code).toBe(0);
    const show = async (name: string) =>
      JSON.parse((await run('audience', 'show', name, '--json')).stdout).people.map((p: { email: string }) => p.email);
    // Ann: 4.5 of 4 GB (over). Bob: 3.7 of 4 GB (92%). Cat: 3.5 of 4 GB (87.5%). Dan: 20.5 of 25 GB (82%).
    expect(await show('over-quota')).toEqual(['a@t.nhs.uk']);
    expect(await show('nearing-quota')).toEqual(['b@t.nhs.uk']);
    await run('settings', 'set', 'nearing-quota-percent', '80');
    expect(await show('nearing-quota')).toEqual(['b@t.nhs.uk', 'c@t.nhs.uk', 'd@t.nhs.uk']);

    const later = cliSandbox(new Date('2026-12-20T10:00:00Z'));
    const { runCli } = await import('../src/cli/run-cli.js');
    let out = '';
    await runCli(['--db', join(dir, 'commsplan.db'), 'audiences'], {
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: () => 0 },
      env: {},
      cwd: dir,
      now: () => new Date('2026-12-20T10:00:00Z'),
      ...SYSTEM_PORTS,
    });
    later.cleanup();
    expect(out).toMatch(/over-quota\s+1\s+10 December 2026\s+data is 10 days old/);
    expect(out).toMatch(/mobile-users\s+0\s+-\s+not imported yet: mobile-devices/);
  });
});

describe('personal fields for templates', () => {
  const GB = 1024 ** 3;
  const LIMITS = { nearingPercent: 90, quotaBytes: 4 * GB, sharedMailboxQuotaBytes: 4 * GB, namesShown: 2 };
  const person: DirectoryPerson = {
    email: 'a@t.nhs.uk',
    local_email: 'a@t.nhs.uk',
    staff_email: null,
    nhsmail_email: 'sam.jones@nhs.net',
    first_name: null,
    last_name: 'Jones',
    display_name: 'Jones, Sam',
    department: null,
    job_role: null,
    wave: 'Wave 1',
    local_size: 3.5 * GB,
    nhsmail_size: GB,
    combined_size: 4.5 * GB,
    quota: 4 * GB,
    mobile: 0,
    migrated: 0,
    failed: 0,
    migration_status: null,
    shared_mailbox_user: 0,
    outside_domain: 0,
    over_quota: 1,
    nearing_quota: 0,
  };

  it('fills names and sizes in one unit, the parts adding up to the total and the total less the amount to remove to the 90% line', () => {
    expect(personalFields(person, LIMITS)).toMatchObject({
      'first name': 'Sam',
      'nhsmail address': 'sam.jones@nhs.net',
      'local mailbox size': '3.5 GB',
      'nhsmail size': '1 GB',
      'combined size': '4.5 GB',
      quota: '4 GB',
      // 90% of 4 GB, as it is: 3.6 GB. 4.5 GB less 0.9 GB is 3.6 GB.
      'nearing quota size': '3.6 GB',
      'amount to remove': '0.9 GB',
    });
  });

  it('asks someone nearing the quota to remove enough to come down to the line, and nothing of someone below it', () => {
    const nearing = { ...person, local_size: 2.8 * GB, combined_size: 3.8 * GB };
    expect(personalFields(nearing, LIMITS)['amount to remove']).toBe('0.2 GB');
    expect(personalFields({ ...person, local_size: 2 * GB, combined_size: 3 * GB }, LIMITS)['amount to remove']).toBeUndefined();
  });

  it('uses the person’s own quota, such as an enhanced 50 GB account', () => {
    expect(personalFields({ ...person, local_size: 45 * GB, quota: 50 * GB, combined_size: 46 * GB }, LIMITS)).toMatchObject({
      quota: '50 GB',
      'nearing quota size': '45 GB',
      'amount to remove': '1 GB',
    });
  });

  it('knows someone with no NHSmail account has no NHSmail size (empty, so the lines about the account are left out), not "0 KB"', () => {
    const noAccount = { ...person, nhsmail_email: null, nhsmail_size: null, combined_size: 3.5 * GB };
    expect(personalFields(noAccount, LIMITS)).toMatchObject({ 'nhsmail size': '', 'combined size': '3.5 GB' });
    // An account the list gives with nothing in it is still an account.
    expect(personalFields({ ...person, nhsmail_size: 0 }, LIMITS)['nhsmail size']).toBe('0 GB');
  });

  it('lists each shared mailbox a person uses with its own owners, and says which are over the limit', () => {
    const used = [
      { mailbox: 'rota@t.nhs.uk', displayName: 'Ward Rota', sizeBytes: 9.2 * GB, owners: ['lead@t.nhs.uk'] },
      { mailbox: 'finance@t.nhs.uk', displayName: null, sizeBytes: GB, owners: [] },
      { mailbox: 'estates@t.nhs.uk', displayName: null, sizeBytes: 5 * GB, owners: [] },
    ];
    const names = new Map([['lead@t.nhs.uk', { email: 'lead@t.nhs.uk', displayName: 'Lead, Pat', firstName: null, lastName: null }]]);
    const fields = personalFields(person, LIMITS, { used, owned: [], lists: [], names });
    expect(fields['shared mailboxes']).toBe(
      [
        'Ward Rota (rota@t.nhs.uk): owned by Pat Lead (lead@t.nhs.uk). It holds 9.2 GB, more than the 4 GB a shared mailbox may hold on NHSmail.',
        'finance@t.nhs.uk: no owner on our records.',
        'estates@t.nhs.uk: no owner on our records. It holds 5 GB, more than the 4 GB a shared mailbox may hold on NHSmail.',
      ].join('\n'),
    );
    expect(fields['shared mailboxes over limit']).toBe('Ward Rota and estates@t.nhs.uk');
    expect(fields['shared mailbox owners']).toBe('lead@t.nhs.uk');
    expect(personalFields(person, LIMITS)['shared mailboxes']).toBeUndefined();
    // Known to have no owners on record: empty, so the sentence naming them is left out and sending is not blocked.
    const ownerless = {
      used: [{ mailbox: 'finance@t.nhs.uk', displayName: null, sizeBytes: null, owners: [] }],
      owned: [],
      lists: [],
      names: new Map(),
    };
    expect(personalFields(person, LIMITS, ownerless)['shared mailbox owners']).toBe('');
  });

  it.each([
    [0, 'up', '0 KB'],
    [1, 'up', '1 KB'],
    [1, 'down', '0 KB'],
    [1536, 'up', '2 KB'],
    [1024 ** 2, 'up', '1 MB'],
    [1024 ** 2 + 1, 'up', '1.1 MB'],
    [1024 ** 3 - 1, 'up', '1 GB'],
    [1024 ** 3 - 1, 'down', '1,023.9 MB'],
    [3.6 * 1024 ** 3, 'down', '3.6 GB'],
  ] as const)('writes %d bytes rounded %s as %j, never in bytes', (bytes, rounding, shown) => {
    expect(formatBytes(bytes, rounding)).toBe(shown);
  });
});
