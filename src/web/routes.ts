import { ADMIN_ROUTES } from './admin-routes.js';
import { confirmAcceptRemainder, showAcceptRemainder } from './pages/accept-remainder.js';
import { downloadAudience, postNewAudience, showAudience, showAudiences, showNewAudience } from './pages/audiences.js';
import { downloadAuditLog, showAuditLog } from './pages/audit-log.js';
import { fetchBouncesNow, showBounces, showBouncesOfAddress } from './pages/bounces.js';
import { confirmCarryOver, showCarryOver } from './pages/carry-over.js';
import { downloadManagerBriefing, downloadStaffWithoutEmail, showChannelCopy } from './pages/channel-copy.js';
import { showDashboard } from './pages/dashboard.js';
import { downloadHelpdeskList, showHelpdeskList } from './pages/helpdesk.js';
import { confirmImport, discardUpload, showImport, showImports, uploadImport } from './pages/imports.js';
import { downloadPackHtml, downloadPackPdf, downloadPoster, showInformationPack } from './pages/information-pack.js';
import { showMail, showMessage, showMessageHtml } from './pages/mail.js';
import { showMenu } from './pages/menu.js';
import { finishMicrosoftSignIn, startMicrosoftSignIn } from './pages/microsoft-sign-in.js';
import { downloadOccurrenceMessages, showOccurrenceMessages } from './pages/occurrence-messages.js';
import {
  downloadLostLetters,
  downloadPeopleList,
  downloadUnmatchedStaff,
  showLostLetters,
  showPeopleList,
  showUnmatchedStaff,
} from './pages/people.js';
import { audienceCountProgress, importProgress, sendingProgress, waveCountProgress } from './pages/progress.js';
import { downloadReport, showReports } from './pages/reports.js';
import { saveSetting, showSettingForm, showSettings } from './pages/settings.js';
import { showSignIn, showSignOut, signIn, signOut } from './pages/sign-in.js';
import { giveTaskToOwner, markTaskDone, showTask, showTasks } from './pages/tasks.js';
import { downloadWaveResults, showWaveResults } from './pages/wave-results.js';
import type { RouteRule } from './route-rule.js';
import { TIMELINE_ROUTES } from './timeline-routes.js';

/**
 * Every route of the web app: who may use it and whether it changes data. The access guard
 * (access-guard.ts) reads this for every request; test/web-routes.test.ts walks it. A page is
 * added by adding its row here, or in timeline-routes.ts or admin-routes.ts that this table
 * spreads, with its handler in pages/ and its view in views/; a row with `nav: { group, label }`
 * lists the page in that group of the header menu (navigation.ts).
 */
