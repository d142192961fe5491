import { afterAll, describe, expect, it } from 'vitest';
import { SqliteDriver } from '../store/sqlite-driver.js';
import { bestName, bestNameSql, type NameCandidate } from './name-sources.js';

type Source = string | null;

/** The display names the staff list, the mailbox and the NHSmail account give one person; "?" marks a lost letter. */
const CASES: [label: string, staff: Source, mailbox: Source, nhsmail: Source, kept: Source][] = [
  ['the staff list’s, when every source kept its letters', 'Nowak, Łukasz', 'Łukasz Nowak', 'NOWAK, Łukasz (EASTBROOK)', 'Nowak, Łukasz'],
  ['the mailbox’s over a staff list that lost a letter', 'Nowak, ?ukasz', 'Łukasz Nowak', null, 'Łukasz Nowak'],
  [
    'the NHSmail account’s when both others lost letters',
    'Nowak, ?ukasz',
    '?ukasz Nowak',
    'NOWAK, Łukasz (EASTBROOK)',
    'NOWAK, Łukasz (EASTBROOK)',
  ],
  ['the staff list’s when every source lost letters', 'Nowak, ?ukasz', '?ukasz Nowak', null, 'Nowak, ?ukasz'],
  ['the mailbox’s when the staff list has none', null, 'Bjørn Olsen', null, 'Bjørn Olsen'],
  ['the mailbox’s when the staff list’s is blank', '  ', 'Siobhán O’Neill', null, 'Siobhán O’Neill'],
  ['a mangled one rather than none', null, 'Bj?rn Olsen', null, 'Bj?rn Olsen'],
  ['none when no source names them', null, null, null, null],
];

const candidate = (name: Source): NameCandidate => ({ name, lostLetters: name?.includes('?') ?? false });

describe('which source a person’s display name comes from', () => {
  it.each(CASES)('keeps %s', (_label, staff, mailbox, nhsmail, kept) => {
    expect(bestName([staff, mailbox, nhsmail].map(candidate))).toBe(kept);
  });

  const db = new SqliteDriver(':memory:');
  afterAll(() => db.close());
  for (const alias of ['s', 'm', 'a'])
    db.exec(`CREATE TABLE ${alias} (id integer primary key, display_name text, display_name_lost_letters integer)`);
  const insert = (alias: string, id: number, name: Source) => {
    if (name !== null) db.prepare(`INSERT INTO ${alias} VALUES (?, ?, ?)`).run(id, name, candidate(name).lostLetters ? 1 : 0);
  };
  CASES.forEach(([, staff, mailbox, nhsmail], id) => {
    insert('s', id, staff);
    insert('m', id, mailbox);
    insert('a', id, nhsmail);
  });
  const chosen = db
    .prepare(
      `SELECT ${bestNameSql('display_name', ['s', 'm', 'a'])} AS name FROM (SELECT value AS id FROM json_each(?)) p
       LEFT JOIN s ON s.id = p.id LEFT JOIN m ON m.id = p.id LEFT JOIN a ON a.id = p.id ORDER BY p.id`,
    )
    .all(JSON.stringify(CASES.map((_, id) => id))) as { name: Source }[];

  it.each(CASES.map((c, id) => [c[0], id, c[4]] as const))('keeps %s in SQL too', (_label, id, kept) => {
    expect(chosen[id]?.name).toBe(kept);
  });
});
