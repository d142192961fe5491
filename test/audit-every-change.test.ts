import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEntries } from '../src/audit/audit-log.store.js';
import { listActivities } from '../src/plan/plan.store.js';
import { listWaves } from '../src/waves/waves.store.js';
import { cliIn } from './support/cli-harness.js';
import { startTestSite, type TestSite } from './support/web-harness.js';

let site: TestSite;
let cli: (...args: string[]) => ReturnType<ReturnType<typeof cliIn>>;
beforeAll(async () => {
  site = await startTestSite();
  const run = cliIn(site.dir);
  cli = (...args) => run({}, '--db', join(site.dir, 'commsplan.db'), ...args);
});
afterAll(async () => site?.close());

const lines = async (actor: string) =>
  (await listAuditEntries(site.store.db, site.organisation.id))
    .filter((e) => e.actor === actor)
    .map((e) => `${e.action} ${e.subject}: ${e.detail}`);

describe('every change leaves a line in the audit log, by whom', () => {
  it('from the command line: waves, activities, settings and audiences, and log filters them', async () => {
    const run = async (...args: string[]) => expect((await cli(...args, '--by', 'Ada Admin')).stderr).toBe('');
    await run('waves', 'add', '--start', '2027-06-05', '--name', 'Late wave');
    await run('waves', 'move', 'Late wave', '--start', '2027-06-12');
    await run('waves', 'capacity', 'Late wave', '40');
    await run('waves', 'remove', 'Late wave');
    await run('activity', 'set', 'announcement', '--owner', 'Ada Admin <ada@example.nhs.uk>', '--status', 'ready');
    await run('settings', 'set', 'helpdesk-phone', '0113 496 0000');
    await run('audiences', 'add', 'night-staff', '--filter', 'department = "Night"');
    await run('audiences', 'remove', 'night-staff');
    writeFileSync(join(site.dir, 'staff.csv'), 'Email,First Name\r\nann.lee@northmoor-valley.example,Ann\r\n');
    await run('import', 'people', 'staff.csv');
    expect(await lines('Ada Admin')).toEqual([
      'wave-added Late wave: Saturday 5 June 2027 to Sunday 6 June 2027',
      'wave-moved Late wave: Saturday 5 June 2027 to Sunday 6 June 2027 → Saturday 12 June 2027 to Sunday 13 June 2027',
      'wave-capacity-set Late wave: no limit of its own → 40 people',
      'wave-removed Late wave: Saturday 12 June 2027 to Sunday 13 June 2027',
      'activity-owner-set announcement: Priya Shah <priya.shah@northmoor-valley.example> → Ada Admin <ada@example.nhs.uk>',
      'activity-status-set announcement: planned → ready',
      expect.stringMatching(/^setting-changed helpdesk-phone: .*"0113 496 0000"$/),
      'audience-saved night-staff: rule "department = "Night""',
      'audience-removed night-staff: ',
      expect.stringMatching(/^imported people from staff\.csv: 1 rows read; 1 added/),
    ]);
    const log = await cli('log', '--action', 'wave-moved', '--actor', 'Ada Admin', '--since', '2026-11-24');
    expect(log.stdout).toContain('Saturday 12 June 2027 to Sunday 13 June 2027');
    expect(log.stdout).not.toContain('wave-added');
    expect((await cli('log', '--since', '2026-11-25', '--actor', 'Ada Admin')).stdout).not.toContain('Ada Admin');
  });

  it('from the web: adding and moving a wave and changing an activity, by the signed-in person', async () => {
    const editor = await site.client('editor');
    await editor.get('/waves');
    expect((await editor.post('/waves', { 'start-day': '3', 'start-month': '7', 'start-year': '2027', name: 'Summer wave' })).status).toBe(
      303,
    );
    const wave = (await listWaves(site.store.db, site.organisation.id)).find((w) => w.name === 'Summer wave');
    await editor.get(`/waves/${wave?.id}/move`);
    expect((await editor.post(`/waves/${wave?.id}/move`, { start: '2027-07-10', end: '' })).status).toBe(303);
    const activity = (await listActivities(site.store.db, site.organisation.id)).find((a) => a.id === 'posters-and-banners');
    await editor.get('/activities/posters-and-banners');
    const saved = await editor.post('/activities/posters-and-banners', {
      ownerName: 'Sam Editor',
      ownerEmail: '',
      status: activity?.status ?? '',
      sender: '',
      priority: '',
    });
    expect(saved.status).toBe(303);
    expect((await lines('editor@test.example')).filter((line) => !line.startsWith('signed-in'))).toEqual([
      'wave-added Summer wave: Saturday 3 July 2027 to Sunday 4 July 2027',
      'wave-moved Summer wave: Saturday 3 July 2027 to Sunday 4 July 2027 → Saturday 10 July 2027 to Sunday 11 July 2027',
      'activity-owner-set posters-and-banners: Tom Okafor <tom.okafor@northmoor-valley.example> → Sam Editor',
    ]);
  });
});
