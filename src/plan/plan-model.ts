import type { SendPriority } from './send-priority.js';
import type { TimingRule } from './timing-rule.js';

export const PHASE_IDS = ['raising-awareness', 'actions-required', 'pre-migration', 'post-migration'] as const;
export type PhaseId = (typeof PHASE_IDS)[number];

export interface Phase {
  id: PhaseId;
  number: number;
  title: string;
  summary: string;
}

export const CHANNELS = {
  'all-staff-email': 'All-staff email',
  'targeted-email': 'Targeted email',
  'intranet-page': 'Migration intranet page',
  'intranet-front-page': 'Intranet front page',
  newsletter: 'Staff newsletter',
  poster: 'Posters',
  'banner-stand': 'Banner stands',
  briefing: 'Team briefing',
  'information-pack': 'Information pack',
} as const;
export type Channel = keyof typeof CHANNELS;

export const ACTIVITY_STATUSES = ['planned', 'ready', 'done', 'skipped'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/** An activity as the plan defines it, before anyone owns it. */
export interface ActivityDefinition {
  /** Stable across versions of the plan; used on the command line and in links. */
  id: string;
  /** The section of the source template it comes from, such as "7.2.2", or "new". */
  reference: string;
  phase: PhaseId;
  title: string;
  audiences: string[];
  timing: TimingRule;
  channels: Channel[];
  /** What the activity covers, one point a line. */
  actions: string[];
  /** Email templates it sends; empty for activities without email. */
  templateIds: string[];
  /** Where its emails stand among those due at the same time; `normal` (DEFAULT_SEND_PRIORITY) unless given. */
  priority?: SendPriority;
  /** Whether a workspace starts with catch-up on for it (on unless false). */
  catchUp?: boolean;
}

/** An activity in a workspace: the definition plus who owns it and how far it has got. */
export interface Activity extends ActivityDefinition {
  owner: string | undefined;
  status: ActivityStatus;
  /** Whether people who join its audience after an email went are sent it on the next send (on unless set off). */
  catchUp: boolean;
}

export interface KeyMessage {
  phase: PhaseId;
  heading: string;
  body: string;
}

/** An opening section of the plan document; the body is template Markdown with settings placeholders. */
export interface PlanSection {
  id: 'purpose' | 'scope' | 'background' | 'objectives' | 'target-audiences';
  heading: string;
  body: string;
}

export interface PlanDefinition {
  id: string;
  title: string;
  introduction: PlanSection[];
  phases: Phase[];
  activities: ActivityDefinition[];
  keyMessages: KeyMessage[];
  templates: { id: string; subject: string; body: string }[];
}

/** Allowed status changes; `done` and `skipped` are final. */
const NEXT_STATUSES: Readonly<Record<ActivityStatus, readonly ActivityStatus[]>> = {
  planned: ['ready', 'done', 'skipped'],
  ready: ['planned', 'done', 'skipped'],
  done: [],
  skipped: [],
};

export function canChangeStatus(from: ActivityStatus, to: ActivityStatus): boolean {
  return from === to || NEXT_STATUSES[from].includes(to);
}

export function isActivityStatus(text: string): text is ActivityStatus {
  return (ACTIVITY_STATUSES as readonly string[]).includes(text);
}
