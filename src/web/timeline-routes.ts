import { approveOccurrence, changeApprovalFromPage, changeOccurrenceFromPage, saveActivity, showActivity } from './pages/activity.js';
import { sendTestFromPage } from './pages/send-test-from-page.js';
import { showSending, startSending } from './pages/sending.js';
import { saveTemplate, showTemplateForm } from './pages/show-template-form.js';
import { confirmWaveMove, previewWaveMoveFromForm, showWaveMove } from './pages/show-wave-move.js';
import { showTimeline } from './pages/timeline.js';
import { confirmAssign, showAssign } from './pages/wave-assign.js';
import { downloadBrokenLinks, downloadRoster } from './pages/wave-files.js';
import { acceptPlan, downloadPlanLinks, previewPlan, showPlanForm } from './pages/wave-plan.js';
import { saveNewWave, showWaveRoster, showWaves } from './pages/waves.js';
import type { RouteRule } from './route-rule.js';

/** The timeline, activity and waves pages, and waves planning. */
export const TIMELINE_ROUTES: readonly RouteRule[] = [
  // Timeline, activity and waves pages.
  {
    method: 'GET',
    path: '/timeline',
    access: 'viewer',
    changesData: false,
    nav: { group: 'plan', label: 'Timeline' },
    handler: showTimeline,
  },
  { method: 'GET', path: '/activities/:id', access: 'viewer', changesData: false, handler: showActivity },
  { method: 'POST', path: '/activities/:id', access: 'editor', changesData: true, handler: saveActivity },
  { method: 'GET', path: '/activities/:id/templates/:templateId', access: 'editor', changesData: false, handler: showTemplateForm },
  { method: 'POST', path: '/activities/:id/templates/:templateId', access: 'editor', changesData: true, handler: saveTemplate },
  { method: 'POST', path: '/activities/:id/send-test', access: 'approver', changesData: true, handler: sendTestFromPage },
  { method: 'POST', path: '/activities/:id/approve', access: 'approver', changesData: true, handler: approveOccurrence },
  { method: 'POST', path: '/activities/:id/occurrence', access: 'editor', changesData: true, handler: changeOccurrenceFromPage },
  { method: 'POST', path: '/activities/:id/approval', access: 'approver', changesData: true, handler: changeApprovalFromPage },
  { method: 'GET', path: '/waves', access: 'viewer', changesData: false, nav: { group: 'plan', label: 'Waves' }, handler: showWaves },
  { method: 'POST', path: '/waves', access: 'editor', changesData: true, handler: saveNewWave },
  { method: 'GET', path: '/waves/:id/move', access: 'editor', changesData: false, handler: showWaveMove },
  { method: 'POST', path: '/waves/:id/move/preview', access: 'editor', changesData: true, handler: previewWaveMoveFromForm },
  { method: 'POST', path: '/waves/:id/move', access: 'editor', changesData: true, handler: confirmWaveMove },
  { method: 'GET', path: '/waves/:id/people', access: 'viewer', changesData: false, handler: showWaveRoster },
  // Waves planning: plan, see the plan before saving it, move a person or department, and the files.
  { method: 'GET', path: '/waves/plan', access: 'editor', changesData: false, handler: showPlanForm },
  { method: 'POST', path: '/waves/plan', access: 'editor', changesData: true, takesUploads: true, handler: previewPlan },
  { method: 'POST', path: '/waves/plan/accept', access: 'editor', changesData: true, handler: acceptPlan },
  { method: 'POST', path: '/waves/plan/broken-links.csv', access: 'editor', changesData: true, handler: downloadPlanLinks },
  { method: 'GET', path: '/waves/assign', access: 'editor', changesData: false, handler: showAssign },
  { method: 'POST', path: '/waves/assign', access: 'editor', changesData: true, handler: confirmAssign },
  { method: 'GET', path: '/waves/:id/roster.csv', access: 'viewer', changesData: false, handler: downloadRoster },
  { method: 'GET', path: '/waves/broken-links.csv', access: 'viewer', changesData: false, handler: downloadBrokenLinks },
  {
    method: 'GET',
    path: '/sending',
    access: 'viewer',
    changesData: false,
    nav: { group: 'sending', label: 'Sending' },
    handler: showSending,
  },
  { method: 'POST', path: '/sending', access: 'approver', changesData: true, handler: startSending },
];
