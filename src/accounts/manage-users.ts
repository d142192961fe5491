import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { appendAuditEntry } from '../audit/audit-log.store.js';
import { checkEmailAddress, cleanEmailAddress } from '../shared/email-address.js';
import { CommsplanError } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import { writeUnmarked } from '../store/change-marker.js';
import type { Queryable, Store } from '../store/store.js';
import { lastSignIns } from './last-sign-ins.store.js';
import { isRole, ROLES, type Role } from './role.js';
import { findUserByEmail, insertUser, listUsers, type User, withoutHash } from './users.store.js';

export const MIN_PASSWORD_LENGTH = 12;

/** A password to hand over once: 20 characters from an alphabet with no look-alikes. */
export function oneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...randomBytes(20)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

export interface NewUser {
  email: string;
  role: string;
  password: string;
}

/** Adds a web account with an Argon2id hash of its password, and a line in the audit log. */
export async function addUser(store: Store, organisation: Organisation, input: NewUser, by: string, now: Date): Promise<User> {
  const checked = checkEmailAddress(input.email);
  if (!checked.ok) throw new CommsplanError('invalid-input', `"${input.email}" is not an email address.`, { field: 'email' });
  const { email } = checked;
  if (!isRole(input.role)) {
    throw new CommsplanError('invalid-input', `--role "${input.role}" is not a role: use ${ROLES.join(', ')}.`, { field: 'role' });
  }
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new CommsplanError('invalid-input', `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`, {
      field: 'password',
    });
  }
  const role: Role = input.role;
  const passwordHash = await hash(input.password);
  return store.db.transaction().execute(async (trx) => {
    if (await findUserByEmail(trx, organisation.id, email)) {
      throw new CommsplanError('already-exists', `${email} already has an account.`, { field: 'email' });
    }
    const createdAt = now.toISOString();
    await insertUser(trx, { orgId: organisation.id, email, role, passwordHash, createdAt });
    await appendAuditEntry(trx, organisation.id, {
      at: createdAt,
      actor: by,
      action: 'user-added',
      subject: email,
      detail: `role ${role}`,
    });
    const added = await findUserByEmail(trx, organisation.id, email);
    if (!added) throw new Error('The user just added cannot be read back.');
    return withoutHash(added);
  });
}

/** Gives an existing account a new password, with a line in the audit log; false when there is no such account. */
export async function setPassword(
  store: Store,
  organisation: Organisation,
  email: string,
  password: string,
  by: string,
  now: Date,
): Promise<boolean> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new CommsplanError('invalid-input', `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`, {
      field: 'password',
    });
  }
  const passwordHash = await hash(password);
  return store.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('users')
      .set({ password_hash: passwordHash })
      .where('org_id', '=', organisation.id)
      .where('email', '=', cleanEmailAddress(email))
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    await appendAuditEntry(trx, organisation.id, { at: now.toISOString(), actor: by, action: 'password-set', subject: email, detail: '' });
    return true;
  });
}

/** Checked against for unknown addresses too, so a wrong address takes as long as a wrong password. */
let decoyHash: Promise<string> | undefined;

/**
 * The user whose email and password these are, or undefined. Every attempt, good or bad, goes in
 * the audit log with the address given and where it came from.
 */
export async function checkSignIn(
  store: Store,
  organisation: Organisation,
  attempt: { email: string; password: string; from: string },
  now: Date,
): Promise<User | undefined> {
  const email = cleanEmailAddress(attempt.email);
  const found = await findUserByEmail(store.db, organisation.id, email);
  decoyHash ??= hash(oneTimePassword());
  const matches = await verify(found?.passwordHash ?? (await decoyHash), attempt.password).catch(() => false);
  const user = found && matches ? found : undefined;
  // Unmarked: a sign-in, even a refused one, changes nothing a page keeps (see writeUnmarked).
  await writeUnmarked(store, (db) =>
    appendAuditEntry(db, organisation.id, {
      at: now.toISOString(),
      actor: email.slice(0, 200) || '(no address)',
      action: user ? 'signed-in' : 'sign-in-refused',
      subject: 'web',
      detail: `from ${attempt.from}`,
    }),
  );
  if (!user) return undefined;
  return withoutHash(user);
}

/** The account with this address, or a person-readable error naming the address. */
async function requireUser(db: Queryable, orgId: string, email: string): Promise<User> {
  const found = await findUserByEmail(db, orgId, cleanEmailAddress(email));
  if (!found) throw new CommsplanError('unknown-user', `There is no account for ${email}.`, { field: 'email', value: email });
  return withoutHash(found);
}

/** Refuses a change that would leave nobody able to manage accounts. */
async function keepOneAdmin(db: Queryable, orgId: string, user: User, change: string): Promise<void> {
  if (user.role !== 'admin') return;
  const admins = (await listUsers(db, orgId)).filter((u) => u.role === 'admin');
  if (admins.length <= 1)
    throw new CommsplanError(
      'not-permitted',
      `${user.email} is the only administrator, so they cannot be ${change}: make someone else an administrator first.`,
      { field: 'email', value: user.email },
    );
}

/** Gives an account another role, with a line in the audit log; false when it had that role already. The last administrator keeps theirs. */
export async function changeRole(
  store: Store,
  organisation: Organisation,
  change: { email: string; role: string },
  by: string,
  now: Date,
): Promise<boolean> {
  if (!isRole(change.role))
    throw new CommsplanError('invalid-input', `"${change.role}" is not a role: use ${ROLES.join(', ')}.`, { field: 'role' });
  const role: Role = change.role;
  return store.db.transaction().execute(async (trx) => {
    const user = await requireUser(trx, organisation.id, change.email);
    if (user.role === role) return false;
    if (role !== 'admin') await keepOneAdmin(trx, organisation.id, user, 'given another role');
    await trx.updateTable('users').set({ role }).where('id', '=', user.id).execute();
    await appendAuditEntry(trx, organisation.id, {
      at: now.toISOString(),
      actor: by,
      action: 'role-changed',
      subject: user.email,
      detail: `from ${user.role} to ${role}`,
    });
    return true;
  });
}

/** Removes an account and ends its sessions, with a line in the audit log. The last administrator stays. */
export async function removeUser(store: Store, organisation: Organisation, email: string, by: string, now: Date): Promise<User> {
  return store.db.transaction().execute(async (trx) => {
    const user = await requireUser(trx, organisation.id, email);
    await keepOneAdmin(trx, organisation.id, user, 'removed');
    await trx.deleteFrom('web_sessions').where('user_id', '=', user.id).execute();
    await trx.deleteFrom('users').where('id', '=', user.id).execute();
    await appendAuditEntry(trx, organisation.id, {
      at: now.toISOString(),
      actor: by,
      action: 'user-removed',
      subject: user.email,
      detail: `was ${user.role}`,
    });
    return user;
  });
}

/** Every account with when it last signed in (from the audit log), for `users list` and the users page. */
export async function usersWithSignIns(store: Store, organisation: Organisation): Promise<(User & { lastSignedInAt?: string })[]> {
  const [users, signIns] = await Promise.all([listUsers(store.db, organisation.id), lastSignIns(store.db, organisation.id)]);
  return users.map((user) => {
    const at = signIns.get(user.email);
    return at ? { ...user, lastSignedInAt: at } : user;
  });
}
