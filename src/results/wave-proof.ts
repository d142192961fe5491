import { audienceMembers } from '../audiences/audiences.store.js';
import { parseFilter } from '../audiences/filter-language.js';
import { readDirectory } from '../audiences/manage-audiences.js';
import { londonInstant } from '../calendar/london-time.js';
import { keyOf } from '../plan/occurrence-names.js';
import type { Occurrence } from '../plan/timeline.js';
import type { Workspace } from '../plan/workspace.js';
import type { Store } from '../store/store.js';
import type { Wave } from '../waves/wave.js';
import { messagesOf } from './recorded-results.store.js';

/** How the reminder stands for one person: the outbox's own state, or `never queued`. */
export interface ReminderProof {
  person: string;
  name: string;
  /** The address the reminder went (or goes) to. */
  recipient: string | undefined;
  /** `sent`, `failed`, `pending`, `cancelled`, `never queued`, or a state the outbox gains later (a bounce). */
  status: string;
  /** When it was sent, failed, or is due. */
  at: string | undefined;
  reason: string | undefined;
  /** Already moved: not in the reminder's audience, so never needs it. */
  alreadyMoved: boolean;
}

export interface WaveProof {
  wave: Wave;
  /** The reminder occurrences of the wave (one in the NHSmail plan). */
  reminders: string[];
  /** 24 hours before the wave starts (London midnight): by then every reminder should be sent. */
  deadline: string;
  people: ReminderProof[];
  counts: Record<string, number>;
  /** People due a reminder who have not been sent it. */
  notSent: number;
}

const PENDING = new Set(['queued', 'sending', 'retrying']);

/** The wave's reminders: its occurrences for people in the wave (`wave:NAME`) that send an email. */
export function remindersOf(workspace: Workspace, wave: Wave): Occurrence[] {
  return workspace.timeline.filter(
    (o) =>
      o.wave?.id === wave.id &&
      o.audiences.some((a) => a.toLowerCase() === `wave:${wave.name}`.toLowerCase()) &&
      Boolean(workspace.activities.find((a) => a.id === o.activityId)?.templateIds.length),
  );
}

export function reminderDeadline(wave: Wave): string {
  return new Date(londonInstant(wave.start, '00:00').getTime() - 24 * 3_600_000).toISOString();
}

/** Everyone in the wave now, and whether their reminder was sent, failed, is pending or was never queued. */
export async function waveProof(store: Store, workspace: Workspace, wave: Wave, now: Date): Promise<WaveProof> {
  const orgId = workspace.organisation.id;
  const options = await readDirectory(store, { orgId, settings: workspace.typedSettings, now });
  const people = await audienceMembers(store.db, orgId, parseFilter(`wave = ${JSON.stringify(wave.name)} and gets_nhsmail`), options);
  const reminders = remindersOf(workspace, wave).map(keyOf);
  const messages = await messagesOf(store.db, orgId, reminders);
  const rows = people.map((person): ReminderProof => {
    const message = reminders.map((key) => messages.get(`${key} ${person.email}`)).find(Boolean);
    const name = person.display_name ?? ([person.first_name, person.last_name].filter(Boolean).join(' ') || '');
    const base = { person: person.email, name, alreadyMoved: person.migrated === 1 };
    if (!message) return { ...base, recipient: undefined, status: 'never queued', at: undefined, reason: undefined };
    const status = PENDING.has(message.state) ? 'pending' : message.state;
    const at =
      message.state === 'sent' ? message.sentAt : message.state === 'failed' ? (message.failedAt ?? message.notBefore) : message.notBefore;
    return { ...base, recipient: message.recipient, status, at, reason: message.lastError };
  });
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.status] = (counts[row.status] ?? 0) + 1;
  return {
    wave,
    reminders,
    deadline: reminderDeadline(wave),
    people: rows,
    counts,
    notSent: rows.filter((row) => !row.alreadyMoved && row.status !== 'sent').length,
  };
}
