import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../../test/support/test-database.js';
import { createDemoWorkspace } from '../demo/demo-workspace.js';
import { NHSMAIL_PLAN } from '../plan/builtin-plans.js';
import { planRecordOf } from '../plan/plan-record.js';
import { loadWorkspace, type Workspace } from '../plan/workspace.js';
import { toHtml, toMarkdown } from './document-model.js';
import { buildPlanDocument } from './plan-document.js';

let dir: string;
let workspace: Workspace;
let markdown: string;
let html: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'commsplan-document-'));
  const store = await openTestStore(join(dir, 'commsplan.db'), { create: true });
  await createDemoWorkspace(store, new Date('2026-11-02T10:00:00Z'), '2026-11-02');
  workspace = await loadWorkspace(store.db, store.location);
  await store.close();
  const record = planRecordOf(workspace, {
    asOf: new Date('2026-11-02T10:00:00Z'),
    emailStates: new Map(),
    counts: new Map(),
    closedTasks: new Map(),
  });
  const document = buildPlanDocument(workspace, NHSMAIL_PLAN.title, record);
  markdown = toMarkdown(document.blocks);
  html = toHtml(document.title, document.blocks);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every heading in document order, as [level, text]; quoted ones (inside an email) included. */
const markdownHeadings = (text: string) =>
  [...text.matchAll(/^(?:> )?(#{1,6}) (.+)$/gm)].map((match) => [(match[1] as string).length, match[2] as string] as const);
const htmlHeadings = (text: string) =>
  [...text.matchAll(/<h([1-6])\b[^>]*>(.*?)<\/h\1>/g)].map((match) => [Number(match[1]), match[2] as string] as const);

describe('the plan document', () => {
  it.each([
    ['Markdown', () => markdownHeadings(markdown)],
    ['HTML', () => htmlHeadings(html)],
  ])('has the sections of the source plan in its order, in %s', (_format, headings) => {
    expect(
      headings()
        .filter(([level]) => level === 2)
        .map(([, text]) => text),
    ).toEqual([
      'Details used in this plan',
      'Purpose',
      'Scope',
      'Background',
      'Objectives',
      'Target audiences',
      'Communications phases',
      'Waves',
      'Timeline',
      'Progress',
      'Communications plan',
      'Appendix 1: Key messages',
      'Appendix 2: Emails',
    ]);
  });

  it.each([
    ['Markdown', () => markdownHeadings(markdown)],
    ['HTML', () => htmlHeadings(html)],
  ])('has one title and never skips a heading level, the emails included, in %s', (_format, headings) => {
    const levels = headings().map(([level]) => level);
    expect(levels.filter((level) => level === 1)).toHaveLength(1);
    expect(levels[0]).toBe(1);
    levels.forEach((level, index) => {
      if (index > 0) expect(level, `heading ${index}: ${headings()[index]?.[1]}`).toBeLessThanOrEqual((levels[index - 1] as number) + 1);
    });
  });

  it('puts the headings inside each email one level under the email it belongs to', () => {
    expect(markdown).toContain('> #### What to look out for');
    expect(markdown).not.toMatch(/^> -{3,}$/m);
    const email = /<section class="email">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    expect(email).toContain('<h4');
    expect(email).not.toMatch(/<h[123]\b/);
  });

  it('lists the emails in the order the plan sends them', () => {
    const emailsAt = markdown.indexOf('\n## Appendix 2: Emails\n');
    const emails = markdownHeadings(markdown.slice(emailsAt))
      .filter(([level]) => level === 3)
      .map(([, text]) => text.split(' ')[0]);
    expect(emails).toEqual(NHSMAIL_PLAN.activities.flatMap((activity) => activity.templateIds));
  });

  it('fills the opening sections with the organisation and names every audience the plan reaches', () => {
    expect(markdown).toContain('This plan sets out how Northmoor Valley NHS Trust tells its staff');
    const table = markdown.slice(markdown.indexOf('## Target audiences'), markdown.indexOf('## Communications phases'));
    const named = new Set(NHSMAIL_PLAN.activities.flatMap((activity) => activity.audiences));
    for (const audience of named) expect(table, audience).toContain(`| ${audience} |`);
    expect(table).toContain('Users moved in each wave');
  });

  it('shows every wave in the phase 3 email', () => {
    const email = markdown.slice(markdown.indexOf('### month-3-all-staff'));
    expect(workspace.waves.length).toBeGreaterThan(0);
    for (const wave of workspace.waves) expect(email).toContain(wave.name);
  });

  it('shows the sentences said to some people only: their own wave, and an NHSmail account over quota on its own', () => {
    const email = markdown.slice(markdown.indexOf('### month-3-all-staff'));
    expect(email).toMatch(/You move with \\\[your wave\\\], on \\\[your wave dates\\\]\./);
    const overQuota = markdown.slice(markdown.indexOf('### over-quota'));
    expect(overQuota).toContain('Your NHSmail account on its own is already over your quota');
  });

  it('shows each field filled at send time as a marker on its own, with its optional text, never glued to a heading', () => {
    expect(markdown).not.toMatch(/\\\][^\s.,:;)]/);
    const sharedUsers = markdown.slice(markdown.indexOf('### shared-mailbox-users'), markdown.indexOf('### shared-mailbox-owners'));
    expect(sharedUsers).toContain('> Larger than NHSmail allows for a shared mailbox: \\[shared mailboxes over limit\\].');
    expect(sharedUsers).toMatch(/^> #### After the move$/m);
    const overQuota = markdown.slice(markdown.indexOf('### over-quota'), markdown.indexOf('### nearing-quota'));
    expect(overQuota).toMatch(/^> - your Northmoor Valley NHS Trust mailbox: \\\[local mailbox size\\\]$/m);
    expect(overQuota).toContain('> - the two together: \\[combined size\\]');
    expect(html).toMatch(/<h4[^>]*>After the move<\/h4>/);
  });

  it('calls the plan a draft only when its text shows a setting as not set, and gives a share with its unit', () => {
    expect(workspace.settings['quota-deadline'] ?? '').toBe('');
    expect(markdown).not.toContain('[not set:');
    expect(markdown).not.toContain('Draft:');
    expect(markdown).toContain(
      '**Mailbox clean-up deadline:** Not set (optional): set it with commsplan settings set quota-deadline VALUE',
    );
    expect(markdown).toContain('**Nearing quota from:** 90%');
  });

  it('names the setting a draft still needs where a yes-or-no sentence goes, never a stray "-"', () => {
    const draftWorkspace = { ...workspace, settings: {} };
    const record = planRecordOf(draftWorkspace, {
      asOf: new Date('2026-11-02T10:00:00Z'),
      emailStates: new Map(),
      counts: new Map(),
      closedTasks: new Map(),
    });
    const draft = toMarkdown(buildPlanDocument(draftWorkspace, NHSMAIL_PLAN.title, record).blocks);
    expect(draft).not.toMatch(/ -$|^(> )?-$/m);
    const email = draft.slice(draft.indexOf('### detailed-actions'), draft.indexOf('### over-quota'));
    expect(email).toContain('> - \\[not set: deleted items migrated\\]');
    expect(draft).toMatch(/^Draft: \d+ of the settings it uses are empty\. The text shows \\\[not set: \.\.\.\\\] where one is needed;/m);
  });
});
