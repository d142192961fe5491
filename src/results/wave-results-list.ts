import { audienceMembers } from '../audiences/audiences.store.js';
import { parseFilter } from '../audiences/filter-language.js';
import { readDirectory } from '../audiences/manage-audiences.js';
import { keyOf } from '../delivery/approve-occurrence.js';
import type { Workspace } from '../plan/workspace.js';
import type { Store } from '../store/store.js';
import type { Wave } from '../waves/wave.js';
import { messagesOf } from './wave-results.store.js';

/** What a person's result means for their emails. */
export type ResultGroup = 'moved' | 'failed' | 'not finished' | 'no result yet';

export interface PersonResult {
  person: string;
  name: string;
  group: ResultGroup;
  /** The status as the migration tool wrote it. */
  status: string | undefined;
  /** The wave the person is in now, when a carry-over has moved them. */
  nowIn: string | undefined;
  /** The welcome or failed-migration email: which, its state, the address it went to, and the outbox message. */
  email:
    | {
        activityId: string;
        state: string;
        recipient: string;
        toNhsmail: boolean;
        messageKey: string;
        sender: string;
        notBefore: string;
        sentAt: string | undefined;
      }
    | undefined;
}

function groupOf(outcome: { migrated: number; failed: number; migration_status: string | null }): ResultGroup {
  if (outcome.migrated) return 'moved';
  if (outcome.failed) return 'failed';
  return outcome.migration_status ? 'not finished' : 'no result yet';
}

/**
 * Everyone the wave's results are about: people whose latest result belongs to the wave, and
 * people still in it without one. Each with what the result means and the email that followed.
 */
export async function waveResults(store: Store, workspace: Workspace, wave: Wave, now: Date): Promise<PersonResult[]> {
  const orgId = workspace.organisation.id;
  const options = await readDirectory(store, { orgId, settings: workspace.typedSettings, now });
  const name = JSON.stringify(wave.name);
  const filter = parseFilter(`gets_nhsmail and result_wave = ${name}`);
  const noResult = parseFilter(`gets_nhsmail and wave = ${name} and not migrated and not failed and not waiting and not stopped`);
  const seen = new Set<string>();
  const people = [
    ...(await audienceMembers(store.db, orgId, filter, options)),
    ...(await audienceMembers(store.db, orgId, noResult, options)),
  ].filter((person) => !seen.has(person.email) && seen.add(person.email));
  const followUps = workspace.timeline.filter((o) => o.wave?.id === wave.id && o.audiences.some((a) => /^(migrated|failed):/i.test(a)));
  const messages = await messagesOf(store.db, orgId, followUps.map(keyOf));
  return people
    .map((person): PersonResult => {
      const followUp = followUps
        .map((o) => ({ o, message: messages.get(`${keyOf(o)} ${person.email}`) }))
        .find(({ message }) => message && message.state !== 'cancelled');
      const resultWave = person.result_wave;
      const group = resultWave && resultWave.toLowerCase() !== wave.name.toLowerCase() ? 'no result yet' : groupOf(person);
      return {
        person: person.email,
        name: person.display_name ?? ([person.first_name, person.last_name].filter(Boolean).join(' ') || ''),
        group,
        status: person.migration_status ?? undefined,
        nowIn: person.wave && person.wave.toLowerCase() !== wave.name.toLowerCase() ? person.wave : undefined,
        email:
          followUp?.message === undefined
            ? undefined
            : {
                activityId: followUp.o.activityId,
                state: followUp.message.state,
                recipient: followUp.message.recipient,
                toNhsmail: followUp.message.recipient.endsWith('@nhs.net'),
                messageKey: followUp.message.messageKey,
                sender: followUp.message.sender,
                notBefore: followUp.message.notBefore,
                sentAt: followUp.message.sentAt,
              },
      };
    })
    .sort((a, b) => a.group.localeCompare(b.group) || a.person.localeCompare(b.person));
}
