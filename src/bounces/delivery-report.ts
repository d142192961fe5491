import {
  allParts,
  decodeEncodedWords,
  headerValue,
  type MimePart,
  parseContentType,
  parseFields,
  parseMime,
  splitHeaders,
} from './mime-parts.js';

/**
 * Reads a non-delivery report: an RFC 3464 delivery status notification (multipart/report with a
 * message/delivery-status part, as Exchange Online, Exchange Server and Postfix send), or, when
 * there is no such part, the text of an Exchange NDR ("Diagnostic information for
 * administrators", "Remote Server returned '550 5.1.1 ...'"). Pure: the hash comes in.
 */

/** 5.x.x: the address will not work (never send to it again as it is). 4.x.x: delayed, or given up on for now. */
export type BounceKind = 'permanent' | 'temporary';

export interface BouncedRecipient {
  /** The address the report names, lower-cased; undefined when it names none. */
  address: string | undefined;
  /** RFC 3464 Action: `failed` or `delayed`. */
  action: string;
  /** The enhanced status code, such as 5.1.10, when the report gives one. */
  status: string | undefined;
  kind: BounceKind;
  /** The receiving server's words (Diagnostic-Code), else the status. */
  reason: string;
}

interface ReportBase {
  /** The report's own Message-ID, else a hash of its bytes: fetching it twice records it once. */
  reportId: string;
  subject: string;
  from: string;
  /** The report's Date header as written, when it has one. */
  date: string | undefined;
}

export type ReadReport =
  | (ReportBase & {
      isReport: true;
      format: 'delivery-status' | 'exchange-text';
      recipients: BouncedRecipient[];
      /** Message-IDs of the message reported on, best first: the returned original, then In-Reply-To and References. */
      originalMessageIds: string[];
    })
  | (ReportBase & { isReport: false; why: string });

export type Sha256Hex = (text: string) => string;

export function readDeliveryReport(raw: string, sha256Hex: Sha256Hex): ReadReport {
  const root = parseMime(raw);
  const header = (name: string) => decodeEncodedWords(headerValue(root.headers, name) ?? '');
  const base: ReportBase = {
    reportId: firstMessageId(header('message-id')) ?? `sha256:${sha256Hex(raw.replace(/\r\n/g, '\n'))}`,
    subject: header('subject'),
    from: header('from'),
    date: header('date') || undefined,
  };
  const parts = allParts(root);
  const status = parts.find(
    (part) => part.contentType === 'message/delivery-status' || part.contentType === 'message/global-delivery-status',
  );
  const originals = originalMessageIds(root, parts);
  if (status) {
    const recipients = deliveryStatusRecipients(status.text);
    if (recipients.length === 0) return { ...base, isReport: false, why: 'a delivery report that names no failed or delayed recipient' };
    return { ...base, isReport: true, format: 'delivery-status', recipients, originalMessageIds: originals };
  }
  if (root.contentType === 'multipart/report')
    return { ...base, isReport: false, why: `a ${root.params['report-type'] ?? 'multipart'} report, not a delivery report` };
  if (looksLikeExchangeNdr(root, base.subject)) {
    const text = parts
      .filter((part) => part.contentType === 'text/plain')
      .map((part) => part.text)
      .join('\n');
    const recipients = exchangeTextRecipients(text, base.subject);
    if (recipients.length)
      return {
        ...base,
        isReport: true,
        format: 'exchange-text',
        recipients,
        originalMessageIds: unique([...originals, ...messageIdsInOriginalHeaders(text)]),
      };
  }
  return { ...base, isReport: false, why: 'not a delivery report' };
}

/** Per-recipient blocks of a message/delivery-status body: blank-line separated groups of fields. */
function deliveryStatusRecipients(text: string): BouncedRecipient[] {
  const blocks = text
    .replace(/\r\n/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => parseFields(block))
    .filter((fields) => headerValue(fields, 'final-recipient') || headerValue(fields, 'original-recipient'));
  const recipients: BouncedRecipient[] = [];
  for (const fields of blocks) {
    const action = (headerValue(fields, 'action') ?? '').trim().toLowerCase();
    const diagnostic = withoutType(headerValue(fields, 'diagnostic-code'));
    const status = statusCodeIn(headerValue(fields, 'status')) ?? statusCodeIn(diagnostic);
    const failing = action === 'failed' || action === 'delayed' || (action === '' && status !== undefined && status[0] !== '2');
    if (!failing) continue;
    const kind: BounceKind = status
      ? status.startsWith('5')
        ? 'permanent'
        : 'temporary'
      : action === 'delayed'
        ? 'temporary'
        : 'permanent';
    recipients.push({
      address: addressIn(withoutType(headerValue(fields, 'final-recipient') ?? headerValue(fields, 'original-recipient'))),
      action: action || (kind === 'permanent' ? 'failed' : 'delayed'),
      status,
      kind: action === 'delayed' ? 'temporary' : kind,
      reason: diagnostic || (status ? `status ${status}` : `Action: ${action}`),
    });
  }
  return recipients;
}

