import MimeNode from 'nodemailer/lib/mime-node';
import { encode as quotedPrintable, wrap as softWrap } from 'nodemailer/lib/qp';
import type { OutgoingMessage } from '../senders/mail-transport.js';

/**
 * The RFC 5322 bytes of a message, made in one synchronous step: the header block as
 * Nodemailer's MimeNode writes it (address and subject encoding, folding), then a
 * multipart/alternative body with a plain-text and an HTML part, both UTF-8 and
 * quoted-printable. The folder and SMTP transports send exactly these bytes.
 *
 * Nodemailer's own composer streams every part through a chain of transforms and writes each
 * piece to the socket as it comes, several writes per message; made here, a message is one
 * buffer, handed to Nodemailer as `raw`. The boundary comes from the Message-ID, not from chance,
 * so the same message and date always give the same bytes.
 */
export function composeMime(message: OutgoingMessage, date: Date): Buffer {
  const boundary = boundaryOf(message.messageId);
  // A base boundary given spares MimeNode drawing a random one it would not use.
  const root = new MimeNode('multipart/alternative', { textEncoding: 'Q', baseBoundary: 'commsplan' });
  if (message.headers) root.setHeader({ ...message.headers });
  root.setHeader({
    From: message.from,
    To: [...message.to],
    Subject: message.subject,
    'Message-ID': message.messageId,
    Date: date.toUTCString().replace(/GMT/, '+0000'),
    'MIME-Version': '1.0',
    'Content-Type': `multipart/alternative; boundary="${boundary}"`,
  });
  const parts = `${textPart(boundary, 'text/plain', message.text)}${textPart(boundary, 'text/html', message.html)}`;
  return Buffer.from(`${root.buildHeaders()}\r\n\r\n${parts}--${boundary}--\r\n`, 'utf8');
}

/**
 * `=_` cannot occur in a quoted-printable body (every `=` there is `=3D` or ends a line), so a
 * boundary that starts with it never collides with the text it separates (RFC 2045, 6.7).
 */
function boundaryOf(messageId: string): string {
  return `=_commsplan_${messageId.replace(/[^A-Za-z0-9]/g, '').slice(0, 48)}`;
}

function textPart(boundary: string, type: string, text: string): string {
  const body = softWrap(quotedPrintable(text.replace(/\r\n|\r|\n/g, '\r\n')), 76);
  return `--${boundary}\r\nContent-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${body}\r\n`;
}
