import type { Activity } from './plan-model.js';

export type FindingSeverity = 'blocker' | 'warning';

/** One thing `check` reports; the ids say what to change. */
export interface Finding {
  severity: FindingSeverity;
  code: string;
  message: string;
  activityId?: string;
  templateId?: string;
  setting?: string;
  wave?: string;
}

/** Activities still to happen; done and skipped ones are never checked. */
export const isOpen = (activity: Activity) => activity.status === 'planned' || activity.status === 'ready';
