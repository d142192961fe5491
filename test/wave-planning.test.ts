import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliSandbox } from './support/cli-harness.js';
import { importNorthmoor, NORTHMOOR } from './support/northmoor.js';

/**
 * `waves plan`, `assign`, `show`, `roster`, `broken-links` and carry-over, end to end on
 * Northmoor's exports (test/fixtures/waves-trust), on a clock the test moves.
 */
const FIXTURES = NORTHMOOR;
const at = (local: string) => `${local}@northmoor.nhs.uk`;
const BEFORE = '2027-01-04T09:00:00Z';

let sandbox: ReturnType<typeof cliSandbox>;
const run = (when: string, ...args: string[]) => sandbox.run('--now', when, ...args);
const ok = async (when: string, ...args: string[]) => {
  const result = await run(when, ...args);
  expect(result.code, `${args.join(' ')}: ${result.stdout}${result.stderr}`).toBe(0);
  return result;
};
const file = (name: string, text: string) => {
  const path = join(sandbox.dir, name);
  writeFileSync(path, text);
  return path;
};

interface WaveSummary {
  name: string;
  people: number;
  sharedMailboxes: number;
  brokenLinks: number;
}

async function show(when = BEFORE): Promise<WaveSummary[]> {
  return JSON.parse((await ok(when, 'waves', 'show', '--json')).stdout) as WaveSummary[];
}

async function waveOfEveryone(when = BEFORE): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const wave of await show(when)) {
    const roster = join(sandbox.dir, `${wave.name}.csv`);
    await ok(when, 'waves', 'roster', wave.name, '--csv', roster);
    for (const line of readFileSync(roster, 'utf8').trim().split(/\r?\n/).slice(1)) result.set(line, wave.name);
  }
  return result;
}

beforeEach(async () => {
  sandbox = cliSandbox(new Date(BEFORE));
  await ok(BEFORE, 'init', '--org', 'Northmoor', '--start', '2027-01-04');
  await importNorthmoor((...args) => run(BEFORE, ...args), sandbox.dir);
  await ok(BEFORE, 'settings', 'set', 'service-account-links', '30');
  for (const start of ['2027-02-06', '2027-02-13', '2027-02-20']) await ok(BEFORE, 'waves', 'add', '--start', start);
});
afterEach(() => sandbox.cleanup());

