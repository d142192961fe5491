import type { DeliveryFailure } from '../senders/mail-transport.js';

/**
 * What went wrong, as the mail library reports it: an error code such as `ETIMEDOUT` or
 * `EAUTH`, and when the server answered, its reply code, full reply and the command it answered.
 */
export interface ServerReply {
  errorCode?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message: string;
}

/** Enhanced status code (RFC 3463), such as `5.1.1`, from the start of a reply's text. */
export function enhancedStatus(response: string | undefined): string | undefined {
  return /^\d{3}[ -](\d\.\d{1,3}\.\d{1,3})\b/.exec(response?.trim() ?? '')?.[1];
}

/** Replies about the sender's account or its limits, by words Exchange Online and others use. */
const SENDER_PROBLEMS: ReadonlyArray<{ pattern: RegExp; why: string }> = [
  {
    pattern: /SubmissionQuotaExceeded|sending quota|sending limit|daily (?:user )?sending/i,
    why: 'the account has used up its sending quota',
  },
  {
    pattern: /sender thread limit|too many concurrent|concurrent connections|throttl|rate limit|submission rate/i,
    why: 'the server is throttling this account',
  },
  {
    pattern: /SendAsDenied|permissions to send as|not allowed to send as|5\.7\.60\b/i,
    why: 'the account may not send as the From address',
  },
  { pattern: /Authentication unsuccessful|authentication failed|5\.7\.(?:139|3|8|57)\b/i, why: 'the server refused the sign-in' },
];

const RECIPIENT_STATUSES = /^5\.(?:1\.\d+|2\.[12]|4\.1|7\.(?:1|133|134|509))$/;

/**
 * Sorts a failed send into what to do next:
 * - `pause-sender` when the reply is about the sender (sign-in refused, quota, throttling,
 *   send-as refused, fewer recipients a message than this sender's limit);
 * - `recipient-rejected` for any other permanent (5xx) reply: never retried;
 * - `retry` for temporary replies (4xx) and for trouble on the way (time-outs, dropped
 *   connections, TLS), which may clear by itself.
 */
export function classifyReply(reply: ServerReply): DeliveryFailure {
  const text = reply.response?.trim() || reply.message;
  const failure = (kind: DeliveryFailure['kind'], why: string): DeliveryFailure => ({
    kind,
    reason: `${why}: ${text}`,
    ...(reply.responseCode === undefined ? {} : { smtpCode: reply.responseCode }),
  });
  const code = reply.responseCode;
  if (code === undefined) return classifyWithoutReply(reply, failure);

  const senderProblem = SENDER_PROBLEMS.find(({ pattern }) => pattern.test(text));
  if (code === 535 || code === 534 || reply.command?.toUpperCase().startsWith('AUTH'))
    return failure('pause-sender', 'the server refused the sign-in');
  if (senderProblem && code >= 400) return failure('pause-sender', senderProblem.why);
  const status = enhancedStatus(text);
  if (status === '4.5.3' || status === '5.5.3' || /too many recipients/i.test(text))
    return failure('pause-sender', 'the server takes fewer recipients a message than this sender allows: lower --per-message');
  if (code === 421) return failure('retry', 'the server is not taking mail just now');
  if (code >= 400 && code < 500) return failure('retry', 'the server asked to try again later');
  if (code === 503) return failure('retry', 'the server lost track of the conversation');
  if (code === 530) return failure('pause-sender', 'the server wants the account to sign in first');
  if (code >= 500 && reply.command?.toUpperCase().startsWith('MAIL')) return failure('pause-sender', 'the server refused the From address');
  if (code >= 500 && status !== undefined && RECIPIENT_STATUSES.test(status))
    return failure('recipient-rejected', 'the server refused this recipient');
  if (code >= 500) return failure('recipient-rejected', 'the server refused this message for good');
  return failure('retry', 'the server gave an answer commsplan did not expect');
}

const DROPPED = /ECONNRESET|EPIPE|ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ECONNABORTED|socket hang up|closed unexpectedly/i;
const TLS = /certificate|self[- ]signed|SSL|TLS|handshake|wrong version number/i;

function classifyWithoutReply(
  reply: ServerReply,
  failure: (kind: DeliveryFailure['kind'], why: string) => DeliveryFailure,
): DeliveryFailure {
  const code = reply.errorCode ?? '';
  if (code === 'EAUTH' || code === 'ENOAUTH' || code === 'EOAUTH2') return failure('pause-sender', 'signing in failed');
  if (code === 'ETIMEDOUT' || /timed? ?out/i.test(reply.message))
    return { ...failure('retry', 'the server took too long to answer'), timedOut: true };
  if (code === 'ETLS' || TLS.test(reply.message)) return failure('retry', 'the secure (TLS) connection failed');
  if (code === 'EDNS' || /ENOTFOUND|EAI_AGAIN/.test(reply.message)) return failure('retry', 'the server name could not be looked up');
  if (code === 'ECONNECTION' || code === 'ESOCKET' || DROPPED.test(code) || DROPPED.test(reply.message))
    return failure('retry', 'the connection to the server failed or was dropped');
  return failure('retry', 'sending failed');
}
