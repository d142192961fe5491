import { type Finding, isOpen } from './finding.js';
import type { Workspace } from './workspace.js';

/** Which sender each activity goes from and each sender's From address, as `senderChoice` reads them. */
export interface SendersInUse {
  byActivity: ReadonlyMap<string, string>;
  defaultSender: string | undefined;
  fromOf: ReadonlyMap<string, string>;
}

const NHSMAIL_ADDRESS = /@nhs\.net$/i;

/** The address of a From such as `NHSmail team <team@nhs.net>`, or the whole of a bare one. */
const addressOf = (from: string) => (/<([^>]+)>/.exec(from)?.[1] ?? from).trim();

/**
 * The welcome goes to people's new NHSmail accounts and, as the source plan has it, comes from
 * NHSmail: a warning for each open welcome activity (audience `wave-migrated`) whose sender's From
 * address is not an @nhs.net one. Without any sender there is nothing to say here.
 */
export function welcomeSenderFindings(workspace: Workspace, senders: SendersInUse): Finding[] {
  return workspace.activities
    .filter((activity) => isOpen(activity) && activity.audiences.includes('wave-migrated'))
    .flatMap((activity): Finding[] => {
      const name = senders.byActivity.get(activity.id) ?? senders.defaultSender;
      const from = name === undefined ? undefined : senders.fromOf.get(name);
      if (name === undefined || from === undefined) return [];
      const address = addressOf(from);
      if (NHSMAIL_ADDRESS.test(address)) return [];
      const own = senders.byActivity.has(activity.id) ? 'its sender' : 'the default sender';
      return [
        {
          severity: 'warning',
          code: 'welcome-sender-not-nhsmail',
          activityId: activity.id,
          message: `Activity ${activity.id} (${activity.title}) goes from ${own} "${name}", whose address ${address} is not an @nhs.net one: the welcome should come from NHSmail, where people now read their mail. Add a sender with an @nhs.net address (commsplan sender add NAME --smtp HOST --from ADDRESS@nhs.net) and give it to the activity: commsplan activity set ${activity.id} --sender NAME`,
        },
      ];
    });
}
