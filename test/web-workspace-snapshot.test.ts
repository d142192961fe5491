import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSettingValue } from '../src/settings/settings.store.js';
import { workspaceSnapshot } from '../src/web/workspace-snapshot.js';
import { openTestStore } from './support/test-database.js';
import { startTestSite, type TestSite } from './support/web-harness.js';

describe('the workspace snapshot pages share', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite({ clock: () => new Date('2026-12-08T10:00:00Z') });
    await site.store.db.deleteFrom('settings').where('org_id', '=', site.organisation.id).where('key', '=', 'helpdesk-phone').execute();
  });
  afterAll(async () => site?.close());

  const snapshot = () => workspaceSnapshot(site.store, site.organisation.id);

  it('is read once while nothing changes, with its findings worked out once a day', async () => {
    const first = await snapshot();
    const second = await snapshot();
    expect(second.workspace).toBe(first.workspace);
    expect(second.findingsFor('2026-12-08')).toBe(first.findingsFor('2026-12-08'));
    expect(second.findingsFor('2026-12-09')).not.toBe(first.findingsFor('2026-12-08'));
  });

  it('is read again after a change made through this connection, and the dashboard shows it', async () => {
    const viewer = await site.client('viewer');
    expect((await viewer.get('/')).html).toContain('Fill in Local IT helpdesk phone');
    const before = (await snapshot()).workspace;
    await writeSettingValue(site.store.db, site.organisation.id, 'helpdesk-phone', '0300 123 4567', new Date('2026-12-08T10:00:00Z'));
    const after = (await snapshot()).workspace;
    expect(after).not.toBe(before);
    expect(after.settingValues['helpdesk-phone']).toBe('0300 123 4567');
    expect((await viewer.get('/')).html).not.toContain('Fill in Local IT helpdesk phone');
  });

  it('is read again after another connection (another process, an import worker) commits a change', async () => {
    const before = (await snapshot()).workspace;
    const other = await openTestStore(join(site.dir, 'commsplan.db'), { create: false });
    await other.db.deleteFrom('settings').where('org_id', '=', site.organisation.id).where('key', '=', 'helpdesk-phone').execute();
    await other.close();
    const after = (await snapshot()).workspace;
    expect(after).not.toBe(before);
    expect(after.settingValues['helpdesk-phone']).toBeUndefined();
    expect((await (await site.client('viewer')).get('/')).html).toContain('Fill in Local IT helpdesk phone');
  });
});
