import type { MailTransport, OutgoingMessage, SendOutcome } from '../../src/senders/mail-transport.js';

/**
 * A transport that answers each message from a script of outcomes, in order (the last repeats),
 * and keeps what it was given. An honest implementation of the interface, for the failure paths;
 * the SMTP branch tests the same paths against a real server.
 */
export function scriptedTransport(script: readonly SendOutcome[] | ((message: OutgoingMessage, index: number) => SendOutcome)) {
  const received: OutgoingMessage[] = [];
  const transport: MailTransport = {
    async send(message) {
      received.push(message);
      const index = received.length - 1;
      if (typeof script === 'function') return script(message, index);
      return script[Math.min(index, script.length - 1)] as SendOutcome;
    },
    async verify() {
      return { ok: true, response: 'ready' };
    },
    async close() {},
  };
  return { transport, received };
}

export const ACCEPTED: SendOutcome = { ok: true, response: '250 2.0.0 OK queued' };
// Replies as Exchange Online words them (looked up: Microsoft Learn, "Message storage and
// concurrent connection throttling for SMTP Authenticated Submission"; NDR texts for 5.1.10 and
// 5.7.139 as quoted in administrators' reports).
export const TOO_MANY_CONNECTIONS: SendOutcome = {
  ok: false,
  failure: { kind: 'retry', reason: '432 4.3.2 Concurrent connections limit exceeded.', smtpCode: 432 },
};
export const NO_SUCH_USER: SendOutcome = {
  ok: false,
  failure: {
    kind: 'recipient-rejected',
    reason: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
    smtpCode: 550,
  },
};
export const AUTH_REFUSED: SendOutcome = {
  ok: false,
  failure: {
    kind: 'pause-sender',
    reason: '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.',
    smtpCode: 535,
  },
};
export const QUOTA_EXCEEDED: SendOutcome = {
  ok: false,
  failure: {
    kind: 'pause-sender',
    reason:
      '554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message due to a permanent exception',
    smtpCode: 554,
  },
};
