import { addUser, changeRole, oneTimePassword, removeUser, usersWithSignIns } from '../../accounts/manage-users.js';
import { ROLES } from '../../accounts/role.js';
import type { CommsplanError } from '../../shared/errors.js';
import { ERROR_PAGES, sendErrorPage } from '../error-pages.js';
import { formField, queryField } from '../form-fields.js';
import { isFormRefusal } from '../form-refusal.js';
import { keepNote, takeNote } from '../one-time-notes.js';
import { changeByUser } from '../record-change.js';
import type { PageHandler, WebContext } from '../web-context.js';
import { whenWords } from './time-words.js';

/** What each role may do, in the words the users page uses. */
const ROLE_CHOICES = [
  { value: 'viewer', text: 'Viewer', hint: 'Reads every page; changes nothing.' },
  { value: 'editor', text: 'Editor', hint: 'Also changes the plan, settings, audiences, waves and imports.' },
  { value: 'approver', text: 'Approver', hint: 'Also approves emails and starts sending.' },
  { value: 'admin', text: 'Administrator', hint: 'Also manages users, senders and closure days.' },
] as const;
export const roleName = (role: string) => ROLE_CHOICES.find((choice) => choice.value === role)?.text ?? role;

type Request = Parameters<PageHandler>[0];
type Reply = Parameters<PageHandler>[1];
/** A refusal a person can act on (bad input, the last administrator), shown on the form; anything else is a fault. */
const isFormError = (error: unknown): error is CommsplanError => isFormRefusal(error, ['not-permitted']);

async function usersList(web: WebContext) {
  return (await usersWithSignIns(web.store, web.organisation)).map((user) => ({
    ...user,
    roleName: roleName(user.role),
    lastSignedIn: user.lastSignedInAt ? whenWords(user.lastSignedInAt) : 'Never',
    added: whenWords(user.createdAt),
  }));
}

/**
 * The user just added, from the address the form redirected to; their password only the first time
 * this session reads it (`shownBefore` after that, so the page says it is not shown again).
 */
async function addedOf(request: Request, web: WebContext) {
  if (queryField(request, 'done') !== 'added') return undefined;
  const withMicrosoft = queryField(request, 'signIn') === 'microsoft';
  // The one-time password of the user just added (see keepNote for why it is not in the address).
  const password = withMicrosoft ? undefined : await takeNote(web, queryField(request, 'note'), request.csrfKey, web.now());
  return {
    email: queryField(request, 'email'),
    role: roleName(queryField(request, 'role')),
    withMicrosoft,
    password,
    shownBefore: !withMicrosoft && password === undefined,
  };
}

async function renderUsers(request: Request, reply: Reply, web: WebContext, extra: Record<string, unknown> = {}, status = 200) {
  return reply.page(
    'users.njk',
    {
      pageTitle: 'Users and roles',
      users: await usersList(web),
      roles: ROLE_CHOICES,
      microsoft: Boolean(web.oidc),
      done: queryField(request, 'done'),
      doneEmail: queryField(request, 'email'),
      doneRole: roleName(queryField(request, 'role')),
      added: await addedOf(request, web),
      values: { email: '', role: '', signIn: 'password' },
      errorSummaryShown: Boolean(extra.error),
      ...extra,
    },
    status,
  );
}

export const showUsers: PageHandler = (request, reply, web) => renderUsers(request, reply, web);

/**
 * Adds an account, then redirects to the users page (so a refresh adds nobody twice), where the
 * one-time password is shown once: it is never in an address or a log, only in a one-time note.
 */
export const postNewUser: PageHandler = async (request, reply, web) => {
  const values = {
    email: formField(request, 'email'),
    role: formField(request, 'role'),
    signIn: formField(request, 'signIn') || 'password',
  };
  const withMicrosoft = Boolean(web.oidc) && values.signIn === 'microsoft';
  const password = oneTimePassword();
  try {
    if (!ROLES.some((role) => role === values.role))
      return renderUsers(request, reply, web, { values, error: { field: 'role', text: 'Choose what they may do' } }, 400);
    const user = await addUser(
      web.store,
      web.organisation,
      { email: values.email, role: values.role, password },
      changeByUser(request, web),
    );
    const shown = new URLSearchParams({
      done: 'added',
      email: user.email,
      role: user.role,
      signIn: withMicrosoft ? 'microsoft' : 'password',
      ...(withMicrosoft ? {} : { note: await keepNote(web, password, request.csrfKey, web.now()) }),
    });
    return reply.redirect(`/users?${shown}`, 303);
  } catch (error) {
    if (!isFormError(error)) throw error;
    const text = values.email.trim() === '' ? 'Enter their email address' : error.message;
    return renderUsers(request, reply, web, { values, error: { field: String(error.details.field ?? 'email'), text } }, 400);
  }
};

/** The account with the id in the address, or the not-found page. */
async function accountOf(request: Request, web: WebContext) {
  const id = Number((request.params as { id: string }).id);
  return (await usersList(web)).find((user) => user.id === id);
}

async function renderUser(request: Request, reply: Reply, web: WebContext, extra: Record<string, unknown> = {}, status = 200) {
  const account = await accountOf(request, web);
  if (!account) return sendErrorPage(reply, ERROR_PAGES.notFound);
  return reply.page(
    'user.njk',
    { pageTitle: account.email, account, roles: ROLE_CHOICES, itIsYou: account.email === request.user?.email, ...extra },
    status,
  );
}

export const showUser: PageHandler = (request, reply, web) => renderUser(request, reply, web);

export const postUserRole: PageHandler = async (request, reply, web) => {
  const account = await accountOf(request, web);
  if (!account) return sendErrorPage(reply, ERROR_PAGES.notFound);
  const role = formField(request, 'role');
  try {
    await changeRole(web.store, web.organisation, { email: account.email, role }, changeByUser(request, web));
  } catch (error) {
    if (!isFormError(error)) throw error;
    const text = error.details.field === 'role' ? 'Choose what they may do' : error.message;
    return renderUser(request, reply, web, { error: { field: 'role', text }, errorSummaryShown: true }, 400);
  }
  return reply.redirect(`/users?done=role&email=${encodeURIComponent(account.email)}&role=${encodeURIComponent(role)}`, 303);
};

export const postRemoveUser: PageHandler = async (request, reply, web) => {
  const account = await accountOf(request, web);
  if (!account) return sendErrorPage(reply, ERROR_PAGES.notFound);
  try {
    await removeUser(web.store, web.organisation, account.email, changeByUser(request, web));
  } catch (error) {
    if (!isFormError(error)) throw error;
    return renderUser(request, reply, web, { error: { field: 'remove', text: error.message }, errorSummaryShown: true }, 400);
  }
  return reply.redirect(`/users?done=removed&email=${encodeURIComponent(account.email)}`, 303);
};
