import type { Generated } from 'kysely';

/** The plan: its settings, activities, templates, key messages, waves and closure days. */
export interface PlanTables {
  settings: SettingsTable;
  activities: ActivitiesTable;
  templates: TemplatesTable;
  key_messages: KeyMessagesTable;
  waves: WavesTable;
  closure_days: ClosureDaysTable;
  wave_assignments: WaveAssignmentsTable;
}

export interface SettingsTable {
  org_id: string;
  key: string;
  value: string;
  updated_at: string;
}

export interface ActivitiesTable {
  org_id: string;
  id: string;
  position: number;
  reference: string;
  phase: string;
  title: string;
  audiences_json: string;
  timing_json: string;
  channels_json: string;
  actions_json: string;
  template_ids_json: string;
  owner: string | null;
  /** The sender this activity's emails go out from; unset, the default sender. */
  sender_name: Generated<string | null>;
  status: string;
  /** Where its emails stand among those due at the same time: 1 first, 2 high, 3 normal, 4 low (plan/send-priority.ts). */
  priority: Generated<number>;
  updated_at: string;
  /** 1 when people who join the audience after an email went are sent it (catch-up), 0 when not. */
  catch_up: Generated<number>;
}

export interface TemplatesTable {
  org_id: string;
  id: string;
  subject: string;
  body: string;
  updated_at: string;
}

export interface KeyMessagesTable {
  org_id: string;
  position: number;
  phase: string;
  heading: string;
  body: string;
}

export interface WavesTable {
  id: Generated<number>;
  org_id: string;
  name: string;
  start_date: string;
  end_date: string;
  /** How many people the wave can move; unset, the wave-capacity setting (if any) applies. */
  capacity: Generated<number | null>;
  /** How much mail, in GB, the wave can move; unset, the wave-capacity-gb setting (if any) applies (migration 0027). */
  capacity_gb: Generated<number | null>;
}

export interface ClosureDaysTable {
  org_id: string;
  date: string;
  name: string;
}

/** The wave a mailbox moves in (migration 0027): planned, assigned by hand or carried over. */
export interface WaveAssignmentsTable {
  org_id: string;
  mailbox_email: string;
  wave_id: number;
  /** `plan`, `assign` or `carry-over`. */
  source: string;
  assigned_at: string;
  assigned_by: string;
}
