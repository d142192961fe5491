import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../../test/support/test-database.js';
import { createDemoWorkspace } from '../demo/demo-workspace.js';
import type { Store } from '../store/store.js';
import { welcomeSenderFindings } from './check-senders.js';
import { loadWorkspace, type Workspace } from './workspace.js';

const NOW = new Date('2026-11-02T10:00:00Z');
let dir: string;
let store: Store;
let workspace: Workspace;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'commsplan-check-senders-'));
  store = await openTestStore(join(dir, 'commsplan.db'), { create: true });
  await createDemoWorkspace(store, NOW, '2026-11-02');
  workspace = await loadWorkspace(store.db, store.location);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const senders = (from: Record<string, string>, byActivity: Record<string, string> = {}, defaultSender = 'local') => ({
  byActivity: new Map(Object.entries(byActivity)),
  defaultSender,
  fromOf: new Map(Object.entries(from)),
});

describe('check, on who the welcome comes from', () => {
  it('warns when the welcome goes from a sender whose address is not @nhs.net, naming the activity, the sender and what to change', () => {
    const findings = welcomeSenderFindings(workspace, senders({ local: 'NHSmail project <nhsmail.project@northmoor-valley.example>' }));
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', code: 'welcome-sender-not-nhsmail', activityId: 'welcome' })]);
    expect(findings[0]?.message).toContain('goes from the default sender "local", whose address nhsmail.project@northmoor-valley.example');
    expect(findings[0]?.message).toContain('commsplan activity set welcome --sender NAME');
  });

  it('says nothing when the welcome has an @nhs.net sender of its own, or no sender at all', () => {
    const own = senders({ local: 'team@northmoor-valley.example', nhsmail: 'NHSmail team <Team.NHSmail@NHS.net>' }, { welcome: 'nhsmail' });
    expect(welcomeSenderFindings(workspace, own)).toEqual([]);
    expect(welcomeSenderFindings(workspace, { byActivity: new Map(), defaultSender: undefined, fromOf: new Map() })).toEqual([]);
  });
});
