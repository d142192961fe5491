import { approveOccurrence, saveActivity, saveTemplate, sendTestFromPage, showActivity, showTemplateForm } from './pages/activity.js';
import { showDashboard } from './pages/dashboard.js';
import { showSending, startSending } from './pages/sending.js';
import { saveSetting, showSettingForm, showSettings } from './pages/settings.js';
import { showSignIn, showSignOut, signIn, signOut } from './pages/sign-in.js';
import { showTimeline } from './pages/timeline.js';
import { confirmWaveMove, saveNewWave, showWaveMove, showWaveRoster, showWaves } from './pages/waves.js';
import type { RouteRule } from './route-rule.js';

/**
 * Every route of the web app: who may use it and whether it changes data. The access guard
 * (access-guard.ts) reads this for every request; test/web-routes.test.ts walks it. A page is
 * added by adding its row here, with its handler in pages/ and its view in views/.
 */
export const ROUTES: readonly RouteRule[] = [
  { method: 'GET', path: '/', access: 'viewer', changesData: false, nav: 'Dashboard', handler: showDashboard },
  { method: 'GET', path: '/settings', access: 'viewer', changesData: false, nav: 'Settings', handler: showSettings },
  { method: 'GET', path: '/settings/:key', access: 'editor', changesData: false, handler: showSettingForm },
  { method: 'POST', path: '/settings/:key', access: 'editor', changesData: true, handler: saveSetting },
  // Timeline, activity and waves pages (issue 10, h-web-plan)
  { method: 'GET', path: '/timeline', access: 'viewer', changesData: false, nav: 'Timeline', handler: showTimeline },
  { method: 'GET', path: '/activities/:id', access: 'viewer', changesData: false, handler: showActivity },
  { method: 'POST', path: '/activities/:id', access: 'editor', changesData: true, handler: saveActivity },
  { method: 'GET', path: '/activities/:id/templates/:templateId', access: 'editor', changesData: false, handler: showTemplateForm },
  { method: 'POST', path: '/activities/:id/templates/:templateId', access: 'editor', changesData: true, handler: saveTemplate },
  { method: 'POST', path: '/activities/:id/send-test', access: 'approver', changesData: true, handler: sendTestFromPage },
  { method: 'POST', path: '/activities/:id/approve', access: 'approver', changesData: true, handler: approveOccurrence },
  { method: 'GET', path: '/waves', access: 'viewer', changesData: false, nav: 'Waves', handler: showWaves },
  { method: 'POST', path: '/waves', access: 'editor', changesData: true, handler: saveNewWave },
  { method: 'GET', path: '/waves/:id/move', access: 'editor', changesData: false, handler: showWaveMove },
  { method: 'POST', path: '/waves/:id/move', access: 'editor', changesData: true, handler: confirmWaveMove },
  { method: 'GET', path: '/waves/:id/people', access: 'viewer', changesData: false, handler: showWaveRoster },
  { method: 'GET', path: '/sending', access: 'viewer', changesData: false, handler: showSending },
  { method: 'POST', path: '/sending', access: 'approver', changesData: true, handler: startSending },
  // End of timeline, activity and waves pages
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
];

/** Files served as they are (nhsuk-frontend's and our built ones): public, read-only, outside the table. */
export const STATIC_PREFIXES = ['/assets/', '/static/'] as const;
