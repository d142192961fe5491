import nodemailer from 'nodemailer';
import type { NodemailerError } from 'nodemailer/lib/errors';
import type { SMTPPoolOptions } from 'nodemailer/lib/smtp-pool';
import type { DeliveryFailure, MailTransport, OutgoingMessage, SendOutcome } from '../senders/mail-transport.js';
import type { AccessTokenSource } from '../senders/oauth2-token-request.js';
import { addressOf, type SmtpSenderDefinition } from '../senders/sender-config.js';
import { classifyReply } from './classify-reply.js';
import { composeMime } from './compose-mime.js';

export interface SmtpTransportDependencies {
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
  /** Where XOAUTH2 tokens come from, for a sender with OAuth2. */
  tokens?: AccessTokenSource;
  /** How long to wait to connect, and for each answer once connected. */
  timeouts?: { connectMs?: number; answerMs?: number };
  /** PEM certificates to trust besides the usual ones: a server whose certificate an in-house authority signed. */
  trustedCertificates?: string;
}

type Pool = ReturnType<typeof nodemailer.createTransport>;

type SignIn = { ok: true; auth: SMTPPoolOptions['auth'] } | { ok: false; failure: DeliveryFailure };

/**
 * How the sender signs in: OAuth2 with tokens from `dependencies.tokens` (a failure to get one is
 * handed to `onTokenFailure`), a password from the environment, or not at all.
 */
function smtpSignIn(
  sender: SmtpSenderDefinition,
  dependencies: SmtpTransportDependencies,
  onTokenFailure: (failure: DeliveryFailure) => void,
): SignIn {
  if (sender.oauth2) {
    const tokens = dependencies.tokens;
    if (!tokens)
      return { ok: false, failure: { kind: 'pause-sender', reason: `sender ${sender.name} uses OAuth2 but has no token source` } };
    const provisionCallback = (_user: string, renew: boolean, done: (error: Error | null, token?: string, expires?: number) => void) => {
      void tokens.accessToken({ renew }).then((outcome) => {
        if (outcome.ok) return done(null, outcome.accessToken, 1); // expired at once for Nodemailer: tokens.accessToken keeps its own time
        onTokenFailure(outcome.failure);
        done(new Error(outcome.failure.reason));
      });
    };
    return { ok: true, auth: { type: 'OAuth2', user: sender.username, provisionCallback } };
  }
  if (!sender.passwordEnv) return { ok: true, auth: undefined };
  const password = dependencies.env[sender.passwordEnv];
  if (!password)
    return {
      ok: false,
      failure: {
        kind: 'pause-sender',
        reason: `the environment variable ${sender.passwordEnv}, which should hold the password of ${sender.username}, is not set`,
      },
    };
  return { ok: true, auth: { user: sender.username, pass: password } };
}

function openPool(sender: SmtpSenderDefinition, dependencies: SmtpTransportDependencies, auth: SMTPPoolOptions['auth']): Pool {
  return nodemailer.createTransport({
    pool: true,
    maxConnections: 1,
    // A message whose connection closed may have been accepted: the outbox decides whether to send it again, not the pool.
    maxRequeues: 0,
    host: sender.host,
    port: sender.port,
    secure: sender.security === 'tls',
    requireTLS: sender.security === 'starttls',
    ignoreTLS: sender.security === 'none',
    auth,
    connectionTimeout: dependencies.timeouts?.connectMs ?? 30_000,
    greetingTimeout: dependencies.timeouts?.answerMs ?? 30_000,
    socketTimeout: dependencies.timeouts?.answerMs ?? 60_000,
    tls: dependencies.trustedCertificates ? { ca: dependencies.trustedCertificates } : undefined,
  });
}

/** A failed send or check, classified; a failure to get a token wins over what the server said. */
function failedOutcome(error: unknown, tokenFailure: DeliveryFailure | undefined): SendOutcome {
  if (tokenFailure) return { ok: false, failure: tokenFailure };
  const smtpError = error as NodemailerError;
  const first = smtpError.code === 'EENVELOPE' ? smtpError.rejectedErrors?.[0] : undefined;
  const reported = first ?? smtpError;
  return {
    ok: false,
    failure: classifyReply({
      errorCode: reported.code,
      responseCode: reported.responseCode,
      response: reported.response,
      command: reported.command,
      message: reported.message,
    }),
  };
}

/**
 * A pooled SMTP connection through Nodemailer. The password, or the OAuth2 token, is looked
 * up when the first message goes, not when the transport is made. Every failure comes back
 * classified (see classify-reply.ts); nothing is thrown for a delivery problem.
 */
export function smtpTransport(sender: SmtpSenderDefinition, dependencies: SmtpTransportDependencies): MailTransport {
  let pool: Pool | undefined;
  let tokenFailure: DeliveryFailure | undefined;

  const open = (): { ok: true; pool: Pool } | { ok: false; failure: DeliveryFailure } => {
    if (pool) return { ok: true, pool };
    const signIn = smtpSignIn(sender, dependencies, (failure) => {
      tokenFailure = failure;
    });
    if (!signIn.ok) return signIn;
    pool = openPool(sender, dependencies, signIn.auth);
    return { ok: true, pool };
  };

  return {
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      const opened = open();
      if (!opened.ok) return opened;
      tokenFailure = undefined;
      try {
        const envelope = { from: addressOf(sender.from), to: [...message.to] };
        // The Message-ID beside the raw bytes only spares Nodemailer making up one it would not use.
        const raw = composeMime(message, dependencies.now());
        const info = await opened.pool.sendMail({ raw, envelope, messageId: message.messageId });
        const refused = (info.rejected ?? []).map(String);
        return { ok: true, response: refused.length ? `${info.response} (refused: ${refused.join(', ')})` : String(info.response) };
      } catch (error) {
        return failedOutcome(error, tokenFailure);
      }
    },
    async verify(): Promise<SendOutcome> {
      const opened = open();
      if (!opened.ok) return opened;
      tokenFailure = undefined;
      try {
        await opened.pool.verify();
        const as = sender.username ? ` and signed in as ${sender.username}` : '';
        return { ok: true, response: `connected to ${sender.host}:${sender.port}${as}` };
      } catch (error) {
        return failedOutcome(error, tokenFailure);
      }
    },
    async close(): Promise<void> {
      pool?.close();
      pool = undefined;
    },
  };
}
