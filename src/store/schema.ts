import type { Generated } from 'kysely';

/**
 * Every table but `organisations` carries `org_id`, so one database can hold several
 * organisations (see docs/adr/0002-one-database-many-organisations.md).
 * JSON values are stored as text so the same columns work on SQLite and PostgreSQL.
 */
export interface OrganisationsTable {
  id: string;
  name: string;
  nation: string;
  programme_start: string;
  plan_id: string;
  created_at: string;
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
  status: string;
  updated_at: string;
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
}

export interface ClosureDaysTable {
  org_id: string;
  date: string;
  name: string;
}

export interface Database {
  organisations: OrganisationsTable;
  settings: SettingsTable;
  activities: ActivitiesTable;
  templates: TemplatesTable;
  key_messages: KeyMessagesTable;
  waves: WavesTable;
  closure_days: ClosureDaysTable;
}
