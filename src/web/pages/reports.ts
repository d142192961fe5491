import { type OccurrenceReport, occurrenceReports } from '../../approvals/occurrence-report.js';
import { countOutboxByOccurrence } from '../../outbox/outbox.store.js';
import { readOccurrenceStates } from '../../plan/occurrence-states.store.js';
import { csvLine } from '../../shared/csv.js';
import type { PageHandler, WebContext } from '../web-context.js';
import { workspaceSnapshot } from '../workspace-snapshot.js';
import { actorLabel } from './actor-words.js';
import { readPlanNames } from './key-words.js';
import { occurrenceMessagesHref, REPORT_COUNTS } from './occurrence-messages.js';
import { occurrenceStateWords } from './occurrence-words.js';
import { count, londonDateTime } from './time-words.js';

/** What `commsplan report` reads, without withdrawing approvals: a page view changes nothing. */
async function reportRows(web: WebContext): Promise<OccurrenceReport[]> {
  const { store, organisation } = web;
  const [workspace, states, counts] = await Promise.all([
    workspaceSnapshot(store, organisation.id).then((snapshot) => snapshot.workspace),
    readOccurrenceStates(store.db, organisation.id),
    countOutboxByOccurrence(store.db, organisation.id),
  ]);
  return occurrenceReports(workspace, states, counts);
}

const failureWords = (row: OccurrenceReport) => row.failures.map((f) => `${count(f.count)} × ${f.reason}`).join('; ');

export const showReports: PageHandler = async (_request, reply, web) => {
  const [rows, names] = await Promise.all([reportRows(web), readPlanNames(web)]);
  return reply.page('reports.njk', {
    pageTitle: 'Reports',
    rows: rows.map((r) => ({
      occurrence: `${names.activities.get(r.activityId) ?? r.activityId}${r.wave ? ` — ${r.wave}` : ''}`,
      sendAt: londonDateTime(r.sendAt),
      state: occurrenceStateWords(r.state, true),
      approvedBy: r.approvedBy ? actorLabel(r.approvedBy) : '',
      recipients: count(r.recipients),
      sent: count(r.sent),
      failed: count(r.failed),
      pending: count(r.pending),
      cancelled: count(r.cancelled),
      caughtUp: count(r.caughtUp.sent + r.caughtUp.pending),
      tooLate: r.tooLate ? count(r.tooLate) : '',
      hrefs: Object.fromEntries(Object.keys(REPORT_COUNTS).map((column) => [column, occurrenceMessagesHref(r.occurrence, column)])),
      failures: r.failures.map((f) => ({ reason: f.reason, count: count(f.count) })),
    })),
  });
};

const CSV_COLUMNS = [
  'occurrence',
  'activity',
  'wave',
  'due',
  'state',
  'approved by',
  'approved at',
  'recipients',
  'sent',
  'failed',
  'why failed',
  'pending',
  'cancelled',
  'caught up sent',
  'caught up pending',
  'late joiners too late',
];

export const downloadReport: PageHandler = async (_request, reply, web) => {
  const rows = await reportRows(web);
  const body = [
    csvLine(CSV_COLUMNS),
    ...rows.map((r) =>
      csvLine([
        r.occurrence,
        r.activityId,
        r.wave,
        r.sendAt,
        r.state,
        r.approvedBy,
        r.approvedAt,
        r.recipients,
        r.sent,
        r.failed,
        failureWords(r),
        r.pending,
        r.cancelled,
        r.caughtUp.sent,
        r.caughtUp.pending,
        r.tooLate,
      ]),
    ),
  ].join('');
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', 'attachment; filename="commsplan-report.csv"')
    .header('cache-control', 'no-store')
    .send(body);
};
