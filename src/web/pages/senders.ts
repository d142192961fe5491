import { dirname, isAbsolute, resolve } from 'node:path';
import { testSender } from '../../delivery/test-sender.js';
import { type TransportDependencies, transportForSender } from '../../delivery/transport-for-sender.js';
import { addSender, pauseSender, resumeSender, sendersOf } from '../../senders/manage-senders.js';
import { parseSenderOptions } from '../../senders/parse-sender-options.js';
import {
  DEFAULT_LIMITS,
  describeDestination,
  describeSignIn,
  type Sender,
  type SenderDefinition,
  type SenderOptions,
  type SenderProblem,
} from '../../senders/sender-config.js';
import type { CommsplanError } from '../../shared/errors.js';
import { approvalNotices, approvalQuery, keepApprovalAsked } from '../approval-notices.js';
import { ERROR_PAGES, sendErrorPage } from '../error-pages.js';
import { formField, queryField } from '../form-fields.js';
import { isFormRefusal } from '../form-refusal.js';
import { changeByUser } from '../record-change.js';
import { roleCan } from '../role-can.js';
import type { PageHandler, WebContext } from '../web-context.js';
import { senderProblemInWords } from './sender-words.js';
import { whenWords } from './time-words.js';

type Request = Parameters<PageHandler>[0];
type Reply = Parameters<PageHandler>[1];

/** A page waits no longer than this for a mail server: a wrong host name should not leave someone staring at a spinner. */
const WEB_TIMEOUTS = { connectMs: 10_000, answerMs: 20_000 };
const dependencies = (web: WebContext): TransportDependencies => ({ env: web.env ?? {}, now: web.now, timeouts: WEB_TIMEOUTS });
const nameOf = (request: Request) => (request.params as { name: string }).name;
const isInputError = (error: unknown): error is CommsplanError => isFormRefusal(error);

/** A sender as the pages show it: where its mail goes, how it signs in, its pace and whether it is paused. */
function senderView(sender: Sender) {
  const { perMinute, perDay, perMessage } = sender.limits;
  return {
    name: sender.name,
    isDefault: sender.isDefault,
    destination: sender.kind === 'folder' ? `Mail folder ${sender.folder}` : `SMTP server ${describeDestination(sender)}`,
    from: sender.from + (sender.sendAs ? ' (sent as)' : ''),
    signIn: sender.kind === 'folder' ? 'Not needed' : describeSignIn(sender) === 'none' ? 'None' : describeSignIn(sender),
    pace: `${perMinute} a minute, ${perDay.toLocaleString('en-GB')} recipients a day, ${perMessage} recipients in one message`,
    paused: Boolean(sender.pausedAt),
    state: sender.pausedAt ? `Paused since ${whenWords(sender.pausedAt)}: ${sender.pausedReason}` : 'Sending',
    reportsFrom: sender.reportsFrom,
  };
}

export const showSenders: PageHandler = async (request, reply, web) => {
  const senders = (await sendersOf(web.store, web.organisation)).map(senderView);
  return reply.page('senders.njk', {
    pageTitle: 'Senders',
    senders,
    added: queryField(request, 'added'),
    isAdmin: roleCan(request, 'admin'),
    approvals: await approvalNotices(request, web),
  });
};

const NEW_SENDER_FIELDS = [
  'name',
  'destination',
  'folder',
  'smtp',
  'security',
  'user',
  'passwordEnv',
  'oauth2Tenant',
  'oauth2ClientId',
  'oauth2SecretEnv',
  'oauth2TokenUrl',
  'from',
  'sendAs',
  'perMinute',
  'perDay',
  'perMessage',
  'makeDefault',
  'skipCheck',
] as const;
type NewSenderForm = Record<(typeof NEW_SENDER_FIELDS)[number], string>;

function newSenderForm(request: Request): NewSenderForm {
  return Object.fromEntries(NEW_SENDER_FIELDS.map((field) => [field, formField(request, field)])) as NewSenderForm;
}

