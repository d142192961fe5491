import type { Queryable } from '../store/store.js';
import type { Role } from './role.js';

export interface User {
  id: number;
  orgId: string;
  email: string;
  role: Role;
  createdAt: string;
}

/** A user and the hash their password is checked against; the hash never leaves the accounts folder. */
export interface UserWithHash extends User {
  passwordHash: string;
}

type UserRow = { id: number; org_id: string; email: string; role: string; created_at: string; password_hash: string };

const toUser = (row: UserRow): UserWithHash => ({
  id: row.id,
  orgId: row.org_id,
  email: row.email,
  role: row.role as Role,
  createdAt: row.created_at,
  passwordHash: row.password_hash,
});

export async function insertUser(
  db: Queryable,
  user: { orgId: string; email: string; role: Role; passwordHash: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto('users')
    .values({ org_id: user.orgId, email: user.email, role: user.role, password_hash: user.passwordHash, created_at: user.createdAt })
    .execute();
}

export async function findUserByEmail(db: Queryable, orgId: string, email: string): Promise<UserWithHash | undefined> {
  const row = await db.selectFrom('users').selectAll().where('org_id', '=', orgId).where('email', '=', email).executeTakeFirst();
  return row && toUser(row);
}

/** The account as the rest of the app sees it: never with its password hash. */
export function withoutHash(user: UserWithHash): User {
  const { passwordHash: _hash, ...rest } = user;
  return rest;
}

export async function listUsers(db: Queryable, orgId: string): Promise<User[]> {
  const rows = await db.selectFrom('users').selectAll().where('org_id', '=', orgId).orderBy('email').execute();
  return rows.map((row) => withoutHash(toUser(row)));
}
