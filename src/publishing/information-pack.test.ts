import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_LENGTH, readFingerprint, runHash, wordRuns } from '../../bench/seed-fingerprint.js';
import { openTestStore } from '../../test/support/test-database.js';
import { formatLongDate } from '../calendar/local-date.js';
import { addWorkingDays } from '../calendar/working-days.js';
import { createDemoWorkspace } from '../demo/demo-workspace.js';
import { buildTimeline } from '../plan/timeline.js';
import { loadWorkspace, type Workspace } from '../plan/workspace.js';
import type { DocumentBlock } from '../plan-outputs/document-model.js';
import { toMarkdown } from '../plan-outputs/document-model.js';
import { typedSettings } from '../settings/typed-settings.js';
import type { Wave } from '../waves/wave.js';
import { publishingFindings } from './check-publishing.js';
import { buildInformationPack } from './information-pack.js';
import { buildPoster, dateSpan } from './poster.js';
import { publishedFragment, standalonePublishedHtml } from './published-html.js';

let dir: string;
let demo: Workspace;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'commsplan-pack-'));
  const store = await openTestStore(join(dir, 'commsplan.db'), { create: true });
  await createDemoWorkspace(store, new Date('2026-11-02T10:00:00Z'), '2026-11-02');
  demo = await loadWorkspace(store.db, store.location);
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The demo workspace with some settings taken away, as a comms lead's first draft has them. */
function without(workspace: Workspace, ...keys: string[]): Workspace {
  const settingValues = Object.fromEntries(Object.entries(workspace.settingValues).filter(([key]) => !keys.includes(key)));
  const settings = Object.fromEntries(Object.entries(workspace.settings).filter(([key]) => !keys.includes(key)));
  return { ...workspace, settingValues, settings, typedSettings: typedSettings(settingValues) };
}

/** The demo workspace with other waves, its timeline dated from them. */
function withWaves(workspace: Workspace, waves: Wave[]): Workspace {
  const timeline = buildTimeline({
    programmeStart: workspace.organisation.programmeStart,
    activities: workspace.activities,
    waves,
    calendar: workspace.calendar,
    sendTime: workspace.typedSettings.sendTime,
  });
  return { ...workspace, waves, timeline };
}

/** Every word of the blocks, as a reader sees it. */
const text = (blocks: DocumentBlock[]) =>
  blocks
    .flatMap((b) => {
      switch (b.kind) {
        case 'heading':
        case 'paragraph':
        case 'note':
          return [b.text];
        case 'list':
        case 'checklist':
          return b.items;
        case 'table':
          return [...b.headers, ...b.rows.flat()];
        default:
          return [];
      }
    })
    .join('\n');
const sectionOf = (blocks: DocumentBlock[], heading: string): DocumentBlock[] => {
  const start = blocks.findIndex((b) => b.kind === 'heading' && b.level === 2 && b.text === heading);
  const end = blocks.findIndex((b, i) => i > start && b.kind === 'heading' && b.level === 2);
  expect(start, heading).toBeGreaterThan(-1);
  return blocks.slice(start, end === -1 ? undefined : end);
};
const checklistOf = (blocks: DocumentBlock[], heading: string) =>
  sectionOf(blocks, heading)
    .flatMap((b) => (b.kind === 'checklist' ? b.items : []))
    .join('\n');

