import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Store } from '../../src/store/store.js';
import { cliSandbox, FIXED_NOW } from './cli-harness.js';
import { openTestStore } from './test-database.js';

/**
 * Outbox, sender and occurrence rows written straight into a real workspace, shaped as the
 * queue step writes them (ADR 0007): a sha256 hex key per occurrence, recipient and template
 * version, and the values that render the message in `fields_json`.
 */
export const NOTE_TEMPLATE = {
  id: 'test-note',
  subject: 'Your move to NHSmail, ((first name))',
  body: 'Dear ((first name)),\n\nYour mailbox moves on ((wave start date)). Call **((helpdesk phone))** with any question.',
};

export interface SenderRow {
  name: string;
  folder: string;
  perMinute?: number;
  perDay?: number;
  perMessage?: number;
}

export async function sendingWorkspace(now: Date = FIXED_NOW) {
  const sandbox = cliSandbox(now);
  const init = await sandbox.run('init', '--org', 'Eastbrook Hospitals NHS Trust', '--start', '2026-12-07');
  if (init.code !== 0) throw new Error(init.stderr);
  const path = join(sandbox.dir, 'commsplan.db');
  const store = await openTestStore(path, { create: false });
  const org = await store.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow();
  await store.db
    .insertInto('templates')
    .values({ org_id: org.id, ...NOTE_TEMPLATE, updated_at: now.toISOString() })
    .execute();
  return { ...sandbox, path, store, orgId: org.id };
}

export type SendingWorkspace = Awaited<ReturnType<typeof sendingWorkspace>>;

/** A sending workspace with a folder sender called `project` and the occurrence approved, ready for its messages. */
export async function workspaceReadyToSend(occurrenceKey: string): Promise<SendingWorkspace> {
  const ws = await sendingWorkspace();
  await insertSender(ws.store, ws.orgId, { name: 'project', folder: join(ws.dir, 'mail') });
  await insertOccurrence(ws.store, ws.orgId, occurrenceKey, 'approved');
  return ws;
}

export async function removeWorkspace(ws: SendingWorkspace): Promise<void> {
  await ws.store.close();
  ws.cleanup();
}

export async function insertSender(store: Store, orgId: string, sender: SenderRow, createdAt: Date = FIXED_NOW): Promise<void> {
  await store.db
    .insertInto('senders')
    .values({
      org_id: orgId,
      name: sender.name,
      kind: 'folder',
      folder: sender.folder,
      host: null,
      port: null,
      security: null,
      from_address: 'NHSmail project <nhsmail.project@eastbrook.nhs.uk>',
      username: null,
      password_env: null,
      oauth2_tenant: null,
      oauth2_client_id: null,
      oauth2_secret_env: null,
      oauth2_token_url: null,
      per_minute: sender.perMinute ?? 30,
      per_day: sender.perDay ?? 10_000,
      per_message: sender.perMessage ?? 500,
      paused_reason: null,
      paused_at: null,
      created_at: createdAt.toISOString(),
    })
    .execute();
}

export async function insertOccurrence(store: Store, orgId: string, key: string, state = 'sending', at: Date = FIXED_NOW): Promise<void> {
  const [activityId, wave] = key.split('@');
  await store.db
    .insertInto('occurrence_states')
    .values({
      org_id: orgId,
      occurrence_key: key,
      activity_id: activityId as string,
      wave_id: wave === undefined ? null : Number(wave),
      state,
      approved_by: 'Sam Patel',
      approved_at: at.toISOString(),
      approved_fingerprint: createHash('sha256').update(key).digest('hex'),
      reason: null,
      updated_at: at.toISOString(),
    })
    .execute();
}

export const messageKeyFor = (occurrenceKey: string, recipient: string, templateVersion = 'v1') =>
  createHash('sha256').update(`${occurrenceKey}\n${recipient}\n${templateVersion}`).digest('hex');

/** `count` queued messages of one occurrence to made-up staff, due at `notBefore`; returns their keys. */
export async function queueMessages(
  store: Store,
  orgId: string,
  options: {
    occurrenceKey: string;
    senderName: string;
    count: number;
    notBefore?: Date;
    first?: number;
    fields?: Record<string, string>;
    /** Its activity's priority as the queue step stores it: 1 first … 4 low; 3 (normal) unless given. */
    priority?: number;
  },
): Promise<string[]> {
  const notBefore = (options.notBefore ?? FIXED_NOW).toISOString();
  const rows = Array.from({ length: options.count }, (_, i) => {
    const n = (options.first ?? 0) + i + 1;
    const recipient = `staff.member${String(n).padStart(4, '0')}@eastbrook.nhs.uk`;
    return {
      org_id: orgId,
      message_key: messageKeyFor(options.occurrenceKey, recipient),
      occurrence_key: options.occurrenceKey,
      recipient,
      person_email: recipient,
      template_id: NOTE_TEMPLATE.id,
      template_version: 'v1',
      sender_name: options.senderName,
      fields_json: JSON.stringify({
        'first-name': `Member ${n}`,
        'wave-start-date': 'Saturday 13 March 2027',
        'helpdesk-phone': '01632 960000',
        ...options.fields,
      }),
      state: 'queued',
      priority: options.priority ?? 3,
      not_before: notBefore,
      lease_owner: null,
      lease_until: null,
      last_error: null,
      sent_at: null,
      created_at: FIXED_NOW.toISOString(),
    };
  });
  for (let i = 0; i < rows.length; i += 200)
    await store.db
      .insertInto('outbox')
      .values(rows.slice(i, i + 200))
      .execute();
  return rows.map((row) => row.message_key);
}

export async function outboxStates(store: Store, orgId: string): Promise<Record<string, number>> {
  const rows = await store.db
    .selectFrom('outbox')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('org_id', '=', orgId)
    .groupBy('state')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
}
