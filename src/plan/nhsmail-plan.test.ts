import { describe, expect, it } from 'vitest';
import { RUN_LENGTH, readFingerprint, runHash, wordRuns } from '../../bench/seed-fingerprint.js';
import { PERSONAL_FIELDS, PLAN_FIELDS, SETTING_FIELDS, WAVE_FIELDS } from '../messages/message-fields.js';
import { placeholdersIn } from '../messages/placeholders.js';
import { NHSMAIL_PLAN } from './builtin-plans.js';

/** Every piece of our own wording the plan ships. */
function ourWords(): string {
  return [
    ...NHSMAIL_PLAN.templates.flatMap((t) => [t.subject, t.body]),
    ...NHSMAIL_PLAN.keyMessages.flatMap((m) => [m.heading, m.body]),
    ...NHSMAIL_PLAN.activities.flatMap((a) => [a.title, ...a.actions]),
    ...NHSMAIL_PLAN.phases.map((p) => p.summary),
  ].join('\n');
}

describe('the built-in NHSmail plan', () => {
  it('has every activity of section 7 of the source template, in order', () => {
    const references = NHSMAIL_PLAN.activities.map((a) => a.reference).filter((r) => r.startsWith('7.'));
    expect(references).toEqual([
      '7.1.1',
      '7.2.1',
      '7.2.2',
      '7.2.3',
      '7.2.4',
      '7.2.5',
      '7.2.6',
      '7.3.1',
      '7.3.2',
      '7.4.1',
      '7.4.2',
      '7.4.3',
    ]);
  });

  it.each([
    ['announcement', ['all-staff'], 'raising-awareness'],
    ['detailed-actions', ['all-staff'], 'actions-required'],
    ['over-quota', ['over-quota'], 'actions-required'],
    ['mobile-users', ['mobile-users'], 'actions-required'],
    ['outlook-users', ['email-programme-users'], 'actions-required'],
    ['helpdesk', ['helpdesk'], 'actions-required'],
    ['application-owners', ['application-owners'], 'actions-required'],
    ['dl-owners', ['dl-owners'], 'actions-required'],
    ['shared-mailbox-owners', ['shared-mailbox-owners'], 'actions-required'],
    ['month-3-all-staff', ['all-staff'], 'pre-migration'],
    ['wave-reminder', ['wave'], 'pre-migration'],
    ['welcome', ['migrated'], 'post-migration'],
    ['failed-migration', ['failed'], 'post-migration'],
    ['completion', ['all-staff'], 'post-migration'],
  ])('sends %s to %j in phase %s with its own email', (id, audiences, phase) => {
    const activity = NHSMAIL_PLAN.activities.find((a) => a.id === id);
    expect(activity?.audiences).toEqual(audiences);
    expect(activity?.phase).toBe(phase);
    expect(activity?.templateIds).toEqual([id]);
    expect(NHSMAIL_PLAN.templates.some((t) => t.id === id)).toBe(true);
  });

  it('times activities as the source template does', () => {
    const timing = Object.fromEntries(NHSMAIL_PLAN.activities.map((a) => [a.id, a.timing]));
    expect(timing['detailed-actions']).toEqual({ kind: 'programme', month: 2 });
    expect(timing['month-3-all-staff']).toEqual({ kind: 'programme', month: 3 });
    expect(timing['wave-reminder']).toEqual({ kind: 'wave', anchor: 'start', days: -7, count: 'calendar' });
    expect(timing.welcome).toEqual({ kind: 'wave', anchor: 'end', days: 1, count: 'working' });
    expect(timing.completion?.kind).toBe('after-all-waves');
  });

  it('has key messages for all four phases', () => {
    expect(new Set(NHSMAIL_PLAN.keyMessages.map((m) => m.phase))).toEqual(new Set(NHSMAIL_PLAN.phases.map((p) => p.id)));
  });

  it('uses only placeholders that settings, the plan, the wave or the person can fill', () => {
    const known = new Set<string>([...SETTING_FIELDS, ...PLAN_FIELDS, ...PERSONAL_FIELDS, ...WAVE_FIELDS]);
    for (const template of NHSMAIL_PLAN.templates) {
      const unknown = placeholdersIn(`${template.subject}\n${template.body}`).filter((name) => !known.has(name));
      expect(unknown, template.id).toEqual([]);
    }
  });

  it('carries over the facts: 4 GB quota, 180-day retention, national helpdesk and portal', () => {
    const welcome = NHSMAIL_PLAN.templates.find((t) => t.id === 'welcome')?.body ?? '';
    for (const fact of ['4 GB', '180 days', '0333 200 1133', 'helpdesk@nhs.net', 'https://portal.nhs.net']) expect(welcome).toContain(fact);
    const reminder = NHSMAIL_PLAN.templates.find((t) => t.id === 'wave-reminder')?.body ?? '';
    expect(reminder).toContain('eight hours');
    expect(reminder).toContain('30 minutes');
  });

  it('shares no run of eight words with the source template, by its committed fingerprint', () => {
    const seed = readFingerprint();
    expect(seed.runLength).toBe(RUN_LENGTH);
    expect(seed.hashes.length).toBeGreaterThan(4000);
    const seedHashes = new Set(seed.hashes);
    const copied = [...wordRuns(ourWords())].filter((run) => seedHashes.has(runHash(run)));
    expect(copied).toEqual([]);
  });
});
