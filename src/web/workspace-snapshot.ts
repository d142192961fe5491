import type { LocalDate } from '../calendar/local-date.js';
import { checkPlan, type Finding } from '../plan/check-plan.js';
import { loadWorkspace, type Workspace } from '../plan/workspace.js';
import { publishingFindings } from '../publishing/check-publishing.js';
import { changeMarker } from '../store/change-marker.js';
import type { Store } from '../store/store.js';

interface Snapshot {
  orgId: string;
  marker: string;
  workspace: Workspace;
  findings?: { today: LocalDate; findings: Finding[] };
}

/** The latest snapshot for each open store: kept while the database is unchanged, read again after any change. */
const snapshots = new WeakMap<Store, Snapshot>();

/**
 * The workspace and `check`'s findings (those that need no network) for a page, shared by the requests that come while nothing
 * in the database changes (many people looking at the dashboard at once read it once). Handlers
 * must treat what they get as read-only: the same objects go to the next request.
 */
export async function workspaceSnapshot(
  store: Store,
  orgId: string,
): Promise<{ workspace: Workspace; findingsFor(today: LocalDate): Finding[] }> {
  // The marker is read before the workspace, so a change made while it loads makes the next request read it again.
  const marker = await changeMarker(store);
  let snapshot = snapshots.get(store);
  if (!snapshot || marker === undefined || snapshot.marker !== marker || snapshot.orgId !== orgId) {
    snapshot = { orgId, marker: marker ?? '', workspace: await loadWorkspace(store.db, store.location, orgId) };
    if (marker !== undefined) snapshots.set(store, snapshot);
  }
  const kept = snapshot;
  return {
    workspace: kept.workspace,
    findingsFor(today) {
      if (kept.findings?.today !== today)
        kept.findings = { today, findings: [...checkPlan(kept.workspace, today), ...publishingFindings(kept.workspace, today)] };
      return kept.findings.findings;
    },
  };
}
