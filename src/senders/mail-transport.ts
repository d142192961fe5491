/**
 * What the sending loop needs from a way of delivering mail: a local folder of .eml files or an
 * SMTP server. Transports never throw for a delivery problem: they say what kind it is.
 */
export interface OutgoingMessage {
  /** `<message_key@domain>`: the same key every time the same message is made. */
  messageId: string;
  from: string;
  to: readonly string[];
  subject: string;
  html: string;
  text: string;
  headers?: Readonly<Record<string, string>>;
}

/**
 * - `retry`: temporary (4xx, time-out, dropped connection, TLS trouble): try again later.
 * - `recipient-rejected`: permanent for this recipient (5xx about the address): never retried.
 * - `pause-sender`: about the sender, not the recipient (authentication refused, quota or
 *   throttling): stop this sender, with the reason, and fail nothing.
 */
export type DeliveryFailureKind = 'retry' | 'recipient-rejected' | 'pause-sender';

export interface DeliveryFailure {
  kind: DeliveryFailureKind;
  /** The server's reply or what went wrong, as a person can read it. */
  reason: string;
  smtpCode?: number;
  /** The server did not answer in time: it may have taken the message, or it may have stalled. */
  timedOut?: true;
}

export type SendOutcome = { ok: true; response: string } | { ok: false; failure: DeliveryFailure };

export interface MailTransport {
  send(message: OutgoingMessage): Promise<SendOutcome>;
  /** Checks that the transport can be used (connects and signs in), without sending. */
  verify(): Promise<SendOutcome>;
  close(): Promise<void>;
}
