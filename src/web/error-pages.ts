import type { FastifyReply } from 'fastify';

/** What an error page says: a heading, what happened in plain words, and what to do next. */
export interface ErrorPage {
  status: number;
  pageTitle: string;
  paragraphs: string[];
  nextStep?: { href: string; text: string };
}

/** Answers with the error page, under its own status. */
export const sendErrorPage = (reply: FastifyReply, page: ErrorPage) => reply.page('error.njk', page, page.status);

export const ERROR_PAGES = {
  notFound: {
    status: 404,
    pageTitle: 'Page not found',
    paragraphs: [
      'If you typed the web address, check it is correct.',
      'If you pasted the web address, check you copied the entire address.',
    ],
    nextStep: { href: '/', text: 'Go to the dashboard' },
  },
  forbidden: {
    status: 403,
    pageTitle: 'You cannot do this',
    paragraphs: ['Your role does not allow this. Nothing was changed.', 'Ask an administrator of commsplan if you need to do it.'],
    nextStep: { href: '/', text: 'Go to the dashboard' },
  },
  staleForm: {
    status: 403,
    pageTitle: 'This form has expired',
    paragraphs: [
      'The form was sent without a valid security token: it may be from before you signed in or out, or from another site. Nothing was changed.',
      'Go back, reload the page and try again.',
    ],
  },
  signedOut: {
    status: 401,
    pageTitle: 'You are signed out',
    paragraphs: ['Your session has ended, or you were never signed in. Nothing was changed.'],
    nextStep: { href: '/sign-in', text: 'Sign in' },
  },
  tooManyRequests: {
    status: 429,
    pageTitle: 'Too many attempts',
    paragraphs: ['There have been too many attempts from your address. Wait a minute, then try again.'],
    nextStep: { href: '/sign-in', text: 'Sign in' },
  },
  uploadRunning: {
    status: 429,
    pageTitle: 'Your last upload is still running',
    paragraphs: [
      'You are still uploading a file, in this window or another. Wait for it to finish, then upload this one. Nothing was changed.',
    ],
    nextStep: { href: '/imports', text: 'Go to imports' },
  },
  uploadNotTaken: {
    status: 415,
    pageTitle: 'This page does not take files',
    paragraphs: ['Files are uploaded on the imports page. Nothing was changed.'],
    nextStep: { href: '/imports', text: 'Go to imports' },
  },
  workspaceBusy: {
    status: 503,
    pageTitle: 'The workspace is busy',
    paragraphs: [
      'Another job is writing to the workspace: an import, or the people table being worked out again after one. Nothing was changed.',
      'Wait a minute, then try again.',
    ],
    nextStep: { href: '/', text: 'Go to the dashboard' },
  },
  serverError: {
    status: 500,
    pageTitle: 'Sorry, there is a problem with the service',
    paragraphs: ['Something went wrong on our side. Nothing you sent was saved unless the page said so.', 'Try again later.'],
    nextStep: { href: '/', text: 'Go to the dashboard' },
  },
} satisfies Record<string, ErrorPage>;

/** The page for a CommsplanError a form or address caused: its own message, which says what to change. */
export function badRequestPage(status: number, message: string): ErrorPage {
  return {
    status,
    pageTitle: status === 404 ? 'Not found' : 'There is a problem',
    paragraphs: [message, 'Nothing was changed.'],
    nextStep: { href: '/', text: 'Go to the dashboard' },
  };
}
