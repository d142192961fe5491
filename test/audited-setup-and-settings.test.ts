import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEntries } from '../src/audit/audit-log.store.js';
import { formatLongDate } from '../src/calendar/local-date.js';
import { listWaves } from '../src/waves/waves.store.js';
import { cliIn, FIXED_NOW } from './support/cli-harness.js';
import { demoCli } from './support/demo-cli.js';
import { startTestSite, type TestSite } from './support/web-harness.js';

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
});
afterAll(async () => site?.close());

const entriesBy = async (actor: string) =>
  (await listAuditEntries(site.store.db, site.organisation.id)).filter((entry) => entry.actor === actor);

describe('changes that once left no line in the audit log', () => {
  it('setting up the demo writes a line for each wave it adds, by demo', async () => {
    const waves = await listWaves(site.store.db, site.organisation.id);
    expect(waves.length).toBeGreaterThan(0);
    const added = (await entriesBy('demo')).filter((entry) => entry.action === 'wave-added');
    expect(added.map(({ at, actor, action, subject, detail }) => ({ at, actor, action, subject, detail }))).toEqual(
      waves.map((wave) => ({
        at: FIXED_NOW.toISOString(),
        actor: 'demo',
        action: 'wave-added',
        subject: wave.name,
        detail: `${formatLongDate(wave.start)} to ${formatLongDate(wave.end)}`,
      })),
    );
  });

  it('setting up the demo sets its settings through the one settings use-case, with a line for each, by demo', async () => {
    const settings = (await entriesBy('demo')).filter((entry) => entry.action === 'setting-changed');
    expect(settings.find((entry) => entry.subject === 'helpdesk-phone')).toEqual({
      at: FIXED_NOW.toISOString(),
      actor: 'demo',
      action: 'setting-changed',
      subject: 'helpdesk-phone',
      detail: 'set to "0113 496 0123"',
    });
    expect(settings.find((entry) => entry.subject === 'migration-duration')).toMatchObject({
      actor: 'demo',
      detail: expect.stringMatching(/"five weeks"$/),
    });
  });

  it('a setting set from the command line and from the settings form writes the same kind of line, by whoever set it', async () => {
    const cli = cliIn(site.dir);
    const set = await cli(
      {},
      '--db',
      join(site.dir, 'commsplan.db'),
      'settings',
      'set',
      'helpdesk-phone',
      '0113 496 0444',
      '--by',
      'Ada Admin',
    );
    expect(set.stderr).toBe('');
    const editor = await site.client('editor');
    await editor.get('/settings/helpdesk-phone');
    expect((await editor.post('/settings/helpdesk-phone', { value: '0113 496 0555' })).status).toBe(303);
    const lines = (await listAuditEntries(site.store.db, site.organisation.id))
      .filter((entry) => entry.subject === 'helpdesk-phone' && entry.actor !== 'demo')
      .map(({ actor, action, subject, detail }) => ({ actor, action, subject, detail }));
    expect(lines).toEqual([
      { actor: 'Ada Admin', action: 'setting-changed', subject: 'helpdesk-phone', detail: 'from "0113 496 0123" to "0113 496 0444"' },
      {
        actor: 'editor@test.example',
        action: 'setting-changed',
        subject: 'helpdesk-phone',
        detail: 'from "0113 496 0444" to "0113 496 0555"',
      },
    ]);
  });
});

describe('planning the demo’s waves from its staff list', () => {
  it('writes a waves-planned line, by demo, naming the waves and what the plan did', async () => {
    const place = { dir: mkdtempSync(join(tmpdir(), 'commsplan-audited-demo-')), clock: FIXED_NOW };
    const { ok, sql } = demoCli(place);
    await ok('demo', '--dir', 'demo');
    const planned = sql<{ actor: string; action: string; subject: string; detail: string }>(
      "SELECT actor, action, subject, detail FROM audit_log WHERE action = 'waves-planned'",
    );
    const waves = sql<{ name: string }>('SELECT name FROM waves ORDER BY start_date');
    expect(planned).toHaveLength(1);
    expect(planned[0]).toMatchObject({ actor: 'demo', action: 'waves-planned' });
    expect(planned[0]?.subject.split(', ').sort()).toEqual(waves.map((wave) => wave.name).sort());
    expect(planned[0]?.detail).not.toBe('');
  });
});
