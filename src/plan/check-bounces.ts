import type { Finding } from './finding.js';
import type { Workspace } from './workspace.js';

/** How many bounced addresses `check` names before it points to the full list. */
const NAMED = 5;

/**
 * People whose address bounced permanently for an email commsplan sent (commsplan bounces) will
 * not get the next ones either: a warning, with the way to see them all, not a blocker.
 */
export function bounceFindings(workspace: Workspace): Finding[] {
  const bounced = workspace.bouncedAddresses;
  if (bounced.length === 0) return [];
  const named = bounced
    .slice(0, NAMED)
    .map((b) => `${b.address} (${b.reason})`)
    .join('; ');
  const more = bounced.length > NAMED ? ` and ${bounced.length - NAMED} more` : '';
  const said = `${bounced.length === 1 ? 'One address has' : `${bounced.length} addresses have`} bounced permanently, so emails to ${bounced.length === 1 ? 'it' : 'them'} do not arrive: ${named}${more}. Correct the address in the source data and import it again, or reach these people another way.`;
  return [
    {
      severity: 'warning',
      code: 'addresses-bounced',
      message: `${said} See them with: commsplan audience show bounced (or commsplan bounces)`,
      problem: `${said} See them on the bounces page.`,
      fixAt: { kind: 'bounces' },
    },
  ];
}