describe('the information pack', () => {
  it('lists every wave with its move dates, reminder date and first working day on NHSmail', () => {
    const pack = buildInformationPack(demo, '2026-11-02');
    const table = sectionOf(pack.blocks, 'What happens and when').find((b) => b.kind === 'table');
    expect(demo.waves.length).toBeGreaterThan(1);
    expect(table?.kind === 'table' && table.rows).toEqual(
      demo.waves.map((wave) => [
        wave.name,
        formatLongDate(addWorkingDays(demo.calendar, wave.start, -5)),
        `${formatLongDate(wave.start)} to ${formatLongDate(wave.end)}`,
        formatLongDate(demo.timeline.find((o) => o.activityId === 'wave-reminder' && o.wave?.id === wave.id)?.date ?? ''),
        formatLongDate(addWorkingDays(demo.calendar, wave.end, 1)),
      ]),
    );
  });

  it('has a before-your-move checklist and an after-your-move checklist with phone, Outlook, signature, rules, PST files, permissions and shared mailboxes', () => {
    const pack = buildInformationPack(demo, '2026-11-02');
    const before = checklistOf(pack.blocks, 'Before your move');
    for (const point of [
      'https://portal.nhs.net',
      "by your wave's clean-up deadline",
      'Deleted Items folder is not moved',
      'syncing',
      'music or video',
    ])
      expect(before).toContain(point);
    const after = checklistOf(pack.blocks, 'After your move');
    for (const point of [
      'Phone or tablet',
      'Outlook',
      'Signature',
      'Rules',
      'PST files',
      'Permissions',
      'Shared mailboxes',
      'Distribution lists',
    ])
      expect(after).toContain(point);
    expect(after).toContain('https://intranet.northmoor-valley.example/nhsmail/mobile');
    // An application's owner changes its settings after the move, with the settings to use (source plan 7.2.6).
    expect(after).toMatch(/Systems that send email: .*change its email settings.*https:\/\/\S+/);
  });

  it('says what NHSmail brings to the organisation and to patients, in our words', () => {
    const text = toMarkdown(buildInformationPack(demo, '2026-11-02').blocks);
    const section = (heading: string) =>
      text.slice(text.indexOf(`### ${heading}`), text.indexOf('\n#', text.indexOf(`### ${heading}`) + 4));
    const organisation = section('What it brings to the organisation');
    for (const point of ['paid for nationally', 'costs the organisation nothing', 'Spam and virus filtering', 'other NHS organisations'])
      expect(organisation).toContain(point);
    const patients = section('What it brings to patients');
    for (const point of ['email patients securely', 'passes safely between the services that care for them and government bodies'])
      expect(patients).toContain(point);
  });

  it('says where staff learn their wave before the deadline, and asks for both the NHSmail and the local security guidance', () => {
    const text = toMarkdown(buildInformationPack(demo, '2026-11-02').blocks);
    expect(text).not.toContain('Your reminder email tells you which wave you are in');
    expect(text).toContain(
      'About three weeks before your wave, we email you your move date, and name anyone you share a calendar or mailbox with who moves on another weekend.',
    );
    expect(text).toContain('About two weeks before your wave, we email you its dates and your clean-up deadline');
    expect(text).toContain('Clean-up deadline (end of the day)');
    expect(text).toMatch(
      /NHSmail guidance on keeping information safe \(https:\/\/portal\.nhs\.net[^)]*\) and our own information security policy/,
    );
  });

  it('states the facts of the service: quota, the larger mailbox at a cost, retention, time-outs, web access and the national helpdesk', () => {
    const all = text(buildInformationPack(demo, '2026-11-02').blocks);
    for (const fact of [
      '4 GB as standard',
      'up to 25 GB',
      'Northmoor Valley NHS Trust pays for each one',
      '180 days',
      'eight hours without activity',
      '30 minutes without activity',
      'This is a private computer',
      'temporary files',
      'light version',
      'high-contrast',
      '0333 200 1133',
      'helpdesk@nhs.net',
      'e-learning',
      'People Finder',
      'Calendar entries, contacts and tasks',
    ])
      expect(all).toContain(fact);
  });

  it("says where to get help with the organisation's own contacts and guidance", () => {
    const help = text(sectionOf(buildInformationPack(demo, '2026-11-02').blocks, 'Where to get help'));
    for (const value of ['0113 496 0123', 'it.helpdesk@northmoor-valley.example', 'nhsmail.project@northmoor-valley.example'])
      expect(help).toContain(value);
    expect(help).toContain('https://intranet.northmoor-valley.example/nhsmail');
  });

  it("answers staff questions, the helpdesk's among them", () => {
    const faq = sectionOf(buildInformationPack(demo, '2026-11-02').blocks, 'Questions and answers');
    const questions = faq.flatMap((b) => (b.kind === 'heading' && b.level === 3 ? [b.text] : []));
    expect(questions.length).toBeGreaterThanOrEqual(10);
    const all = text(faq);
    for (const asked of ['phone stopped', 'suggests addresses', 'shared mailbox', 'cannot send mail', 'move does not finish'])
      expect(all).toContain(asked);
    expect(all).toContain('the IT helpdesk arranges your move with you instead');
  });

  it('fills every setting, with no placeholder, dash or gap left when all are filled', () => {
    const pack = buildInformationPack(demo, '2026-11-02');
    const all = text(pack.blocks);
    expect(pack.missing).toEqual([]);
    expect(all).not.toMatch(/\(\(|\)\)|\[to be added|undefined|\bnull\b|Draft:/);
    const cells = pack.blocks.flatMap((b) =>
      b.kind === 'table' ? b.rows.flat() : b.kind === 'list' || b.kind === 'checklist' ? b.items : [],
    );
    for (const cell of cells) expect(cell.trim(), cell).not.toMatch(/^[-–—]?$/);
    expect(all).not.toMatch(/\.\.(?!\.)/);
  });

  it('names each unfilled setting, both in the text and in a draft note, and never shows it raw', () => {
    const draft = buildInformationPack(without(demo, 'helpdesk-phone', 'mailbox-guidance-url', 'deleted-items-migrated'), '2026-11-02');
    expect(draft.missing.map((m) => m.key).sort()).toEqual(['deleted-items-migrated', 'helpdesk-phone', 'mailbox-guidance-url']);
    const all = text(draft.blocks);
    expect(all).toContain('[to be added: local it helpdesk phone]');
    expect(all).not.toMatch(/\(\(|undefined|: - |\bor \./);
    const note = draft.blocks.find((b) => b.kind === 'note');
    expect(note?.kind === 'note' && note.text).toContain('Local IT helpdesk phone (helpdesk-phone)');
    expect(note?.kind === 'note' && note.text).toContain('commsplan settings set');
  });

  it('says the wave dates are still to come when no wave is planned, with no empty table', () => {
    const pack = buildInformationPack(withWaves(demo, []), '2026-11-02');
    const schedule = sectionOf(pack.blocks, 'What happens and when');
    expect(schedule.some((b) => b.kind === 'table')).toBe(false);
    expect(text(schedule)).toContain('The wave dates are not planned yet');
  });

  it('shares no run of eight words with the source plan, pack and poster alike', () => {
    const fingerprint = new Set(readFingerprint().hashes);
    const draft = without(demo, ...Object.keys(demo.settingValues));
    const words = [
      text(buildInformationPack(demo, '2026-11-02').blocks),
      text(buildInformationPack(draft, '2026-11-02').blocks),
      JSON.stringify(buildPoster(demo)),
      JSON.stringify(buildPoster(draft)),
    ].join('\n');
    const copied = [...wordRuns(words)].filter((run) => fingerprint.has(runHash(run)));
    expect(RUN_LENGTH).toBe(8);
    expect(copied).toEqual([]);
  });

  it('is one HTML page with its styles inside, links for addresses, ids for a contents list and a print stylesheet', () => {
    const pack = buildInformationPack(demo, '2026-11-02');
    const html = standalonePublishedHtml(pack, demo.organisation.name);
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|<link |src="http/);
    expect(html).toContain('<a href="mailto:helpdesk@nhs.net">helpdesk@nhs.net</a>');
    expect(html).toContain('<a href="#questions-and-answers">Questions and answers</a>');
    expect(html).toContain('id="questions-and-answers"');
    expect(publishedFragment(pack, { nested: true })).not.toContain('<h1');
  });
});

describe('the A4 poster', () => {
  it('lists every wave while there are few, with the clean-up deadline, the intranet address and what to do', () => {
    const poster = buildPoster(demo);
    expect(poster.headline).toBe('Northmoor Valley NHS Trust is moving to NHSmail');
    expect(poster.dates.map((d) => d.label)).toEqual(['Mailbox clean-up deadline', ...demo.waves.map((w) => w.name)]);
    expect(poster.dates[1]?.when).toBe('Saturday 23 – Sunday 24 January 2027');
    expect(poster.moreAt).toBe('https://intranet.northmoor-valley.example/nhsmail');
    expect(poster.action).toContain('information pack');
    expect(poster.missing).toEqual([]);
  });

  it('gives only the first and last wave when there are many', () => {
    const waves = Array.from({ length: 6 }, (_, i) => ({
      id: i + 1,
      name: `Wave ${i + 1}`,
      start: `2027-0${i + 1}-06`,
      end: `2027-0${i + 1}-07`,
    }));
    const labels = buildPoster(withWaves(demo, waves)).dates.map((d) => d.label);
    expect(labels).toEqual(['Mailbox clean-up deadline', 'First wave (Wave 1)', 'Last wave (Wave 6)']);
  });

  it('writes a span over two months in full, and a one-day wave as one date', () => {
    expect(dateSpan('2027-01-30', '2027-02-01')).toBe('Saturday 30 January 2027 – Monday 1 February 2027');
    expect(dateSpan('2027-01-30', '2027-01-30')).toBe('Saturday 30 January 2027');
  });

  it('names what a draft lacks, for the comms lead, without printing a placeholder', () => {
    const poster = buildPoster(without(demo, 'local-guidance-url'));
    expect(poster.moreAt).toBe('[to be added: migration guidance page]');
    expect(poster.draftNote).toContain('local-guidance-url');
  });
});

describe('check on the information pack', () => {
  it('warns while information-pack-url is empty, naming the emails that link to it', () => {
    const findings = publishingFindings(without(demo, 'information-pack-url'), '2026-11-02');
    const unpublished = findings.find((f) => f.code === 'information-pack-unpublished');
    expect(unpublished?.severity).toBe('warning');
    expect(unpublished?.message).toContain('wave-reminder');
    expect(unpublished?.message).toContain('commsplan export --format pack');
    expect(publishingFindings(demo, '2026-11-02')).toEqual([]);
  });

  it('warns while the pack is a draft, naming the settings to fill', () => {
    const findings = publishingFindings(without(demo, 'helpdesk-email'), '2026-11-02');
    expect(findings.find((f) => f.code === 'information-pack-draft')?.message).toContain('helpdesk-email');
  });
});