describe('planning the waves', () => {
  it('prints the plan on a dry run and saves nothing; saving it puts everyone in a wave the audiences and rosters follow', async () => {
    const dry = await ok(BEFORE, 'waves', 'plan', '--capacity', '16', '--dry-run');
    expect(dry.stdout).toContain('nothing saved: --dry-run');
    expect(dry.stdout).toContain('45 mailboxes planned into 3 waves');
    expect((await show()).every((wave) => wave.people === 0)).toBe(true);

    const saved = await ok(BEFORE, 'waves', 'plan', '--capacity', '16');
    expect(saved.stdout).toContain('Saved the plan.');
    const waves = await show();
    // The capacity the plan was made with stays on its waves, for moves by hand and carry-over.
    expect(waves.map((wave) => (wave as WaveSummary & { capacity?: number }).capacity)).toEqual([16, 16, 16]);
    expect(waves.reduce((sum, w) => sum + w.people + w.sharedMailboxes, 0)).toBe(45);
    expect(waves.every((w) => w.people + w.sharedMailboxes <= 16)).toBe(true);
    const everyone = await waveOfEveryone();
    expect(everyone.size).toBe(45);
    const helensWave = everyone.get(at('helen.marsh')) as string;
    const audience = JSON.parse((await ok(BEFORE, 'audience', 'show', `wave:${helensWave}`, '--json')).stdout) as {
      people: { email: string }[];
    };
    expect(audience.people.map((person) => person.email)).toContain(at('helen.marsh'));
    expect(audience.people.map((person) => person.email)).not.toContain(at('accounts.payable'));
    expect(everyone.get(at('accounts.payable'))).toBe(helensWave);
    // The stored audience counts follow the plan, and a move by hand, at once.
    const counts = async () =>
      (JSON.parse((await ok(BEFORE, 'audiences', '--json')).stdout) as { audiences: { name: string; count: number }[] }).audiences;
    const inWave = async (name: string) => (await counts()).find((audience) => audience.name === `wave:${name}`)?.count;
    for (const wave of waves) expect(await inWave(wave.name)).toBe(wave.people);
    const other = helensWave === 'Wave 3' ? 'Wave 2' : 'Wave 3';
    const before = await inWave(other);
    await ok(BEFORE, 'waves', 'assign', at('helen.marsh'), '--wave', other);
    expect(await inWave(other)).toBe((before as number) + 1);
  });

  it('keeps each wave within its own limit in GB as well as in mailboxes', async () => {
    expect((await ok(BEFORE, 'waves', 'capacity', 'Wave 1', '16', '--gb', '30')).stdout).toContain('Wave 1 can move 16 people and 30 GB');
    await ok(BEFORE, 'settings', 'set', 'wave-capacity', '16');
    await ok(BEFORE, 'settings', 'set', 'wave-capacity-gb', '60');
    const plan = JSON.parse((await ok(BEFORE, 'waves', 'plan', '--json')).stdout) as {
      waves: { name: string; bytes: number; people: number; sharedMailboxes: number }[];
    };
    expect(plan.waves.find((wave) => wave.name === 'Wave 1')?.bytes).toBeLessThanOrEqual(30 * 1024 ** 3);
    for (const wave of plan.waves) expect(wave.people + wave.sharedMailboxes).toBeLessThanOrEqual(16);
  });

  it('gives the same plan for the same input', async () => {
    const first = JSON.parse((await ok(BEFORE, 'waves', 'plan', '--capacity', '16', '--dry-run', '--json')).stdout);
    const second = JSON.parse((await ok(BEFORE, 'waves', 'plan', '--capacity', '16', '--dry-run', '--json')).stdout);
    expect(second.changes).toEqual(first.changes);
    expect(second.fingerprint).toBe(first.fingerprint);
  });

  it('re-planned after Wave 1 has started, keeps Wave 1 as it is and moves nobody else when nothing changed', async () => {
    await ok(BEFORE, 'waves', 'plan', '--capacity', '16');
    const before = await waveOfEveryone();
    const during = '2027-02-06T12:00:00Z';
    const again = JSON.parse((await ok(during, 'waves', 'plan', '--capacity', '16', '--json')).stdout);
    expect(again.movedFromWave).toEqual([]);
    expect(again.leftOut.inStartedWaves).toBe([...before.values()].filter((w) => w === 'Wave 1').length);
    expect(await waveOfEveryone(during)).toEqual(before);
  });

  it('re-planned with less room, moves only as many people as the smaller waves cannot hold', async () => {
    await ok(BEFORE, 'waves', 'plan', '--capacity', '16');
    const sizes = (await show()).map((wave) => wave.people + wave.sharedMailboxes);
    const over = sizes.reduce((sum, size) => sum + Math.max(0, size - 15), 0);
    expect(over).toBeGreaterThan(0);
    const again = JSON.parse((await ok(BEFORE, 'waves', 'plan', '--capacity', '15', '--json')).stdout);
    expect(again.movedFromWave).toHaveLength(over);
    expect((await show()).every((wave) => wave.people + wave.sharedMailboxes <= 15)).toBe(true);
  });

  it('a staff list wave column pins its people', async () => {
    const staff = readFileSync(join(FIXTURES, 'StaffInPost.csv'), 'utf8');
    expect(staff).toContain('Kevin');
    // The staff list gets a Wave column: Kevin Liu (and, through his link, Matt Rees) in Wave 3.
    const lines = staff.split(/\r?\n/);
    const header = lines.findIndex((line) => /Employee Number|Assignment Number/i.test(line));
    const withWave = lines.map((line, index) =>
      index === header ? `${line},Wave` : index > header && line.trim() ? `${line},${/kevin\.liu/i.test(line) ? 'Wave 3' : ''}` : line,
    );
    await ok(BEFORE, 'import', 'people', file('StaffWithWave.csv', withWave.join('\r\n')));
    await ok(BEFORE, 'waves', 'plan', '--capacity', '16');
    const everyone = await waveOfEveryone();
    expect(everyone.get(at('kevin.liu'))).toBe('Wave 3');
    expect(everyone.get(at('matt.rees'))).toBe('Wave 3');
  });
});

describe('removing a planned wave', () => {
  it('says how many mailboxes it leaves without a wave', async () => {
    await ok(BEFORE, 'waves', 'plan', '--capacity', '16');
    const wave3 = (await show()).find((wave) => wave.name === 'Wave 3') as WaveSummary;
    const removed = await ok(BEFORE, 'waves', 'remove', 'Wave 3');
    const count = wave3.people + wave3.sharedMailboxes;
    expect(removed.stdout).toContain(`${count} mailboxes were planned into it and have no wave now`);
    expect((await waveOfEveryone()).size).toBe(45 - count);
  });
});