/** `rfc822; a@b.uk` and `smtp; 550 5.1.1 ...`: the value without its type. */
function withoutType(value: string | undefined): string {
  if (!value) return '';
  const semicolon = value.indexOf(';');
  return (semicolon >= 0 && semicolon < 20 ? value.slice(semicolon + 1) : value).trim();
}

function statusCodeIn(text: string | undefined): string | undefined {
  return /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(text ?? '')?.[1];
}

function addressIn(text: string): string | undefined {
  const found = /<?([^\s<>;"]+@[^\s<>;"]+?)>?(?:\s|$)/.exec(`${text} `)?.[1];
  return found?.toLowerCase();
}

const EXCHANGE_SUBJECT = /^(undeliverable|delivery has failed|delivery delayed|delivery status notification|non remis|onbestelbaar)\b/i;

function looksLikeExchangeNdr(root: MimePart, subject: string): boolean {
  return headerValue(root.headers, 'x-ms-exchange-message-is-ndr') !== undefined || EXCHANGE_SUBJECT.test(subject.trim());
}

/**
 * Exchange's human part: Exchange Online writes "Recipient Address:" with "Status code: 550 5.1.10"
 * and "Reported error:"; Exchange Server writes each address on its own line followed by
 * "Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipientNotFound; not found'".
 */
function exchangeTextRecipients(text: string, subject: string): BouncedRecipient[] {
  const delayed = /^delivery delayed/i.test(subject.trim()) || /delivery (has been|is) delayed/i.test(text);
  const make = (address: string | undefined, reason: string): BouncedRecipient => {
    const status = statusCodeIn(reason);
    const kind: BounceKind = status ? (status.startsWith('5') ? 'permanent' : 'temporary') : delayed ? 'temporary' : 'permanent';
    return { address: address?.toLowerCase(), action: delayed || kind === 'temporary' ? 'delayed' : 'failed', status, kind, reason };
  };
  const serverLines = [
    ...text.matchAll(/([^\s<>'"]+@[^\s<>'"]+)\s*\n\s*(?:Remote Server returned '([^']+)'|#([245]\d\d [245]\.\d+\.\d+[^#\n]*))/g),
  ];
  if (serverLines.length) return serverLines.map((m) => make(m[1], (m[2] ?? m[3] ?? '').trim()));
  const reported = /Reported error:\s*(.+)/i.exec(text)?.[1]?.trim();
  const statusLine = /Status code:\s*(.+)/i.exec(text)?.[1]?.trim();
  const address = /Recipient Address:\s*([^\s<>]+@[^\s<>]+)/i.exec(text)?.[1];
  const reason = reported ?? statusLine;
  return reason && statusCodeIn(reason) ? [make(address, reason)] : [];
}

/** Message-IDs of the returned original (message/rfc822 or text/rfc822-headers), then In-Reply-To and References. */
function originalMessageIds(root: MimePart, parts: readonly MimePart[]): string[] {
  const returned = parts
    .filter((part) => ['message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers'].includes(part.contentType))
    .flatMap((part) => allMessageIds(headerValue(splitHeaders(part.text).headers, 'message-id')));
  const replyTo = allMessageIds(headerValue(root.headers, 'in-reply-to'));
  const references = allMessageIds(headerValue(root.headers, 'references')).reverse();
  return unique([...returned, ...replyTo, ...references]);
}

/** Exchange Online quotes the original's headers in its human part, after "Original Message Headers". */
function messageIdsInOriginalHeaders(text: string): string[] {
  const start = text.search(/original message headers/i);
  if (start < 0) return [];
  return [...text.slice(start).matchAll(/^Message-ID:\s*(<[^>\s]+>)/gim)].map((m) => m[1] as string);
}

function allMessageIds(value: string | undefined): string[] {
  return [...(value ?? '').matchAll(/<[^<>\s]+>/g)].map((m) => m[0]);
}

function firstMessageId(value: string | undefined): string | undefined {
  return allMessageIds(value)[0];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** The outbox key inside one of our Message-IDs (`<key@commsplan>`), else undefined. */
export function messageKeyOfId(messageId: string): string | undefined {
  return /^<([^<>@\s]+)@commsplan>$/i.exec(messageId.trim())?.[1]?.toLowerCase();
}

/**
 * Whether a message's headers say it may be a delivery report, so only those are downloaded
 * whole: a multipart/report, Exchange's NDR header, or the subject or sender of a bounce.
 */
export function mightBeDeliveryReport(headerText: string): boolean {
  const { headers } = splitHeaders(`${headerText.trimEnd()}\n\n`);
  if (parseContentType(headerValue(headers, 'content-type')).type === 'multipart/report') return true;
  if (headerValue(headers, 'x-ms-exchange-message-is-ndr') !== undefined) return true;
  const subject = decodeEncodedWords(headerValue(headers, 'subject') ?? '').trim();
  const from = headerValue(headers, 'from') ?? '';
  return (
    EXCHANGE_SUBJECT.test(subject) ||
    /^(returned mail|mail delivery failed|undelivered mail|failure notice)/i.test(subject) ||
    /mailer-daemon|postmaster|microsoftexchange[0-9a-f]{32}/i.test(from)
  );
}
