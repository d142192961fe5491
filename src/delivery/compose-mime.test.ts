import { type AddressObject, simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../senders/mail-transport.js';
import { composeMime } from './compose-mime.js';

const DATE = new Date('2026-12-07T08:30:00Z');
const base: OutgoingMessage = {
  messageId: '<9c1e5d0a7b@commsplan>',
  from: '"NHSmail project, Eastbrook" <nhsmail.project@eastbrook.nhs.uk>',
  to: ['zoe.brown@eastbrook.nhs.uk'],
  subject: 'Your mailbox moves to NHSmail this weekend',
  text: 'Dear Zoë,\n\nYour mailbox moves on Saturday.\n',
  html: '<p>Dear Zoë,</p>\n<p>Your mailbox moves on Saturday.</p>\n',
};

/** Text that has tripped up MIME writers: each must read back exactly. */
const awkward: Record<string, string> = {
  'Welsh, Greek and Japanese': 'Bydd eich blwch post yn symud: ŵŷ âêîôû. Ελληνικά γράμματα, 日本語のテキスト.\n',
  'emoji split across soft line breaks': `${'📧'.repeat(40)} ${'é'.repeat(60)}\n`,
  'a long address with no spaces': `Open https://portal.nhs.net/${'a1b2c3d4'.repeat(20)}?next=%2Fhome&x=1 today.\n`,
  'a line that is a lone dot, and one that starts with From': 'Before\n.\n.. two dots\nFrom the project team\nAfter\n',
  'spaces and tabs at the ends of lines': 'Trailing spaces   \nA tab\t\n\t indented\n',
  'equals signs and underscores': '=_ =3D = == = _=_\n',
  'Windows, old Mac and Unix line breaks mixed': 'one\r\ntwo\rthree\nfour\r\n',
};

const lf = (text: string) => text.replace(/\r\n|\r/g, '\n');

describe('composing a message', () => {
  it('says what Nodemailer’s own composer says: the same sender, recipients, subject, Message-ID, date, headers and parts', async () => {
    const message: OutgoingMessage = {
      ...base,
      to: ['Zoë Ärger <zoe.arger@eastbrook.nhs.uk>', 'helpdesk@eastbrook.nhs.uk'],
      subject: 'Eich blwch post – Ελληνικά – a subject long enough to be folded over more than one line of the header',
      headers: { 'X-Commsplan-Occurrence': 'weekend-reminder:wave-2', 'Reply-To': 'Migration helpdesk <helpdesk@eastbrook.nhs.uk>' },
    };
    const ours = await simpleParser(composeMime(message, DATE));
    const theirs = await simpleParser(
      await new MailComposer({ ...message, to: [...message.to], headers: { ...message.headers }, date: DATE }).compile().build(),
    );
    for (const field of ['subject', 'messageId', 'text', 'html'] as const) expect(ours[field]).toEqual(theirs[field]);
    expect(ours.date?.toISOString()).toBe(DATE.toISOString());
    for (const field of ['from', 'to', 'replyTo'] as const)
      expect((ours[field] as AddressObject).value).toEqual((theirs[field] as AddressObject).value);
    expect(ours.headers.get('x-commsplan-occurrence')).toBe('weekend-reminder:wave-2');
    expect(ours.text).toBe(lf(message.text));
  });

  for (const [what, text] of Object.entries(awkward)) {
    it(`reads back exactly, in lines no longer than 76 characters: ${what}`, async () => {
      const bytes = composeMime({ ...base, text, html: `<pre>${text}</pre>` }, DATE);
      const lines = bytes.toString('utf8').split('\r\n');
      expect(lines.filter((line) => line.length > 76)).toEqual([]);
      // A soft line break never falls inside a character: the next line never starts with a UTF-8 continuation byte.
      const splitCharacters = lines.filter((line, at) => line.endsWith('=') && /^=[89AB][0-9A-F]/.test(lines[at + 1] ?? ''));
      expect(splitCharacters).toEqual([]);
      expect(bytes.toString('latin1')).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
      const read = await simpleParser(bytes);
      expect(read.text).toBe(lf(text));
      expect(read.html).toBe(`<pre>${lf(text)}</pre>`);
    });
  }

  it('makes the same bytes every time for the same message and date', () => {
    expect(composeMime(base, DATE).equals(composeMime(base, DATE))).toBe(true);
  });

  it('keeps the two parts apart even when the text holds the boundary, as a line of its own and as the closing one', async () => {
    const boundary = /boundary="([^"]+)"/.exec(composeMime(base, DATE).toString('latin1'))?.[1] ?? '';
    expect(boundary).not.toBe('');
    const text = `Before\n--${boundary}\nMiddle\n--${boundary}--\nAfter\n`;
    const read = await simpleParser(composeMime({ ...base, text }, DATE));
    expect(read.text).toBe(text);
    expect(read.html).toBe(base.html);
  });

  it('lets no header of the message replace the sender, the recipients, the Message-ID or the structure', async () => {
    const headers = {
      From: 'someone.else@example.org',
      To: 'everyone@eastbrook.nhs.uk',
      'Message-ID': '<forged@example.org>',
      'Content-Type': 'text/plain',
      'X-Commsplan-Occurrence': 'welcome:wave-1',
    };
    const read = await simpleParser(composeMime({ ...base, headers }, DATE));
    expect(read.from?.value).toEqual([{ name: 'NHSmail project, Eastbrook', address: 'nhsmail.project@eastbrook.nhs.uk' }]);
    expect((read.to as AddressObject).value.map((to) => to.address)).toEqual(base.to);
    expect(read.messageId).toBe(base.messageId);
    expect(read.text).toBe(base.text);
    expect(read.html).toBe(base.html);
    expect(read.headers.get('x-commsplan-occurrence')).toBe('welcome:wave-1');
  });

  it('keeps a line break in a subject or header value from starting a header of its own', async () => {
    const bytes = composeMime(
      { ...base, subject: 'Reminder\r\nBcc: everyone@eastbrook.nhs.uk', headers: { 'X-Note': 'a\r\nCc: else@eastbrook.nhs.uk' } },
      DATE,
    );
    const read = await simpleParser(bytes);
    expect(read.bcc).toBeUndefined();
    expect(read.cc).toBeUndefined();
    expect(read.subject).toContain('Reminder');
    expect(bytes.toString('latin1')).not.toMatch(/^(Bcc|Cc):/im);
  });
});
