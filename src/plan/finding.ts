import type { Activity } from './plan-model.js';

export type FindingSeverity = 'blocker' | 'warning';

/**
 * Where a finding is fixed, as a kind and its subject: the web links to the page that does it,
 * the CLI prints its command line (kept in `message`).
 */
export type FixPlace =
  | { kind: 'setting'; setting: string; label: string }
  | { kind: 'activity'; activityId: string; title: string }
  | { kind: 'task'; taskId: string }
  | { kind: 'wave-move'; waveId: number; wave: string }
  | { kind: 'waves' | 'wave-plan' | 'audiences' | 'closures' | 'imports' | 'senders' | 'bounces' | 'sending' }
  | { kind: 'information-pack' | 'lost-letters' | 'helpdesk' | 'reports' };

/** One thing `check` reports; the ids say what to change. */
export interface Finding {
  severity: FindingSeverity;
  code: string;
  /** The finding as the CLI prints it, with the command line that fixes it. */
  message: string;
  /** What is wrong and what to do, in plain words with no command line; the web shows it beside the link to `fixAt`. */
  problem?: string;
  fixAt?: FixPlace;
  activityId?: string;
  templateId?: string;
  setting?: string;
  wave?: string;
}

/** Activities still to happen; done and skipped ones are never checked. */
export const isOpen = (activity: Activity) => activity.status === 'planned' || activity.status === 'ready';
