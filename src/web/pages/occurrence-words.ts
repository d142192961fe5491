import type { OccurrenceState } from '../../plan/occurrence-state.js';

/** An occurrence's state as people say it; an occurrence with no email is a job to do, not one to approve. */
export function occurrenceStateWords(state: OccurrenceState, sendsEmail: boolean): string {
  switch (state) {
    case 'planned':
      return sendsEmail ? 'Waiting for approval' : 'To do';
    case 'approved':
      return 'Approved, not sent yet';
    case 'sending':
      return 'Sending now';
    case 'sent':
      return 'Sent';
    case 'paused':
      return 'Paused';
    case 'cancelled':
      return 'Cancelled';
    case 'done':
      return 'Done';
    case 'skipped':
      return 'Skipped';
  }
}

const FINISHED: readonly OccurrenceState[] = ['sent', 'done', 'skipped', 'cancelled'];

/**
 * Where a whole activity stands, from its occurrences' states: the headline people read first
 * ("Under way") and, when they differ, how many occurrences are in each state ("1 sent, 2 waiting for approval").
 */
export function overallState(states: readonly OccurrenceState[], sendsEmail: boolean): { headline: string; counts: string } {
  const counts = new Map<string, number>();
  for (const state of states) {
    const words = occurrenceStateWords(state, sendsEmail);
    counts.set(words, (counts.get(words) ?? 0) + 1);
  }
  const countWords = [...counts].map(([words, n]) => `${n} ${words.toLowerCase()}`).join(', ');
  return { headline: headlineOf(states, sendsEmail), counts: counts.size > 1 ? countWords : '' };
}

function headlineOf(states: readonly OccurrenceState[], sendsEmail: boolean): string {
  if (states.length === 0) return 'Not dated yet: it has no occurrence until its waves are added';
  const every = (wanted: readonly OccurrenceState[]) => states.every((s) => wanted.includes(s));
  const some = (wanted: readonly OccurrenceState[]) => states.some((s) => wanted.includes(s));
  if (every(['skipped', 'cancelled'])) return 'Skipped: nothing of it goes';
  if (every(FINISHED)) return 'Finished';
  if (some(['sending'])) return 'Sending now';
  if (some(['paused'])) return 'Paused: approve it again to carry on';
  if (some(FINISHED)) return 'Under way: some of it has happened, more is to come';
  if (every(['approved'])) return 'Approved, not sent yet';
  if (some(['approved'])) return 'Partly approved';
  return sendsEmail ? 'Not started: waiting for approval' : 'Not started';
}
