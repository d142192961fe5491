import { describeAudience } from '../audiences/audience-names.js';
import { parseOwner } from '../plan/owner.js';
import { keyOfOccurrence, type PlanRecord } from '../plan/plan-record.js';
import type { Occurrence } from '../plan/timeline.js';
import type { Workspace } from '../plan/workspace.js';
import { occurrenceStateText } from './occurrence-state-text.js';
import { channelNames } from './plan-document.js';

/** Escapes a TEXT value (RFC 5545 section 3.3.11). */
function icsText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets without splitting a UTF-8 character (section 3.1). */
function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function icsInstant(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function attendeeLine(owner: string | undefined): string[] {
  if (!owner) return [];
  const { name, email } = parseOwner(owner);
  if (!email) return [];
  const cn = name.replace(/["\\]/g, '');
  return [`ATTENDEE;CN="${cn}";ROLE=REQ-PARTICIPANT:mailto:${email}`];
}

/** An event is cancelled when its activity is skipped, or nothing of it will happen: its email and its task are cancelled or skipped. */
function isCancelled(occurrence: Occurrence, record: PlanRecord | undefined): boolean {
  if (occurrence.status === 'skipped') return true;
  const entry = record?.occurrences.get(keyOfOccurrence(occurrence));
  if (!entry || (!entry.email && !entry.task)) return false;
  const dropped = (state: string | undefined) => state === undefined || state === 'cancelled' || state === 'skipped';
  return dropped(entry.email?.state) && dropped(entry.task?.state);
}

/** One 30-minute event per occurrence, with the owner invited when they have an address. */
export function buildPlanCalendar(workspace: Workspace, now: Date, record?: PlanRecord): string {
  const stamp = icsInstant(now.toISOString());
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//commsplan//Migration communications plan//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icsText(`${workspace.organisation.name}: NHSmail communications`)}`,
  ];
  for (const occurrence of workspace.timeline) {
    const phase = workspace.phases.find((p) => p.id === occurrence.phase);
    const description = [
      `Phase ${phase?.number}: ${phase?.title}`,
      `Audience: ${occurrence.audiences.map((a) => describeAudience(a, occurrence.wave?.name)).join(', ')}`,
      `Channels: ${channelNames(occurrence.channels)}`,
      `Owner: ${occurrence.owner ?? 'not assigned'}`,
      `State: ${record ? occurrenceStateText(record.occurrences.get(keyOfOccurrence(occurrence)), { withCounts: true }) : occurrence.status}`,
      `When: ${occurrence.timing}`,
    ].join('\n');
    const uid = `${workspace.organisation.id}.${occurrence.activityId}${occurrence.wave ? `.wave-${occurrence.wave.id}` : ''}@commsplan`;
    lines.push(
      'BEGIN:VEVENT',
      `UID:${uid}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${icsInstant(occurrence.sendAt)}`,
      'DURATION:PT30M',
      `SUMMARY:${icsText(occurrence.wave ? `${occurrence.title} (${occurrence.wave.name})` : occurrence.title)}`,
      `DESCRIPTION:${icsText(description)}`,
      `CATEGORIES:${icsText(phase?.title ?? occurrence.phase)}`,
      `STATUS:${isCancelled(occurrence, record) ? 'CANCELLED' : 'CONFIRMED'}`,
      ...attendeeLine(occurrence.owner),
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