describe('moving people by hand', () => {
  it('says which links a move breaks before doing it, then does it and the broken links are listed', async () => {
    await ok(BEFORE, 'waves', 'plan', '--capacity', '16');
    const helensWave = (await waveOfEveryone()).get(at('helen.marsh')) as string;
    const other = helensWave === 'Wave 3' ? 'Wave 2' : 'Wave 3';
    const dry = await ok(BEFORE, 'waves', 'assign', at('claire.dobson'), '--wave', other, '--dry-run');
    expect(dry.stdout).toContain(`Would move 1 mailbox to ${other}`);
    expect(dry.stdout).toMatch(
      /Claire Dobson <claire\.dobson@northmoor\.nhs\.uk> \(Wave \d\) has calendar delegate, full access, send on behalf on Helen Marsh/,
    );
    expect(dry.stdout).toContain('Nothing was changed (--dry-run).');
    expect((await waveOfEveryone()).get(at('claire.dobson'))).toBe(helensWave);

    await ok(BEFORE, 'waves', 'assign', at('claire.dobson'), '--wave', other, '--by', 'Priya Shah');
    expect((await waveOfEveryone()).get(at('claire.dobson'))).toBe(other);
    const { brokenLinks: links } = JSON.parse((await ok(BEFORE, 'waves', 'broken-links', '--json')).stdout) as {
      brokenLinks: { holder: string; mailbox: string; kinds: string[] }[];
    };
    expect(links).toContainEqual(
      expect.objectContaining({
        holder: at('claire.dobson'),
        mailbox: at('helen.marsh'),
        kinds: ['calendar-delegate', 'full-access', 'send-on-behalf'],
      }),
    );
    const csv = join(sandbox.dir, 'broken.csv');
    await ok(BEFORE, 'waves', 'broken-links', '--csv', csv);
    expect(readFileSync(csv, 'utf8')).toContain('claire.dobson@northmoor.nhs.uk,Claire Dobson');
    expect((await ok(BEFORE, 'log')).stdout).toContain('wave-assigned');
  });

  it('refuses to move someone into a wave that has started, or someone who is not moving, and changes nothing', async () => {
    await ok(BEFORE, 'waves', 'plan', '--capacity', '16');
    const before = await waveOfEveryone();
    const started = await run('2027-02-07T09:00:00Z', 'waves', 'assign', at('zoe.turner'), '--wave', 'Wave 1');
    expect(started.stderr).toContain('Wave 1 started on Saturday 6 February 2027, so nobody can be moved into it');
    await ok(BEFORE, 'waves', 'capacity', 'Wave 2', '40', '--gb', '1');
    const tooBig = await run(BEFORE, 'waves', 'assign', at('zoe.turner'), '--wave', 'Wave 2');
    expect(tooBig.stderr).toContain('Wave 2 can move 1 GB; with 1 more mailbox it would hold');
    const leaver = await run(BEFORE, 'waves', 'assign', at('gary.holt'), '--wave', 'Wave 2');
    expect(leaver.stderr).toContain('is not moving');
    const waveOfKevin = before.get(at('kevin.liu')) as string;
    const already = await run(BEFORE, 'waves', 'assign', '--department', 'Digital Services', '--wave', waveOfKevin, '--dry-run');
    expect(already.stdout + already.stderr).not.toContain(`${waveOfKevin} -> ${waveOfKevin}`);
    const unknown = await run(BEFORE, 'waves', 'assign', '--department', 'Astrology', '--wave', 'Wave 2');
    expect(unknown.stderr).toContain('department called "Astrology"');
    expect(await waveOfEveryone()).toEqual(before);
  });
});

