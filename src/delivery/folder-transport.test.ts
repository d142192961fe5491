import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../senders/mail-transport.js';
import { folderTransport, makeFolder } from './folder-transport.js';

const NOW = new Date('2026-11-24T10:00:00Z');
const message: OutgoingMessage = {
  messageId: '<0f3a@commsplan>',
  from: 'NHSmail project <project@eastbrook.nhs.uk>',
  to: ['zoe.brown@eastbrook.nhs.uk'],
  subject: 'Moving to NHSmail: Zoë, your mailbox',
  html: '<p>Dear Zoë,</p>',
  text: 'Dear Zoë,\n',
};

describe('the local mail folder', () => {
  const dirs: string[] = [];
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'commsplan-mail-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('writes every part quoted-printable, and text that is mostly not Latin letters reads back exactly', async () => {
    const dir = folder();
    const welshAndGreek = 'Bydd eich blwch post yn symud: ŵŷ âêîôû. Ελληνικά γράμματα, 日本語のテキスト.\n';
    const sent = {
      ...message,
      messageId: '<0f3b@commsplan>',
      subject: 'Ελληνικά γράμματα',
      text: welshAndGreek,
      html: `<p>${welshAndGreek}</p>`,
    };
    expect((await folderTransport(dir, () => NOW).send(sent)).ok).toBe(true);
    const bytes = readFileSync(join(dir, readdirSync(dir)[0] as string));
    expect(bytes.toString('latin1')).not.toContain('Content-Transfer-Encoding: base64');
    const read = await simpleParser(bytes);
    expect(read.subject).toBe('Ελληνικά γράμματα');
    expect(read.text).toBe(welshAndGreek);
    expect(read.html).toContain(welshAndGreek.trim());
  });

  it('writes a real RFC 5322 message with a text and an HTML part, once however often it is sent', async () => {
    const dir = folder();
    const transport = folderTransport(dir, () => NOW);
    expect((await transport.send(message)).ok).toBe(true);
    expect((await transport.send(message)).ok).toBe(true);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const eml = readFileSync(join(dir, files[0] as string), 'utf8');
    expect(eml).toContain('Message-ID: <0f3a@commsplan>');
    // Encoded as RFC 2047 says, folded over two lines.
    expect(eml).toContain('Subject: =?UTF-8?Q?Moving_to_NHSmail=3A_Zo=C3=AB=2C_your_ma?=\r\n =?UTF-8?Q?ilbox?=');
    expect(eml).toContain('Date: Tue, 24 Nov 2026 10:00:00 +0000');
    expect(eml).toMatch(/Content-Type: multipart\/alternative/);
    expect(eml).toMatch(/Content-Type: text\/plain; charset=utf-8/);
    expect(eml).toMatch(/Content-Type: text\/html; charset=utf-8/);
  });

  it('reports a folder it cannot write to as a reason to pause the sender', async () => {
    const dir = folder();
    const blocked = join(dir, 'not-a-folder');
    writeFileSync(blocked, 'a file where the folder should be');
    const outcome = await folderTransport(blocked, () => NOW).send(message);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.failure.kind).toBe('pause-sender');
  });

  it.each([
    ['one level down', ['mail']],
    ['three levels down', ['a', 'b', 'mail']],
    ['that is already there', []],
  ])('makes a folder %s', async (_label, parts) => {
    const target = join(folder(), ...parts);
    await makeFolder(target);
    await makeFolder(target);
    expect(existsSync(target)).toBe(true);
  });

  it.each([
    ["under /proc, where Node's recursive mkdir never returns", '/proc/nope/mail', 'ENOENT'],
    ['under a file', 'FILE/mail', 'is a file, not a folder'],
  ])('ends with an error for a folder %s', async (_label, target, words) => {
    const dir = folder();
    writeFileSync(join(dir, 'FILE'), '');
    const path = target.replace('FILE', join(dir, 'FILE'));
    const made = makeFolder(path).then(
      () => 'made',
      (error: Error) => error.message,
    );
    const timeout = new Promise((resolve) => setTimeout(() => resolve('still going after 2 s'), 2000));
    expect(await Promise.race([made, timeout])).toContain(words);
    const verified = await folderTransport(path, () => NOW).verify();
    expect(verified).toMatchObject({ ok: false, failure: { kind: 'pause-sender', reason: expect.stringContaining(path) } });
  });
});