/** The form as `sender add` options: a field left empty is an option not given, and only the chosen kind's fields count. */
function asSenderOptions(form: NewSenderForm, workspaceFolder: string): SenderOptions {
  const given = (value: string) => (value.trim() === '' ? undefined : value);
  const limits = { perMinute: given(form.perMinute), perDay: given(form.perDay), perMessage: given(form.perMessage) };
  const common = { from: form.from, sendAs: form.sendAs === 'yes', ...limits };
  if (form.destination === 'folder') return { ...common, folder: form.folder.trim() ? resolve(workspaceFolder, form.folder.trim()) : '' };
  if (form.destination !== 'smtp') return common;
  return {
    ...common,
    smtp: form.smtp,
    security: given(form.security),
    user: given(form.user),
    passwordEnv: given(form.passwordEnv),
    oauth2Tenant: given(form.oauth2Tenant),
    oauth2ClientId: given(form.oauth2ClientId),
    oauth2SecretEnv: given(form.oauth2SecretEnv),
    oauth2TokenUrl: given(form.oauth2TokenUrl),
  };
}

function renderNewSender(reply: Reply, values: Partial<NewSenderForm>, errors: SenderProblem[] = []) {
  return reply.page(
    'sender-form.njk',
    {
      pageTitle: 'Add a sender',
      values: { security: 'starttls', ...values },
      defaults: DEFAULT_LIMITS,
      errors: errors.map((problem) => ({ ...problem, text: senderProblemInWords(problem) })),
      errorFor: Object.fromEntries(errors.map((problem) => [problem.field, senderProblemInWords(problem)])),
      errorSummaryShown: errors.length > 0,
      canApprove: true,
    },
    errors.length > 0 ? 400 : 200,
  );
}

export const showNewSender: PageHandler = async (_request, reply) => renderNewSender(reply, {});

async function checkSender(sender: SenderDefinition, deps: TransportDependencies) {
  const transport = transportForSender(sender, deps);
  try {
    return await transport.verify();
  } finally {
    await transport.close();
  }
}

/** `sender add` from a page: the same checks and the same use-case; secrets are only ever named, never typed here. */
/**
 * What an administrator may point a sender at from the browser, which is narrower than from a shell:
 * a secret only from a variable named for the purpose (so the page can never send the session
 * secret, say, to a server of someone's choosing) and a folder only inside the workspace's own.
 */
const WEB_SECRET_VARIABLE = /^COMMSPLAN_(SMTP|SENDER|OAUTH2)_[A-Z0-9_]+$/;

function browserLimits(form: NewSenderForm): SenderProblem[] {
  const problems: SenderProblem[] = [];
  for (const field of ['passwordEnv', 'oauth2SecretEnv'] as const) {
    const name = form[field].trim();
    // A name that is not a variable's at all is the use-case's to refuse, in its own words.
    const aVariable = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
    if (form.destination === 'smtp' && aVariable && !WEB_SECRET_VARIABLE.test(name))
      problems.push({
        field,
        message: `From this page a secret can only come from a variable whose name starts COMMSPLAN_SMTP_, COMMSPLAN_SENDER_ or COMMSPLAN_OAUTH2_, such as COMMSPLAN_SMTP_PASSWORD. Rename "${name}" on the server, or add the sender from the command line.`,
      });
  }
  const folder = form.folder.trim();
  if (form.destination === 'folder' && folder && (isAbsolute(folder) || folder.split(/[\\/]/).includes('..')))
    problems.push({
      field: 'folder',
      message:
        'Give a folder inside the workspace’s folder, such as mail/outbox: from this page a sender cannot write anywhere else on the server.',
    });
  return problems;
}

export const postNewSender: PageHandler = async (request, reply, web) => {
  const form = newSenderForm(request);
  const keepApproval = keepApprovalAsked(request);
  const limits = browserLimits(form);
  let added: Awaited<ReturnType<typeof addSender>>;
  try {
    const definition = parseSenderOptions(
      form.name,
      asSenderOptions(form, web.store.dialect === 'sqlite' ? dirname(web.store.location) : web.cwd),
    );
    if (limits.length) return renderNewSender(reply, form, limits);
    added = await addSender(
      web.store,
      web.organisation,
      definition,
      {
        makeDefault: form.makeDefault === 'yes',
        check: form.skipCheck === 'yes' ? undefined : (candidate) => checkSender(candidate, dependencies(web)),
        keepApproval,
      },
      changeByUser(request, web),
    );
  } catch (error) {
    if (!isInputError(error)) throw error;
    const problems = (error.details.problems as SenderProblem[] | undefined) ?? [
      { field: error.details.field === 'name' ? 'name' : 'destination', message: error.message },
    ];
    const limited = new Set(limits.map((limit) => limit.field));
    return renderNewSender(reply, form, [...limits, ...problems.filter((problem) => !limited.has(problem.field))]);
  }
  return reply.redirect(`/senders?added=${encodeURIComponent(added.name)}${approvalQuery(added)}`, 303);
};

