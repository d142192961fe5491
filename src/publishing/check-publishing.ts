import { type Finding, isOpen } from '../plan/finding.js';
import { placeholdersByTemplate } from '../plan/template-placeholders.js';
import type { Workspace } from '../plan/workspace.js';
import { buildInformationPack } from './information-pack.js';

/** What an address check found: it answered, or why not. */
export type AddressAnswer = { answered: true; status: number } | { answered: false; why: string };

/** Asks an address whether it answers; the CLI passes the network one, tests a local server. */
export type AddressProbe = (url: string) => Promise<AddressAnswer>;

export const PACK_URL_PLACEHOLDER = 'information pack url';

/** The open activities whose emails send staff to the information pack. */
function emailsLinkingThePack(workspace: Pick<Workspace, 'activities' | 'templates'>): string[] {
  const placeholders = placeholdersByTemplate(workspace.templates);
  return workspace.activities
    .filter(isOpen)
    .filter((activity) => activity.templateIds.some((id) => placeholders.get(id)?.includes(PACK_URL_PLACEHOLDER)))
    .map((activity) => activity.id);
}

/**
 * What `check` says about the information pack without the network: where no address is set
 * for it while emails link to it, and which settings it still shows as "[to be added: ...]".
 */
export function publishingFindings(workspace: Workspace, today: string): Finding[] {
  const findings: Finding[] = [];
  const linking = emailsLinkingThePack(workspace);
  if (!workspace.settings['information-pack-url']?.trim() && linking.length) {
    findings.push({
      severity: 'warning',
      code: 'information-pack-unpublished',
      message: `${linking.length === 1 ? 'One email sends' : `${linking.length} emails send`} staff to the information pack (${linking.join(', ')}), but information-pack-url is empty. Write the pack with commsplan export --format pack --out DIR, publish it on the intranet, then: commsplan settings set information-pack-url ADDRESS`,
      problem: `${linking.length === 1 ? 'One email sends' : `${linking.length} emails send`} staff to the information pack, but its address is not set. Download the pack, publish it on the intranet, then fill in the setting “information pack address”.`,
      fixAt: { kind: 'information-pack' },
    });
  }
  const missing = buildInformationPack(workspace, today).missing;
  if (missing.length) {
    findings.push({
      severity: 'warning',
      code: 'information-pack-draft',
      message: `The information pack is a draft: it shows "[to be added: ...]" until these settings are filled: ${missing.map((m) => m.key).join(', ')}.`,
      problem: `The information pack is a draft: it shows “[to be added: ...]” until these settings are filled: ${missing.map((m) => m.label).join(', ')}.`,
      fixAt: { kind: 'information-pack' },
    });
  }
  return findings;
}

/** A warning when the information pack's address does not answer, in words a comms lead can act on. */
export function packAddressFindings(url: string, answer: AddressAnswer): Finding[] {
  if (answer.answered) return [];
  return [
    {
      severity: 'warning',
      code: 'information-pack-unreachable',
      setting: 'information-pack-url',
      message: `The information pack address ${url} does not answer (${answer.why}): staff who follow the link in their emails will find nothing. Publish the pack there, or set the address it is at: commsplan settings set information-pack-url ADDRESS. (commsplan check --offline skips this check.)`,
    },
  ];
}
