import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listMailFolder } from '../src/delivery/mail-files.js';

/**
 * The mail folder's listing is kept between calls and brought up to date by the folder's modified
 * time: a file another process adds or removes shows on the next call, also once the folder has
 * settled (its listing trusted while its modified time is unchanged).
 */
const folder = mkdtempSync(join(tmpdir(), 'commsplan-mail-folder-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Writes `name` as written at `minute` past 9 on 4 January 2027. */
function write(name: string, minute: number): void {
  const path = join(folder, name);
  writeFileSync(path, `Subject: ${name}\r\n\r\nbody\r\n`);
  const at = new Date(Date.UTC(2027, 0, 4, 9, minute));
  utimesSync(path, at, at);
}

/** Makes the folder look as if it last changed an hour ago, so its listing is trusted until it changes. */
function settle(): void {
  const hourAgo = new Date(Date.now() - 3_600_000);
  utimesSync(folder, hourAgo, hourAgo);
}

const names = async () => (await listMailFolder(folder, new Date())).map((file) => file.name);

describe('listing a mail folder', () => {
  it('lists newest first, and shows files added and removed since on the next call, settled or not', async () => {
    write('b.eml', 2);
    write('a.eml', 1);
    write('.c.eml.partial', 3);
    expect(await names()).toEqual(['b.eml', 'a.eml']);

    settle();
    expect(await names()).toEqual(['b.eml', 'a.eml']);
    // Settled: nothing changed, the kept listing is the answer, as a list of the same files.
    expect(await names()).toEqual(['b.eml', 'a.eml']);

    write('c.eml', 3);
    expect(await names()).toEqual(['c.eml', 'b.eml', 'a.eml']);

    settle();
    await names();
    rmSync(join(folder, 'b.eml'));
    expect(await names()).toEqual(['c.eml', 'a.eml']);
    // Several calls at once wait for one listing and agree.
    write('d.eml', 4);
    const together = await Promise.all([names(), names(), names()]);
    const listed = ['d.eml', 'c.eml', 'a.eml'];
    expect(together).toEqual([listed, listed, listed]);
  });

  it('gives nothing for a folder that is not there', async () => {
    expect(await listMailFolder(join(folder, 'missing'), new Date())).toEqual([]);
  });
});
