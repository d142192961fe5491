import { checkSignIn } from '../../accounts/manage-users.js';
import { formField, localPath, queryField } from '../form-fields.js';
import { beginSession, finishSession } from '../session-cookies.js';
import type { PageHandler } from '../web-context.js';

export const showSignIn: PageHandler = async (request, reply, web) => {
  const next = localPath(queryField(request, 'next'));
  if (request.user) return reply.redirect(next, 303);
  return reply.page('sign-in.njk', { pageTitle: 'Sign in', next, email: '', microsoftSignIn: Boolean(web.oidc) });
};

export const signIn: PageHandler = async (request, reply, web) => {
  const email = formField(request, 'email');
  const password = formField(request, 'password');
  const next = localPath(formField(request, 'next'));
  const user =
    email && password ? await checkSignIn(web.store, web.organisation, { email, password, from: request.ip }, web.now()) : undefined;
  if (!user) {
    const error = email && password ? 'The email address or password is not right' : 'Enter your email address and password';
    return reply.page(
      'sign-in.njk',
      { pageTitle: 'Sign in', next, email, error, errorSummaryShown: true, microsoftSignIn: Boolean(web.oidc) },
      401,
    );
  }
  await beginSession(request, reply, web, user);
  return reply.redirect(next, 303);
};

export const showSignOut: PageHandler = async (_request, reply) => reply.page('sign-out.njk', { pageTitle: 'Sign out' });

export const signOut: PageHandler = async (request, reply, web) => {
  await finishSession(request, reply, web);
  return reply.redirect('/sign-in', 303);
};
