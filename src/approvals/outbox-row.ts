import type { DirectoryPerson } from '../audiences/audiences.store.js';
import { mailboxFactsOf } from '../audiences/owned-by.store.js';
import { type PersonalLimits, personalFields } from '../audiences/personal-fields.js';
import { colleaguesApartField } from '../messages/colleagues-apart-field.js';
import { failedMoveFields, failedMoveRoute } from '../messages/failed-move-route.js';
import { sha256Hex } from '../outbox/content-hash.js';
import { messageKey } from '../outbox/message-key.js';
import type { NewOutboxRow } from '../outbox/outbox.store.js';
import { keyOf } from '../plan/occurrence-names.js';
import type { Queryable } from '../store/store.js';
import { colleaguesOf } from '../waves/colleagues-apart.js';
import type { MessageShape } from './message-shape.js';

export function outboxRow(
  shape: Omit<MessageShape, 'catchUp'>,
  person: string,
  fields: Record<string, string | undefined>,
  to: string = person,
): NewOutboxRow {
  const occurrenceKey = keyOf(shape.occurrence);
  const address = to.trim().toLowerCase();
  return {
    org_id: shape.orgId,
    message_key: messageKey({ occurrenceKey, recipient: address, templateVersion: shape.templateVersion }, sha256Hex),
    occurrence_key: occurrenceKey,
    recipient: address,
    person_email: person.trim().toLowerCase(),
    template_id: shape.templateId,
    template_version: shape.templateVersion,
    sender_name: shape.senderName,
    fields_json: JSON.stringify(fields),
    state: 'queued',
    priority: shape.priority,
    not_before: shape.occurrence.sendAt,
    created_at: shape.now,
  };
}

export async function personRow(
  db: Queryable,
  shape: MessageShape,
  person: DirectoryPerson,
  limits: PersonalLimits,
  linked: ReadonlyMap<string, string>,
): Promise<NewOutboxRow> {
  const wanted = shape.mailboxFacts;
  const mailboxes =
    wanted.used || wanted.owned || wanted.lists
      ? await mailboxFactsOf(
          db,
          shape.orgId,
          [person.email, person.staff_email, person.nhsmail_email].filter((a): a is string => Boolean(a)),
          wanted,
        )
      : undefined;
  const personal = shape.personalFields.length ? personalFields(person, limits, mailboxes) : {};
  const fields: Record<string, string | undefined> = { ...shape.waveFields };
  for (const name of shape.personalFields) fields[name] = personal[name];
  if (shape.ownWaveOf) Object.assign(fields, shape.ownWaveOf(person.wave));
  if (shape.failedMove) {
    const { workspace, today } = shape.failedMove;
    const route = failedMoveRoute(person, shape.failedMove.failedTwice.has(person.email), workspace.waves, today);
    Object.assign(fields, failedMoveFields(route, workspace.calendar));
  }
  if (shape.colleaguesApart) {
    const { of, waves, today } = shape.colleaguesApart;
    Object.assign(fields, colleaguesApartField(colleaguesOf(of, person), waves, today));
  }
  const nhsmail = person.nhsmail_email ?? linked.get(person.local_email ?? person.email);
  return outboxRow(shape, person.email, fields, (shape.toNhsmail && nhsmail) || person.email);
}
