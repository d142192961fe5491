import type { Generated } from 'kysely';

/** Web accounts and their sessions (migration 0013). */
export interface AccountTables {
  users: UsersTable;
  web_sessions: WebSessionsTable;
}

export interface UsersTable {
  id: Generated<number>;
  org_id: string;
  email: string;
  role: string;
  password_hash: string;
  created_at: string;
}

export interface WebSessionsTable {
  token_hash: string;
  org_id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
}
