import { audienceForWave, describeAudience, perWaveAudience } from '../audiences/audience-names.js';
import { formatDate, formatLongDate } from '../calendar/local-date.js';
import { londonDate } from '../calendar/london-time.js';
import { NATION_NAMES } from '../calendar/uk-bank-holidays.js';
import { COLLEAGUES_APART_FIELD } from '../messages/colleagues-apart-field.js';
import { FAILED_MOVE_FIELDS } from '../messages/failed-move-route.js';
import { OWN_WAVE_FIELDS, PERSONAL_FIELDS, WAVE_FIELDS, workspaceFields } from '../messages/message-fields.js';
import { PROGRAMME_OUTCOME_FIELDS } from '../messages/programme-outcome-fields.js';
import { fieldValues, renderTemplate } from '../messages/render-template.js';
import { ownerName } from '../plan/owner.js';
import { type Activity, CHANNELS } from '../plan/plan-model.js';
import { keyOfOccurrence, type PlanRecord } from '../plan/plan-record.js';
import type { Occurrence } from '../plan/timeline.js';
import type { Workspace } from '../plan/workspace.js';
import type { DocumentBlock } from './document-model.js';
import { occurrenceStateText } from './occurrence-state-text.js';
import { detailsBlocks, draftNotice } from './plan-details.js';
import { asOfText, progressBlocks } from './plan-progress.js';

const FILLED_AT_SEND_TIME = new Set<string>([
  ...PERSONAL_FIELDS,
  ...OWN_WAVE_FIELDS,
  ...WAVE_FIELDS,
  ...FAILED_MOVE_FIELDS,
  COLLEAGUES_APART_FIELD,
  ...PROGRAMME_OUTCOME_FIELDS,
]);

/** Switches of optional text that differs from person to person: the document shows every case. */
const EVERY_CASE = {
  'moves in a later wave': 'yes',
  'helpdesk takes over': 'yes',
  'failed twice': 'yes',
  'remainder accepted': 'yes',
  'nhsmail over quota': 'yes',
  // Shown as its name, as the other values filled when sending are, so the sentence about it shows.
  'your wave': '[your wave]',
};

export interface PlanDocument {
  title: string;
  blocks: DocumentBlock[];
  /** Settings placeholders that had no value and show as "[not set: ...]". */
  missing: string[];
}

function closureText(count: number): string {
  if (count === 0) return '';
  return ` and ${count} local closure day${count === 1 ? '' : 's'}`;
}

export function channelNames(channels: readonly string[]): string {
  return channels.map((channel) => CHANNELS[channel as keyof typeof CHANNELS] ?? channel).join(', ');
}

export function occurrenceAudience(occurrence: Occurrence): string {
  return occurrence.audiences.map((audience) => describeAudience(audience, occurrence.wave?.name)).join(', ');
}

/** Templates in the order the plan sends them, then any no activity sends. */
export function templatesInPlanOrder(workspace: Pick<Workspace, 'activities' | 'templates'>): Workspace['templates'] {
  const ids = [...new Set([...workspace.activities.flatMap((activity) => activity.templateIds), ...workspace.templates.map((t) => t.id)])];
  return ids.flatMap((id) => workspace.templates.filter((template) => template.id === id));
}

/** Each audience the activities name, with its size where counted and the activities that reach it, in plan order. */
function audienceTable(workspace: Workspace, record: PlanRecord): DocumentBlock {
  const reached = new Map<string, string[]>();
  for (const activity of workspace.activities) {
    for (const audience of activity.audiences) {
      const name = perWaveAudience(audience)?.audience ?? audience;
      reached.set(name, [...(reached.get(name) ?? []), activity.title]);
    }
  }
  const sizes = record.audienceSizes;
  return {
    kind: 'table',
    headers: [
      'Audience',
      'Name in commsplan',
      ...(sizes ? [`People (counted ${formatDate(londonDate(new Date(sizes.countedAt)))})`] : []),
      'Activities',
    ],
    rows: [...reached].map(([name, titles]) => [
      describeAudience(name).replace('the wave', 'each wave'),
      name,
      ...(sizes ? [audienceSize(workspace, record, name)] : []),
      titles.join('; '),
    ]),
  };
}

/**
 * An audience's size where it is known: as last counted, or wave by wave for an audience tied to
 * waves, from the count of each wave's audience or else the people its email was made for.
 */
