/**
 * The deterministic key of one outbox message: the same occurrence, recipient and template
 * version always give the same key, so making a message twice collides on the primary key
 * instead of sending twice. The key is also the Message-ID, so a receiving system can spot a
 * message that arrives twice after a crash. Hashing comes in as a parameter (sha256 in hex),
 * which keeps this file free of I/O modules.
 */
export type Sha256Hex = (text: string) => string;

export interface MessageKeyParts {
  occurrenceKey: string;
  /** The address the message goes to, lower-cased. */
  recipient: string;
  templateVersion: string;
}

/** The text that is hashed: a JSON array, so no choice of separator can make two inputs alike. */
export function messageKeyInput(parts: MessageKeyParts): string {
  return JSON.stringify([parts.occurrenceKey, parts.recipient.trim().toLowerCase(), parts.templateVersion]);
}

export function messageKey(parts: MessageKeyParts, sha256Hex: Sha256Hex): string {
  return sha256Hex(messageKeyInput(parts));
}

/** `<key@commsplan>`: a Message-ID as RFC 5322 writes it. */
export function messageIdOf(key: string, domain = 'commsplan'): string {
  return `<${key}@${domain}>`;
}

/** A template's version: its subject and body hashed, so any edit gives new keys and new messages. */
export function templateVersionInput(template: { subject: string; body: string }): string {
  return JSON.stringify([template.subject, template.body]);
}

/** The first 16 hex digits are plenty to tell two versions of one template apart and keep rows small. */
export function templateVersionOf(template: { subject: string; body: string }, sha256Hex: Sha256Hex): string {
  return sha256Hex(templateVersionInput(template)).slice(0, 16);
}
