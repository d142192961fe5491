import { simpleParser } from 'mailparser';

/** A message as its recipient sees it: the headers people read, the plain text and the HTML part. */
export interface ReadableEmail {
  from: string;
  to: string;
  subject: string;
  date: string | undefined;
  messageId: string | undefined;
  text: string;
  html: string | undefined;
}

/** Parses an .eml file's bytes (RFC 5322, MIME) with mailparser. */
export async function readEmail(bytes: Buffer): Promise<ReadableEmail> {
  const mail = await simpleParser(bytes, { skipImageLinks: true, skipTextToHtml: true });
  const addresses = (value: typeof mail.to) => (Array.isArray(value) ? value.map((a) => a.text).join(', ') : (value?.text ?? ''));
  return {
    from: mail.from?.text ?? '',
    to: addresses(mail.to),
    subject: mail.subject ?? '',
    date: mail.date?.toISOString(),
    messageId: mail.messageId,
    text: mail.text ?? '',
    html: typeof mail.html === 'string' ? mail.html : undefined,
  };
}

/** The headers people read (from, to, subject, date) of an .eml file, without parsing its body. */
export async function readEmailHeaders(bytes: Buffer): Promise<ReadableEmail> {
  const end = bytes.indexOf('\r\n\r\n');
  const headers = end >= 0 ? bytes.subarray(0, end + 4) : bytes;
  return readEmail(headers);
}
