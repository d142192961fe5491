import { londonDate } from '../../calendar/london-time.js';
import { readOccurrenceStates } from '../../plan/occurrence-states.store.js';
import type { PageHandler } from '../web-context.js';
import { workspaceSnapshot } from '../workspace-snapshot.js';
import { dashboardView } from './dashboard-view.js';
import { workCounts } from './work-counts.js';

/** What is due this week and next, what `check` reports, and each wave's progress. */
export const showDashboard: PageHandler = async (_request, reply, web) => {
  const { store, organisation } = web;
  const { workspace, findingsFor } = await workspaceSnapshot(store, organisation.id);
  const states = await readOccurrenceStates(store.db, organisation.id);
  const today = londonDate(web.now());
  return reply.page('dashboard.njk', {
    pageTitle: 'Dashboard',
    ...dashboardView(workspace, states, findingsFor(today), today),
    work: await workCounts(web),
  });
};
