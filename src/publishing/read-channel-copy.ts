import { listStaffWithoutEmail } from '../audiences/people-lists.js';
import { loadWorkspace } from '../plan/workspace.js';
import type { HeadingLevel } from '../plan-outputs/document-model.js';
import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';
import type { CopyWorkspace } from './channel-copy.js';
import { buildIntranetPages, type IntranetPage } from './intranet-page.js';
import {
  buildDepartmentBriefings,
  buildManagerBriefing,
  type DepartmentBriefing,
  type ManagerBriefing,
  type StaffWithoutEmail,
} from './manager-briefing.js';
import { buildNewsletterArticles, type NewsletterArticle } from './newsletter-article.js';

/** What the copy is made from: the plan with its settings and waves, and the staff with no email address. */
export interface CopySources {
  workspace: CopyWorkspace;
  staffWithoutEmail: StaffWithoutEmail[];
}

export async function readCopySources(store: Store, organisation: Organisation, now: Date): Promise<CopySources> {
  const workspace = await loadWorkspace(store.db, store.location, organisation.id);
  const reading = { orgId: organisation.id, settings: workspace.typedSettings, now };
  return { workspace, staffWithoutEmail: await listStaffWithoutEmail(store, reading) };
}

/** Every piece of channel copy, filled in, with the staff the managers' briefing lists. */
export interface ChannelCopyPieces {
  intranet: IntranetPage[];
  newsletter: NewsletterArticle[];
  briefing: ManagerBriefing;
  /** One briefing per department, when the staff list gives departments. */
  departmentBriefings: DepartmentBriefing[];
  staffWithoutEmail: StaffWithoutEmail[];
}

/** Every piece, its titles at `top`: `<h2>` to paste into a page of its own, lower to show inside another. */
export function buildChannelCopy(sources: CopySources, top: HeadingLevel = 2): ChannelCopyPieces {
  const { workspace, staffWithoutEmail } = sources;
  return {
    intranet: buildIntranetPages(workspace, top),
    newsletter: buildNewsletterArticles(workspace, top),
    briefing: buildManagerBriefing(workspace, staffWithoutEmail, top),
    departmentBriefings: buildDepartmentBriefings(workspace, staffWithoutEmail, top),
    staffWithoutEmail,
  };
}
