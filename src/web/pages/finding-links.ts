import type { Finding, FixPlace } from '../../plan/finding.js';
import { taskHref } from './tasks-view.js';

const PAGES: Record<string, { href: string; text: string }> = {
  waves: { href: '/waves', text: 'Open the waves' },
  'wave-plan': { href: '/waves/plan', text: 'Plan the waves' },
  audiences: { href: '/audiences', text: 'Open the audiences' },
  closures: { href: '/closures', text: 'Check the closure days' },
  imports: { href: '/imports', text: 'Import a file' },
  senders: { href: '/senders', text: 'Open the senders' },
  bounces: { href: '/bounces', text: 'See the bounces' },
  sending: { href: '/sending', text: 'Open the sending page' },
  'information-pack': { href: '/information-pack', text: 'Open the information pack' },
  'lost-letters': { href: '/people/lost-letters', text: 'See the names' },
  helpdesk: { href: '/helpdesk', text: 'Open the helpdesk list' },
  reports: { href: '/reports', text: 'Open the reports' },
};

/** The page that does what a finding asks, and the words of its link. */
export function fixLinkTo(place: FixPlace): { href: string; text: string } {
  switch (place.kind) {
    case 'setting':
      return { href: `/settings/${encodeURIComponent(place.setting)}`, text: `Fill in ${place.label}` };
    case 'activity':
      return { href: `/activities/${encodeURIComponent(place.activityId)}`, text: `Open ${place.title}` };
    case 'task':
      return { href: taskHref(place.taskId), text: 'Open the task' };
    case 'wave-move':
      return { href: `/waves/${place.waveId}/move`, text: `Move ${place.wave}` };
    default:
      return PAGES[place.kind] ?? { href: '/', text: 'Open the dashboard' };
  }
}

/** Where a finding of `check` is fixed in the web app, and what the link says. */
export function fixLinkOf(finding: Finding): { href: string; text: string } | undefined {
  if (finding.fixAt) return fixLinkTo(finding.fixAt);
  if (finding.code === 'information-pack-draft' || finding.code === 'information-pack-unpublished')
    return { href: '/information-pack', text: 'Open the information pack' };
  if (finding.setting) return { href: `/settings/${encodeURIComponent(finding.setting)}`, text: 'Fill in the setting' };
  if (finding.activityId) return { href: `/activities/${encodeURIComponent(finding.activityId)}`, text: 'Open the activity' };
  if (finding.wave || finding.code.startsWith('wave') || finding.code === 'no-waves') return { href: '/waves', text: 'Open the waves' };
  if (finding.code.startsWith('audience')) return { href: '/audiences', text: 'Open the audiences' };
  if (finding.code === 'names-lost-letters') return { href: '/people/lost-letters', text: 'See the names' };
  if (finding.code === 'shared-mailbox-owners-undecided') return { href: '/imports', text: 'Import the owners list' };
  return undefined;
}

/** A finding as the web shows it: its plain words, never the CLI's command line. */
export const findingWords = (finding: Finding) => finding.problem ?? finding.message;
