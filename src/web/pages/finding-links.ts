import type { Finding } from '../../plan/finding.js';

/** Where a finding of `check` is fixed in the web app, and what the link says. */
export function fixLinkOf(finding: Finding): { href: string; text: string } | undefined {
  if (finding.code === 'information-pack-draft' || finding.code === 'information-pack-unpublished')
    return { href: '/information-pack', text: 'Open the information pack' };
  if (finding.setting) return { href: `/settings#setting-${finding.setting}`, text: `Fill in ${finding.setting}` };
  if (finding.activityId) return { href: `/activities/${encodeURIComponent(finding.activityId)}`, text: `Open ${finding.activityId}` };
  if (finding.wave || finding.code.startsWith('wave') || finding.code === 'no-waves') return { href: '/waves', text: 'Open the waves' };
  if (finding.code.startsWith('audience')) return { href: '/audiences', text: 'Open the audiences' };
  if (finding.code === 'names-lost-letters') return { href: '/people/lost-letters', text: 'See the names' };
  if (finding.code === 'shared-mailbox-owners-undecided') return { href: '/imports', text: 'Import the owners list' };
  return undefined;
}
