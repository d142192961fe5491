import { listStaffWithoutEmail } from '../audiences/people-lists.js';
import { loadWorkspace } from '../plan/workspace.js';
import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';
import { buildIntranetPages, type IntranetPage } from './intranet-page.js';
import { buildManagerBriefing, type ManagerBriefing, type StaffWithoutEmail } from './manager-briefing.js';
import { buildNewsletterArticles, type NewsletterArticle } from './newsletter-article.js';

/** Every piece of channel copy of the workspace, filled in, with the staff the managers' briefing lists. */
export interface ChannelCopyPieces {
  intranet: IntranetPage[];
  newsletter: NewsletterArticle[];
  briefing: ManagerBriefing;
  staffWithoutEmail: StaffWithoutEmail[];
}

/** Reads the plan and the staff with no email address, and builds every piece of copy from them. */
export async function readChannelCopy(store: Store, organisation: Organisation, now: Date): Promise<ChannelCopyPieces> {
  const workspace = await loadWorkspace(store.db, store.location, organisation.id);
  const reading = { orgId: organisation.id, settings: workspace.typedSettings, now };
  const staffWithoutEmail = await listStaffWithoutEmail(store, reading);
  return {
    intranet: buildIntranetPages(workspace),
    newsletter: buildNewsletterArticles(workspace),
    briefing: buildManagerBriefing(workspace, staffWithoutEmail),
    staffWithoutEmail,
  };
}
