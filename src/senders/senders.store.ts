import type { Selectable } from 'kysely';
import type { SendersTable } from '../store/schema-delivery.js';
import type { Queryable } from '../store/store.js';
import type { Sender, SenderDefinition, SmtpSecurity } from './sender-config.js';

function toSender(row: Selectable<SendersTable>): Sender {
  const common = {
    name: row.name,
    from: row.from_address,
    sendAs: row.send_as === 1,
    limits: { perMinute: row.per_minute, perDay: row.per_day, perMessage: row.per_message },
    isDefault: row.is_default === 1,
    pausedReason: row.paused_reason ?? undefined,
    pausedAt: row.paused_at ?? undefined,
    createdAt: row.created_at,
    reportsFrom: row.imap_host ? `${row.imap_host}:${row.imap_port} (${row.imap_security}), folder ${row.imap_folder}` : undefined,
  };
  if (row.kind === 'folder') return { ...common, kind: 'folder', folder: row.folder ?? '' };
  return {
    ...common,
    kind: 'smtp',
    host: row.host ?? '',
    port: row.port ?? 587,
    security: (row.security ?? 'starttls') as SmtpSecurity,
    username: row.username ?? undefined,
    passwordEnv: row.password_env ?? undefined,
    oauth2:
      row.oauth2_tenant && row.oauth2_client_id && row.oauth2_secret_env
        ? {
            tenant: row.oauth2_tenant,
            clientId: row.oauth2_client_id,
            secretEnv: row.oauth2_secret_env,
            tokenUrl: row.oauth2_token_url ?? undefined,
          }
        : undefined,
  };
}

export async function listSenders(db: Queryable, orgId: string): Promise<Sender[]> {
  const rows = await db.selectFrom('senders').selectAll().where('org_id', '=', orgId).orderBy('name').execute();
  return rows.map(toSender);
}

export async function findSender(db: Queryable, orgId: string, name: string): Promise<Sender | undefined> {
  const row = await db.selectFrom('senders').selectAll().where('org_id', '=', orgId).where('name', '=', name).executeTakeFirst();
  return row ? toSender(row) : undefined;
}

export async function findDefaultSender(db: Queryable, orgId: string): Promise<Sender | undefined> {
  const row = await db.selectFrom('senders').selectAll().where('org_id', '=', orgId).where('is_default', '=', 1).executeTakeFirst();
  return row ? toSender(row) : undefined;
}

/** Stores a sender; the names of environment variables go in, never their values. */
export async function insertSender(db: Queryable, orgId: string, sender: SenderDefinition, isDefault: boolean, now: Date): Promise<void> {
  const smtp = sender.kind === 'smtp' ? sender : undefined;
  await db
    .insertInto('senders')
    .values({
      org_id: orgId,
      name: sender.name,
      kind: sender.kind,
      folder: sender.kind === 'folder' ? sender.folder : null,
      host: smtp?.host ?? null,
      port: smtp?.port ?? null,
      security: smtp?.security ?? null,
      from_address: sender.from,
      send_as: sender.sendAs ? 1 : 0,
      username: smtp?.username ?? null,
      password_env: smtp?.passwordEnv ?? null,
      oauth2_tenant: smtp?.oauth2?.tenant ?? null,
      oauth2_client_id: smtp?.oauth2?.clientId ?? null,
      oauth2_secret_env: smtp?.oauth2?.secretEnv ?? null,
      oauth2_token_url: smtp?.oauth2?.tokenUrl ?? null,
      per_minute: sender.limits.perMinute,
      per_day: sender.limits.perDay,
      per_message: sender.limits.perMessage,
      is_default: isDefault ? 1 : 0,
      created_at: now.toISOString(),
    })
    .execute();
}

/** Makes `name` the one default sender of the organisation. */
export async function makeDefaultSender(db: Queryable, orgId: string, name: string): Promise<void> {
  await db.updateTable('senders').set({ is_default: 0 }).where('org_id', '=', orgId).where('name', '!=', name).execute();
  await db.updateTable('senders').set({ is_default: 1 }).where('org_id', '=', orgId).where('name', '=', name).execute();
}
