import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoExportFiles } from '../src/demo/demo-exports.js';
import { demoPeople } from '../src/demo/demo-people.js';
import { assignMailboxes } from '../src/waves/wave-assignments.store.js';
import { FIXED_NOW, runCliCapturing } from './support/cli-harness.js';
import { startTestSite, type TestSite } from './support/web-harness.js';

/**
 * A wave's size is one count on every page: the waves table and the carry-over preview's room in
 * the later waves. The demo's later waves hold leavers and people who do not get NHSmail (who
 * take no room), and a shared mailbox is planned into Wave 3 (which does).
 */

let site: TestSite;
let clock = FIXED_NOW;
const SHARED = 'it.helpdesk@northmoor-valley.example';

beforeAll(async () => {
  site = await startTestSite({ now: FIXED_NOW, clock: () => clock });
  // The demo's made-up people, imported from the command line as `commsplan demo` does.
  const { people, sharedMailboxes } = demoPeople(FIXED_NOW);
  for (const file of demoExportFiles(people, sharedMailboxes, FIXED_NOW)) {
    const path = join(site.dir, file.name);
    writeFileSync(path, file.bytes);
    const result = await runCliCapturing(['--db', join(site.dir, 'commsplan.db'), 'import', 'auto', path], {
      cwd: site.dir,
      now: () => FIXED_NOW,
    });
    expect(result.code, result.stderr).toBe(0);
  }
  // The Monday after Wave 1 (20 and 21 February 2027): its carry-over can be previewed, the later waves are to come.
  clock = new Date('2027-02-22T10:00:00Z');
  const wave3 = await site.store.db
    .selectFrom('waves')
    .select('id')
    .where('org_id', '=', site.organisation.id)
    .where('name', '=', 'Wave 3')
    .executeTakeFirstOrThrow();
  await assignMailboxes(site.store.db, site.organisation.id, [{ mailbox: SHARED, waveId: Number(wave3.id), source: 'assign' }], {
    at: FIXED_NOW.toISOString(),
    by: 'test',
  });
});
afterAll(async () => {
  await site?.close();
});

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the size of a wave', () => {
  it('is the same on the waves page and in the carry-over preview: people and shared mailboxes still to move', async () => {
    const editor = await site.client('editor');
    let waves = await editor.get('/waves');
    for (let tries = 0; tries < 200 && !(waves.html.includes('GB to move') && !waves.html.includes('Being counted')); tries++) {
      await new Promise((done) => setTimeout(done, 100));
      waves = await editor.get('/waves');
    }
    expect(waves.status).toBe(200);
    // Per wave row: its name, then people to move, shared mailboxes to move and those already moved.
    const table = new Map<string, { people: number; shared: number; moved: number }>();
    for (const row of waves.html.matchAll(/<tr class="nhsuk-table__row" id="wave-(\d+)">([\s\S]*?)<\/tr>/g)) {
      const cells = [...(row[2] as string).matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) =>
        text(cell[1] as string)
          .replace(/ people to move in .*$/, '')
          .trim(),
      );
      table.set(cells[0] as string, { people: Number(cells[2]), shared: Number(cells[3]), moved: Number(cells[4]) });
    }
    expect([...table.keys()]).toEqual(['Wave 1', 'Wave 2', 'Wave 3', 'Wave 4']);

    const wave1 = /id="wave-(\d+)">\s*<td class="nhsuk-table__cell">Wave 1</.exec(waves.html)?.[1];
    const preview = await editor.get(`/waves/${wave1}/carry-over`);
    expect(preview.status, preview.html).toBe(200);
    const said = text(preview.html);
    const later = ['Wave 2', 'Wave 3', 'Wave 4'];
    for (const name of later) {
      const shown = table.get(name) as { people: number; shared: number };
      const room = new RegExp(
        `${name} [^.]*? Still to move now: (\\d+) mailbox(?:es)? \\((\\d+) (?:person|people), (\\d+) shared mailbox(?:es)?\\)`,
      ).exec(said);
      expect(room, `${name} in the carry-over preview`).not.toBeNull();
      const [total, people, shared] = (room as RegExpExecArray).slice(1).map(Number);
      expect({ name, people, shared, total }).toEqual({
        name,
        people: shown.people,
        shared: shown.shared,
        total: shown.people + shown.shared,
      });
    }
    // The demo's leavers and people without NHSmail are in no count: the staff list puts 81 in
    // Wave 2 and 101 in Wave 3, of whom 79 and 99 are current and get NHSmail.
    expect(table.get('Wave 2')).toEqual({ people: 79, shared: 0, moved: 0 });
    expect(table.get('Wave 3')).toEqual({ people: 99, shared: 1, moved: 0 });
  });
});
