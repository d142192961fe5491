import { confirmNewClosure, postNewClosure, postRemoveClosure, showClosures } from './pages/closures.js';
import {
  postNewSender,
  postSenderPause,
  postSenderResume,
  postSenderTest,
  showNewSender,
  showSender,
  showSenders,
} from './pages/senders.js';
import { postNewUser, postRemoveUser, postUserRole, showUser, showUsers } from './pages/users.js';
import type { RouteRule } from './route-rule.js';

/** Administration: users and roles, senders and closure days. */
export const ADMIN_ROUTES: readonly RouteRule[] = [
  // Administration: users and roles, senders and closure days, calling the use-cases `users`, `sender` and `closures` call.
  // Everyone reads the senders and closure days (their forms show to administrators only); the accounts list stays an administrator's.
  {
    method: 'GET',
    path: '/users',
    access: 'admin',
    changesData: false,
    nav: { group: 'admin', label: 'Users and roles' },
    handler: showUsers,
  },
  { method: 'POST', path: '/users', access: 'admin', changesData: true, handler: postNewUser },
  { method: 'GET', path: '/users/:id', access: 'admin', changesData: false, handler: showUser },
  { method: 'POST', path: '/users/:id/role', access: 'admin', changesData: true, handler: postUserRole },
  { method: 'POST', path: '/users/:id/remove', access: 'admin', changesData: true, handler: postRemoveUser },
  {
    method: 'GET',
    path: '/senders',
    access: 'viewer',
    changesData: false,
    nav: { group: 'admin', label: 'Senders' },
    handler: showSenders,
  },
  { method: 'GET', path: '/senders/new', access: 'admin', changesData: false, handler: showNewSender },
  { method: 'POST', path: '/senders/new', access: 'admin', changesData: true, handler: postNewSender },
  { method: 'GET', path: '/senders/:name', access: 'viewer', changesData: false, handler: showSender },
  { method: 'POST', path: '/senders/:name/test', access: 'admin', changesData: true, handler: postSenderTest },
  { method: 'POST', path: '/senders/:name/pause', access: 'admin', changesData: true, handler: postSenderPause },
  { method: 'POST', path: '/senders/:name/resume', access: 'admin', changesData: true, handler: postSenderResume },
  {
    method: 'GET',
    path: '/closures',
    access: 'viewer',
    changesData: false,
    nav: { group: 'admin', label: 'Closure days' },
    handler: showClosures,
  },
  { method: 'POST', path: '/closures', access: 'admin', changesData: true, handler: postNewClosure },
  { method: 'POST', path: '/closures/add', access: 'admin', changesData: true, handler: confirmNewClosure },
  { method: 'POST', path: '/closures/remove', access: 'admin', changesData: true, handler: postRemoveClosure },
];