const senderNamed = async (web: WebContext, name: string) =>
  (await sendersOf(web.store, web.organisation)).find((sender) => sender.name === name);

/** The answer to a test, from the address the test redirected to (as the other banners here are): nothing secret is in it. */
function testedOf(request: Request) {
  if (queryField(request, 'done') !== 'tested') return undefined;
  return { ok: queryField(request, 'ok') === 'yes', to: queryField(request, 'to'), said: queryField(request, 'said') };
}

async function renderSender(request: Request, reply: Reply, web: WebContext, extra: Record<string, unknown> = {}, status = 200) {
  const found = await senderNamed(web, nameOf(request));
  if (!found) return sendErrorPage(reply, ERROR_PAGES.notFound);
  return reply.page(
    'sender.njk',
    {
      pageTitle: `Sender ${found.name}`,
      sender: senderView(found),
      done: queryField(request, 'done'),
      isAdmin: roleCan(request, 'admin'),
      tested: testedOf(request),
      errorSummaryShown: Boolean(extra.error),
      ...extra,
    },
    status,
  );
}

export const showSender: PageHandler = (request, reply, web) => renderSender(request, reply, web);

/**
 * `sender test` from a page: the answer, or what is wrong with the address, shown on the sender's
 * own page. A test that was tried (whether the server took it or not) redirects there with the
 * answer in the address, so a refresh shows the answer again and never sends a second test.
 */
export const postSenderTest: PageHandler = async (request, reply, web) => {
  const to = formField(request, 'to');
  if (!(await senderNamed(web, nameOf(request)))) return sendErrorPage(reply, ERROR_PAGES.notFound);
  try {
    const { outcome } = await testSender(
      web.store,
      web.organisation,
      { name: nameOf(request), to },
      dependencies(web),
      changeByUser(request, web),
    );
    const said = outcome.ok ? outcome.response : outcome.failure.reason;
    const answer = new URLSearchParams({ done: 'tested', to: to.trim(), ok: outcome.ok ? 'yes' : 'no', said });
    return reply.redirect(`/senders/${encodeURIComponent(nameOf(request))}?${answer}`, 303);
  } catch (error) {
    if (!isInputError(error) || error.details.field !== 'to') throw error;
    return renderSender(request, reply, web, { error: { field: 'to', text: error.message }, to }, 400);
  }
};

export const postSenderPause: PageHandler = async (request, reply, web) => {
  const reason = formField(request, 'reason');
  if (!(await senderNamed(web, nameOf(request)))) return sendErrorPage(reply, ERROR_PAGES.notFound);
  try {
    await web.store.db
      .transaction()
      .execute((trx) => pauseSender(trx, web.organisation.id, nameOf(request), reason, changeByUser(request, web)));
  } catch (error) {
    if (!isInputError(error) || error.details.field !== 'reason') throw error;
    return renderSender(request, reply, web, { error: { field: 'reason', text: error.message }, reason }, 400);
  }
  return reply.redirect(`/senders/${encodeURIComponent(nameOf(request))}?done=paused`, 303);
};

export const postSenderResume: PageHandler = async (request, reply, web) => {
  if (!(await senderNamed(web, nameOf(request)))) return sendErrorPage(reply, ERROR_PAGES.notFound);
  await web.store.db.transaction().execute((trx) => resumeSender(trx, web.organisation.id, nameOf(request), changeByUser(request, web)));
  return reply.redirect(`/senders/${encodeURIComponent(nameOf(request))}?done=resumed`, 303);
};