function audienceSize(workspace: Workspace, record: PlanRecord, name: string): string {
  const counts = record.audienceSizes?.counts;
  const size = counts?.get(name);
  if (size !== undefined) return size.toLocaleString('en-GB');
  if (audienceForWave(name, 'x') === name) return `not known: ${record.audienceSizes?.notKnown.get(name) ?? 'not counted'}`;
  const perWave = workspace.waves.flatMap((wave) => {
    const made = workspace.timeline
      .filter((o) => o.wave?.id === wave.id && o.audiences.includes(audienceForWave(name, wave.name)))
      .map((o) => record.occurrences.get(keyOfOccurrence(o))?.email?.counts.recipients ?? 0);
    const n = counts?.get(audienceForWave(name, wave.name)) ?? (made.some(Boolean) ? Math.max(...made) : undefined);
    return n === undefined ? [] : [`${wave.name}: ${n.toLocaleString('en-GB')}`];
  });
  return perWave.length ? perWave.join('; ') : "known once each wave's results are in";
}

/** Where each of an activity's occurrences stands: `sent (1,240 people: ...)`, or wave by wave. */
function activityState(workspace: Workspace, activity: Activity, record: PlanRecord): string {
  const occurrences = workspace.timeline.filter((occurrence) => occurrence.activityId === activity.id);
  if (occurrences.length === 0) return `${activity.status} (not dated yet)`;
  return occurrences
    .map(
      (o) => `${o.wave ? `${o.wave.name}: ` : ''}${occurrenceStateText(record.occurrences.get(keyOfOccurrence(o)), { withCounts: true })}`,
    )
    .join('; ');
}

function activityDates(workspace: Workspace, activity: Activity): string {
  const dates = workspace.timeline
    .filter((occurrence) => occurrence.activityId === activity.id)
    .map((o) => (o.wave ? `${o.wave.name}: ${formatLongDate(o.date)}` : formatLongDate(o.date)));
  return dates.length ? dates.join('; ') : 'not dated yet (no waves)';
}

/**
 * The plan as a document to share: filled in with the settings, dated from the waves, and with
 * where each occurrence stands as `record` says (its state, its messages, its task).
 */
export function buildPlanDocument(workspace: Workspace, title: string, record: PlanRecord): PlanDocument {
  const { organisation } = workspace;
  const { fill, missing } = planFiller(workspace);
  const fullTitle = `${title}: ${organisation.name}`;
  const blocks: DocumentBlock[] = [
    { kind: 'heading', level: 1, text: fullTitle },
    summaryFields(workspace, record),
    ...detailsBlocks(workspace),
    ...workspace.introduction.flatMap((section): DocumentBlock[] => {
      const rendered = fill(section.heading, section.body);
      const blocks: DocumentBlock[] = [
        { kind: 'heading', level: 2, text: rendered.subject },
        { kind: 'rich', text: rendered.text, html: rendered.bodyHtml, headingLevel: 3 },
      ];
      return section.id === 'target-audiences' ? [...blocks, audienceTable(workspace, record)] : blocks;
    }),
    { kind: 'heading', level: 2, text: 'Communications phases' },
    ...workspace.phases.flatMap((phase): DocumentBlock[] => [
      { kind: 'heading', level: 3, text: `Phase ${phase.number}: ${phase.title}` },
      { kind: 'paragraph', text: phase.summary },
    ]),
    { kind: 'heading', level: 2, text: 'Waves' },
    workspace.waves.length
      ? {
          kind: 'table',
          headers: ['Wave', 'Starts', 'Ends'],
          rows: workspace.waves.map((w) => [w.name, formatLongDate(w.start), formatLongDate(w.end)]),
        }
      : { kind: 'paragraph', text: 'No waves have been planned yet.' },
    { kind: 'heading', level: 2, text: 'Timeline' },
    timelineTable(workspace, record),
    ...progressBlocks(workspace, record),
    { kind: 'heading', level: 2, text: 'Communications plan' },
    ...activityBlocks(workspace, record),
    ...keyMessageBlocks(workspace, fill),
    ...emailBlocks(workspace, fill),
  ];
  const draft = draftNotice(workspace, [...missing]);
  if (draft) blocks.splice(2, 0, draft);
  return { title: fullTitle, blocks, missing: [...missing] };
}

type Fill = (subject: string, body: string) => ReturnType<typeof renderTemplate>;

/** Renders the plan's texts with the workspace's values, noting each setting they need that is not set. */
function planFiller(workspace: Workspace): { fill: Fill; missing: Set<string> } {
  // Each field filled at send time reads as its own marker, `[first name]`, and its optional text shows.
  const markers = Object.fromEntries([...FILLED_AT_SEND_TIME].map((name) => [name, `[${name}]`]));
  const values = fieldValues({ ...markers, ...EVERY_CASE, ...workspaceFields(workspace) });
  const missing = new Set<string>();
  const showMissing = (name: string) => {
    if (FILLED_AT_SEND_TIME.has(name)) return `[${name}]`;
    missing.add(name);
    return `[not set: ${name}]`;
  };
  const fill: Fill = (subject, body) => renderTemplate({ id: 'document', subject, body }, values, { showMissing });
  return { fill, missing };
}