describe('rosters for the migration tools', () => {
  it('writes a migration batch with an EmailAddress column and a MigrationWiz file with the NHSmail address', async () => {
    await ok(BEFORE, 'waves', 'plan', '--capacity', '16');
    const batch = join(sandbox.dir, 'batch.csv');
    const wave = (await waveOfEveryone()).get(at('helen.marsh')) as string;
    await ok(BEFORE, 'waves', 'roster', wave, '--csv', batch);
    const lines = readFileSync(batch, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('EmailAddress');
    expect(lines).toContain(at('helen.marsh'));
    expect(lines).toContain(at('accounts.payable'));
    const wiz = join(sandbox.dir, 'wiz.csv');
    const result = await ok(BEFORE, 'waves', 'roster', wave, '--csv', wiz, '--format', 'migrationwiz');
    expect(readFileSync(wiz, 'utf8').split('\r\n')[0]).toBe(
      'Source Email,Source Login Name,Source Password,Destination Email,Destination Login Name,Destination Password,Flags',
    );
    expect(result.stdout).toContain('no NHSmail address yet');
  });
});

describe('bad input changes nothing and says what to do', () => {
  it.each([
    [['--capacity', '0'], '--capacity "0" is not a whole number of mailboxes, 1 or more'],
    [['--capacity', '-3'], '--capacity "-3" is not a whole number of mailboxes'],
    [['--capacity', '10'], 'There are 45 mailboxes to move and 3 waves to come that can move 30. Add 2 more waves'],
    [['--capacity', '10', '--from', '2027-03-01', '--to', '2027-03-08'], 'widen the range by 1 more weekend'],
    [['--capacity', '16', '--from', '2026-11-01', '--to', '2026-12-01'], 'is in the past'],
    [['--capacity', '16', '--capacity-gb', '2'], 'more than any wave can move'],
  ])('waves plan %j', async (args, message) => {
    const result = await run(BEFORE, 'waves', 'plan', ...args);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(message);
    expect((await show()).every((wave) => wave.people === 0)).toBe(true);
  });

  it('refuses pins that put more people into a wave than it can move, naming the group and both sizes', async () => {
    const pins = file('Pins.csv', 'Department,Wave\r\nExecutive Office,Wave 1\r\nFinance,Wave 1\r\nCommunity Nursing,Wave 1\r\n');
    const result = await run(BEFORE, 'waves', 'plan', '--capacity', '16', '--pins', pins);
    expect(result.stderr).toMatch(/put \d+ mailboxes into Wave 1, which can move 16\. The largest pinned group is \w+/);
  });

  it('refuses a pins file naming someone who is not moving, by file, row and column', async () => {
    const pins = file('Pins.csv', 'EmailAddress,Wave\r\nzoe.turner@northmoor.nhs.uk,Wave 1\r\nnobody@northmoor.nhs.uk,Wave 1\r\n');
    const result = await run(BEFORE, 'waves', 'plan', '--capacity', '16', '--pins', pins);
    expect(result.stderr).toContain('Pins.csv, row 3, EmailAddress: nobody@northmoor.nhs.uk is not a mailbox still to move');
  });
});

describe('carry-over keeps a failed person with the colleagues they share mail with', () => {
  it('carries Helen into the wave her delegate moves in rather than the next one', async () => {
    await ok(
      BEFORE,
      'waves',
      'plan',
      '--capacity',
      '16',
      '--pins',
      file('Pins.csv', 'EmailAddress,Wave\r\nhelen.marsh@northmoor.nhs.uk,Wave 1\r\n'),
    );
    // Both later waves have room, so only Claire's link decides between them.
    await ok(BEFORE, 'waves', 'capacity', 'Wave 2', '30');
    await ok(BEFORE, 'waves', 'capacity', 'Wave 3', '30');
    await ok(BEFORE, 'waves', 'assign', at('claire.dobson'), '--wave', 'Wave 3');
    const after = '2027-02-08T09:00:00Z';
    const imported = await ok(
      after,
      'import',
      'migration-status',
      file(
        'Results.csv',
        `Source Email,Destination Email,Migration Status\r\n${at('helen.marsh')},helen.marsh@nhs.net,Failed\r\n${at('accounts.payable')},accounts.payable@nhs.net,Failed\r\n${at('lisa.chen')},lisa.chen@nhs.net,Completed\r\n`,
      ),
    );
    // A shared mailbox's result is kept, and said to be, not called unknown.
    expect(imported.stdout).toContain('1 address in the file is a shared, room or equipment mailbox: the result is kept');
    expect(imported.stdout).not.toContain('nobody commsplan knows');
    const carried = await ok(after, 'waves', 'carry-over', 'Wave 1');
    expect(carried.stdout).toContain('Wave 3');
    const wave3 = JSON.parse((await ok(after, 'audience', 'show', 'wave:Wave 3', '--json')).stdout) as { people: { email: string }[] };
    expect(wave3.people.map((person) => person.email)).toContain(at('helen.marsh'));
    // The shared mailbox whose move failed is planned again into a wave still to come.
    const replanned = JSON.parse((await ok(after, 'waves', 'plan', '--json')).stdout) as {
      changes: { email: string; from: string; to: string }[];
    };
    expect(replanned.changes.find((change) => change.email === at('accounts.payable'))).toMatchObject({ from: 'Wave 1' });
    expect(['Wave 2', 'Wave 3']).toContain((await waveOfEveryone(after)).get(at('accounts.payable')));
    expect((await waveOfEveryone(after)).has(at('lisa.chen'))).toBe(false);
  });

  it('plans with the capacity each wave has of its own, with no setting', async () => {
    for (const wave of ['Wave 1', 'Wave 2', 'Wave 3']) await ok(BEFORE, 'waves', 'capacity', wave, '16');
    expect((await ok(BEFORE, 'waves', 'plan')).stdout).toContain('45 mailboxes planned into 3 waves');
  });
});
