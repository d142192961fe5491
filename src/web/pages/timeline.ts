import { readOccurrenceStates } from '../../plan/occurrence-states.store.js';
import type { PageHandler } from '../web-context.js';
import { workspaceSnapshot } from '../workspace-snapshot.js';
import { timelineRows, timelineWeeks } from './timeline-view.js';

/** The programme week by week (waves, days off, each phase's occurrences), then the table `commsplan timeline` prints. */
export const showTimeline: PageHandler = async (_request, reply, web) => {
  const { store, organisation } = web;
  const [workspace, states] = await Promise.all([
    workspaceSnapshot(store, organisation.id).then((snapshot) => snapshot.workspace),
    readOccurrenceStates(store.db, organisation.id),
  ]);
  const rows = timelineRows(workspace, states);
  return reply.page('timeline.njk', { pageTitle: 'Timeline', rows, plan: timelineWeeks(workspace, rows) });
};