function summaryFields(workspace: Workspace, record: PlanRecord): DocumentBlock {
  const { organisation } = workspace;
  return {
    kind: 'fields',
    rows: [
      ['Organisation', organisation.name],
      ['Programme start', formatLongDate(organisation.programmeStart)],
      ['Waves', String(workspace.waves.length)],
      ['Emails sent at', `${workspace.settings['send-time'] ?? '09:00'} (UK time)`],
      [
        'Working days',
        `Monday to Friday, except ${NATION_NAMES[organisation.nation]} bank holidays${closureText(workspace.closures.length)}`,
      ],
      ['Produced', asOfText(record.asOf)],
    ],
  };
}

function timelineTable(workspace: Workspace, record: PlanRecord): DocumentBlock {
  return {
    kind: 'table',
    headers: ['Date', 'Time', 'Phase', 'Activity', 'Audience', 'Channels', 'Owner', 'State'],
    rows: workspace.timeline.map((o) => [
      formatDate(o.date),
      o.time,
      String(workspace.phases.find((p) => p.id === o.phase)?.number ?? ''),
      o.wave ? `${o.title} (${o.wave.name})` : o.title,
      occurrenceAudience(o),
      channelNames(o.channels),
      ownerName(o.owner),
      occurrenceStateText(record.occurrences.get(keyOfOccurrence(o))),
    ]),
  };
}

/** Each phase's activities: who, when, who owns it, its state, its emails and what it does. */
function activityBlocks(workspace: Workspace, record: PlanRecord): DocumentBlock[] {
  const blocks: DocumentBlock[] = [];
  for (const phase of workspace.phases) {
    blocks.push({ kind: 'heading', level: 3, text: `Phase ${phase.number}: ${phase.title}` });
    for (const activity of workspace.activities.filter((a) => a.phase === phase.id)) {
      blocks.push(
        { kind: 'heading', level: 4, text: activity.title },
        {
          kind: 'fields',
          rows: [
            ['Audience', activity.audiences.map((a) => describeAudience(a)).join(', ')],
            [
              'When',
              `${workspace.timeline.find((o) => o.activityId === activity.id)?.timing ?? ''}: ${activityDates(workspace, activity)}`,
            ],
            ['Owner', activity.owner ?? 'Not assigned'],
            ['Channels', channelNames(activity.channels)],
            ['State', activityState(workspace, activity, record)],
            ['Emails', activity.templateIds.join(', ') || 'none'],
          ],
        },
        { kind: 'list', items: activity.actions },
      );
    }
  }
  return blocks;
}

function keyMessageBlocks(workspace: Workspace, fill: Fill): DocumentBlock[] {
  const blocks: DocumentBlock[] = [{ kind: 'heading', level: 2, text: 'Appendix 1: Key messages' }];
  for (const phase of workspace.phases) {
    blocks.push({ kind: 'heading', level: 3, text: `Phase ${phase.number}: ${phase.title}` });
    for (const message of workspace.keyMessages.filter((m) => m.phase === phase.id)) {
      const rendered = fill(message.heading, message.body);
      blocks.push(
        { kind: 'heading', level: 4, text: rendered.subject },
        { kind: 'rich', text: rendered.text, html: rendered.bodyHtml, headingLevel: 5 },
      );
    }
  }
  return blocks;
}

function emailBlocks(workspace: Workspace, fill: Fill): DocumentBlock[] {
  const blocks: DocumentBlock[] = [
    { kind: 'heading', level: 2, text: 'Appendix 2: Emails' },
    { kind: 'paragraph', text: 'Words in square brackets, such as [first name], are filled in for each person when the email is sent.' },
  ];
  for (const template of templatesInPlanOrder(workspace)) {
    const usedBy = workspace.activities.filter((a) => a.templateIds.includes(template.id)).map((a) => a.title);
    const rendered = fill(template.subject, template.body);
    blocks.push(
      { kind: 'heading', level: 3, text: `${template.id}${usedBy.length ? ` (${usedBy.join(', ')})` : ''}` },
      { kind: 'email', subject: rendered.subject, text: rendered.text, html: rendered.bodyHtml, headingLevel: 4 },
    );
  }
  return blocks;
}
