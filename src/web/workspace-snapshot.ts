import type { LocalDate } from '../calendar/local-date.js';
import { checkPlan } from '../plan/check-plan.js';
import type { Finding } from '../plan/finding.js';
import { loadWorkspace, type Workspace } from '../plan/workspace.js';
import { publishingFindings } from '../publishing/check-publishing.js';
import type { Store } from '../store/store.js';
import { keptWhileUnchanged } from './kept-while-unchanged.js';

interface Snapshot {
  workspace: Workspace;
  findings?: { today: LocalDate; findings: Finding[] };
}

/**
 * The workspace and `check`'s findings (those that need no network) for a page, shared by the
 * requests that come while nothing in the database changes (many people looking at the dashboard
 * at once read it once). Handlers must treat what they get as read-only: the same objects go to
 * the next request.
 */
export async function workspaceSnapshot(
  store: Store,
  orgId: string,
): Promise<{ workspace: Workspace; findingsFor(today: LocalDate): Finding[] }> {
  const kept: Snapshot = await keptWhileUnchanged(store, `workspace/${orgId}`, async () => ({
    workspace: await loadWorkspace(store.db, store.location, orgId),
  }));
  return {
    workspace: kept.workspace,
    findingsFor(today) {
      if (kept.findings?.today !== today)
        kept.findings = { today, findings: [...checkPlan(kept.workspace, today), ...publishingFindings(kept.workspace, today)] };
      return kept.findings.findings;
    },
  };
}