export const ROUTES: readonly RouteRule[] = [
  { method: 'GET', path: '/', access: 'viewer', changesData: false, handler: showDashboard },
  {
    method: 'GET',
    path: '/settings',
    access: 'viewer',
    changesData: false,
    nav: { group: 'admin', label: 'Settings' },
    handler: showSettings,
  },
  { method: 'GET', path: '/settings/:key', access: 'editor', changesData: false, handler: showSettingForm },
  { method: 'POST', path: '/settings/:key', access: 'editor', changesData: true, handler: saveSetting },
  { method: 'GET', path: '/log', access: 'viewer', changesData: false, nav: { group: 'admin', label: 'Audit log' }, handler: showAuditLog },
  // The audit log as CSV, filtered as the page is.
  { method: 'GET', path: '/log/csv', access: 'viewer', changesData: false, handler: downloadAuditLog },
  // Audiences, imports, mail and reports.
  {
    method: 'GET',
    path: '/audiences',
    access: 'viewer',
    changesData: false,
    nav: { group: 'plan', label: 'Audiences' },
    handler: showAudiences,
  },
  { method: 'GET', path: '/audiences/new', access: 'editor', changesData: false, handler: showNewAudience },
  { method: 'POST', path: '/audiences/new', access: 'editor', changesData: true, handler: postNewAudience },
  { method: 'GET', path: '/audiences/:name', access: 'viewer', changesData: false, handler: showAudience },
  { method: 'GET', path: '/audiences/:name/csv', access: 'viewer', changesData: false, handler: downloadAudience },
  // The people each count stands for: `commsplan people`, `people unmatched` and `lost-letters`.
  { method: 'GET', path: '/people', access: 'viewer', changesData: false, handler: showPeopleList },
  { method: 'GET', path: '/people/csv', access: 'viewer', changesData: false, handler: downloadPeopleList },
  { method: 'GET', path: '/people/unmatched', access: 'viewer', changesData: false, handler: showUnmatchedStaff },
  { method: 'GET', path: '/people/unmatched/csv', access: 'viewer', changesData: false, handler: downloadUnmatchedStaff },
  { method: 'GET', path: '/people/lost-letters', access: 'viewer', changesData: false, handler: showLostLetters },
  { method: 'GET', path: '/people/lost-letters/csv', access: 'viewer', changesData: false, handler: downloadLostLetters },
  {
    method: 'GET',
    path: '/imports',
    access: 'editor',
    changesData: false,
    nav: { group: 'people', label: 'Imports' },
    handler: showImports,
  },
  { method: 'POST', path: '/imports', access: 'editor', changesData: true, takesUploads: true, handler: uploadImport },
  { method: 'GET', path: '/imports/:id', access: 'editor', changesData: false, handler: showImport },
  { method: 'POST', path: '/imports/:id/import', access: 'editor', changesData: true, handler: confirmImport },
  { method: 'POST', path: '/imports/:id/discard', access: 'editor', changesData: true, handler: discardUpload },
  { method: 'GET', path: '/mail', access: 'viewer', changesData: false, nav: { group: 'sending', label: 'Mail' }, handler: showMail },
  { method: 'GET', path: '/mail/:sender/:file', access: 'viewer', changesData: false, handler: showMessage },
  { method: 'GET', path: '/mail/:sender/:file/html', access: 'viewer', changesData: false, handler: showMessageHtml },
  {
    method: 'GET',
    path: '/reports',
    access: 'viewer',
    changesData: false,
    nav: { group: 'sending', label: 'Reports' },
    handler: showReports,
  },
  { method: 'GET', path: '/reports/csv', access: 'viewer', changesData: false, handler: downloadReport },
  ...TIMELINE_ROUTES,
  // After each wave: its results and the email that followed, carrying failed moves over, accepting the remainder.
  { method: 'GET', path: '/waves/:id/results', access: 'viewer', changesData: false, handler: showWaveResults },
  { method: 'GET', path: '/waves/:id/results.csv', access: 'viewer', changesData: false, handler: downloadWaveResults },
  { method: 'GET', path: '/waves/:id/carry-over', access: 'viewer', changesData: false, handler: showCarryOver },
  { method: 'POST', path: '/waves/:id/carry-over', access: 'editor', changesData: true, handler: confirmCarryOver },
  {
    method: 'GET',
    path: '/waves/accept-remainder',
    access: 'viewer',
    changesData: false,
    nav: { group: 'people', label: 'Accept the remainder' },
    handler: showAcceptRemainder,
  },
  { method: 'POST', path: '/waves/accept-remainder', access: 'approver', changesData: true, handler: confirmAcceptRemainder },
  { method: 'GET', path: '/reports/messages', access: 'viewer', changesData: false, handler: showOccurrenceMessages },
  { method: 'GET', path: '/reports/messages/csv', access: 'viewer', changesData: false, handler: downloadOccurrenceMessages },
  // Copy for every channel commsplan does not send itself.
  {
    method: 'GET',
    path: '/copy',
    access: 'viewer',
    changesData: false,
    nav: { group: 'plan', label: 'Channel copy' },
    handler: showChannelCopy,
  },
  { method: 'GET', path: '/copy/briefing', access: 'viewer', changesData: false, handler: downloadManagerBriefing },
  { method: 'GET', path: '/copy/briefing/csv', access: 'viewer', changesData: false, handler: downloadStaffWithoutEmail },
  // The information pack and poster: read by every signed-in person, changed by nobody.
  {
    method: 'GET',
    path: '/information-pack',
    access: 'viewer',
    changesData: false,
    nav: { group: 'plan', label: 'Information pack' },
    handler: showInformationPack,
  },
  { method: 'GET', path: '/information-pack/information-pack.pdf', access: 'viewer', changesData: false, handler: downloadPackPdf },
  { method: 'GET', path: '/information-pack/information-pack.html', access: 'viewer', changesData: false, handler: downloadPackHtml },
  { method: 'GET', path: '/information-pack/poster.pdf', access: 'viewer', changesData: false, handler: downloadPoster },
  // Tasks, the helpdesk list and bounces: the CLI's `tasks`, `task done|reassign`, `waves helpdesk` and `bounces` jobs.
  { method: 'GET', path: '/tasks', access: 'viewer', changesData: false, nav: { group: 'sending', label: 'Tasks' }, handler: showTasks },
  { method: 'GET', path: '/tasks/:id', access: 'viewer', changesData: false, handler: showTask },
  { method: 'POST', path: '/tasks/:id/done', access: 'editor', changesData: true, handler: markTaskDone },
  { method: 'POST', path: '/tasks/:id/owner', access: 'editor', changesData: true, handler: giveTaskToOwner },
  {
    method: 'GET',
    path: '/helpdesk',
    access: 'viewer',
    changesData: false,
    nav: { group: 'people', label: 'Helpdesk list' },
    handler: showHelpdeskList,
  },
  { method: 'GET', path: '/helpdesk/csv', access: 'viewer', changesData: false, handler: downloadHelpdeskList },
  {
    method: 'GET',
    path: '/bounces',
    access: 'viewer',
    changesData: false,
    nav: { group: 'sending', label: 'Bounces' },
    handler: showBounces,
  },
  { method: 'POST', path: '/bounces/fetch', access: 'approver', changesData: true, handler: fetchBouncesNow },
  { method: 'GET', path: '/bounces/:address', access: 'viewer', changesData: false, handler: showBouncesOfAddress },
  // Progress of a running import, recount or send, read by the pages' script (static/live-progress.js) in place of reloading.
  { method: 'GET', path: '/imports/:id/progress', access: 'editor', changesData: false, handler: importProgress },
  { method: 'GET', path: '/progress/audience-counts', access: 'viewer', changesData: false, handler: audienceCountProgress },
  { method: 'GET', path: '/progress/wave-counts', access: 'viewer', changesData: false, handler: waveCountProgress },
  { method: 'GET', path: '/progress/sending', access: 'viewer', changesData: false, handler: sendingProgress },
  ...ADMIN_ROUTES,
  // The header menu's groups, each a page listing its pages (navigation.ts).
  { method: 'GET', path: '/menu/:group', access: 'viewer', changesData: false, handler: showMenu },
  { method: 'GET', path: '/sign-in', access: 'public', changesData: false, handler: showSignIn },
  {
    method: 'POST',
    path: '/sign-in',
    access: 'public',
    changesData: true,
    rateLimited: true,
    handler: signIn,
  },
  { method: 'GET', path: '/sign-out', access: 'viewer', changesData: false, handler: showSignOut },
  { method: 'POST', path: '/sign-out', access: 'viewer', changesData: true, handler: signOut },
  // Sign-in with Microsoft Entra ID over OpenID Connect (pages/microsoft-sign-in.ts).
  { method: 'GET', path: '/sign-in/microsoft', access: 'public', changesData: false, rateLimited: true, handler: startMicrosoftSignIn },
  {
    method: 'GET',
    path: '/sign-in/microsoft/callback',
    access: 'public',
    changesData: true,
    getChangesDataBecause:
      'the provider sends the browser back with a GET (OpenID Connect); the state, bound to this browser by a signed cookie, and PKCE do the CSRF check',
    rateLimited: true,
    handler: finishMicrosoftSignIn,
  },
];

/** Files served as they are (nhsuk-frontend's and our built ones): public, read-only, outside the table. */
export const STATIC_PREFIXES = ['/assets/', '/static/'] as const;
