import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CopyProgress, copyWorkspace } from '../src/store/copy-workspace.js';
import { openPostgresStore } from '../src/store/open-postgres-store.js';
import { openSqliteStore } from '../src/store/open-sqlite-store.js';
import { FIXED_NOW, runCliCapturing } from './support/cli-harness.js';
import { sqlOnSqliteFile } from './support/sqlite-file.js';
import { freshPostgresUrl, TEST_POSTGRES_URL } from './support/test-database.js';

/**
 * `migrate-to-postgres` end to end: a demo workspace built in an SQLite file (kept a file even when
 * the suite runs on PostgreSQL), moved into fresh PostgreSQL schemas.
 */
let dir: string;
let source: string;

const cli = (...args: string[]) => runCliCapturing(args, { cwd: dir, now: () => FIXED_NOW, database: 'sqlite-file' });
const ok = async (...args: string[]) => {
  const result = await cli(...args);
  expect(result.code, `${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(0);
  return result;
};
const migrate = (url: string) => cli('migrate-to-postgres', source, url);

/** The application tables, read straight from the SQLite file. */
const tableNames = () =>
  sqlOnSqliteFile<{ name: string }>(
    source,
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'kysely%' ORDER BY name",
  ).map((row) => row.name);

const sqliteCounts = () =>
  Object.fromEntries(
    tableNames().map((name) => [name, sqlOnSqliteFile<{ n: number }>(source, `SELECT count(*) AS n FROM "${name}"`)[0]?.n]),
  );

/** Runs `work` on the PostgreSQL workspace at `url`, opened for it and closed after. */
async function onPostgres<T>(url: string, work: (run: <R>(query: string) => Promise<R[]>) => Promise<T>): Promise<T> {
  const store = await openPostgresStore(url, { create: true, poolSize: 1 });
  try {
    return await work(async <R>(query: string) => (await sql.raw<R>(query).execute(store.db)).rows);
  } finally {
    await store.close();
  }
}

const postgresCounts = (url: string) =>
  onPostgres(url, async (run) => {
    const counts: Record<string, number | undefined> = {};
    for (const name of tableNames()) counts[name] = (await run<{ n: number }>(`SELECT count(*) AS n FROM "${name}"`))[0]?.n;
    return counts;
  });

const totalOf = (counts: Record<string, number | undefined>) => Object.values(counts).reduce((sum: number, n) => sum + (n ?? 0), 0);

describe.skipIf(!TEST_POSTGRES_URL)('moving a workspace to PostgreSQL (needs COMMSPLAN_TEST_POSTGRES)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'commsplan-migrate-'));
    source = join(dir, 'demo', 'commsplan.db');
    await ok('demo', '--dir', 'demo');
    await ok('--db', source, 'users', 'add', 'priya.shah@northmoor-valley.example', '--role', 'admin');
    await ok('--db', source, 'send', '--queue-only', '--anyway', '--now', '2027-01-21T09:00:00Z');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('copies every table row for row, and the workspace reads and prints the same on PostgreSQL', async () => {
    const counts = sqliteCounts();
    expect(counts.people).toBeGreaterThan(300);
    expect(counts.outbox).toBeGreaterThan(0);
    expect(counts.users).toBe(1);
    const url = freshPostgresUrl();
    const moved = await migrate(url);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toContain(`${tableNames().length} tables, ${totalOf(counts).toLocaleString('en-GB')} rows`);
    expect(moved.stdout).toContain('Every table was checked row for row.');
    expect(moved.stdout).toContain(`(schema ${new URL(url).searchParams.get('schema')})`);
    expect(await postgresCounts(url)).toEqual(counts);

    const rows = [
      'SELECT * FROM organisations',
      'SELECT * FROM senders',
      'SELECT * FROM mailboxes WHERE email = (SELECT max(email) FROM mailboxes)',
      'SELECT * FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)',
      'SELECT * FROM outbox ORDER BY message_key LIMIT 1',
    ];
    for (const query of rows) {
      const expected = sqlOnSqliteFile<Record<string, unknown>>(source, query);
      expect(expected.length, query).toBe(1);
      expect(await onPostgres(url, (run) => run(query)), query).toEqual(expected);
    }
    for (const command of [['timeline'], ['check'], ['audiences'], ['waves', 'show']]) {
      const [onFile, onServer] = [await cli('--db', source, ...command), await cli('--db', url, ...command)];
      expect(onServer, command.join(' ')).toEqual(onFile);
    }
  });

  it('numbers rows added after the move past the highest copied id', async () => {
    const url = freshPostgresUrl();
    expect((await migrate(url)).code).toBe(0);
    const highest = (table: string) => sqlOnSqliteFile<{ id: number }>(source, `SELECT max(id) AS id FROM ${table}`)[0]?.id ?? 0;
    await ok('--db', url, 'waves', 'add', '--start', '2027-05-01');
    const [wave, audit] = await onPostgres(url, async (run) => [
      (await run<{ id: number }>('SELECT max(id) AS id FROM waves'))[0]?.id,
      (await run<{ id: number }>('SELECT max(id) AS id FROM audit_log'))[0]?.id,
    ]);
    expect(wave).toBe(highest('waves') + 1);
    expect(audit).toBe(highest('audit_log') + 1);
  });

  it('refuses to move into a database that already holds a workspace, and changes nothing there', async () => {
    const url = freshPostgresUrl();
    expect((await migrate(url)).code).toBe(0);
    const before = await postgresCounts(url);
    const again = await migrate(url);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('already holds a workspace (its table organisations has rows)');
    expect(again.stdout).toBe('');
    expect(await postgresCounts(url)).toEqual(before);
  });

  it('names the host and database it cannot reach, never the password', async () => {
    const url = new URL(TEST_POSTGRES_URL as string);
    url.password = 'sekret-pass-word';
    url.pathname = '/no_such_database_here';
    const result = await migrate(url.toString());
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`${url.hostname}:${url.port || '5432'}/no_such_database_here: that database does not exist`);
    expect(result.stderr + result.stdout).not.toContain('sekret');
  });

  it('leaves PostgreSQL without a row when it refuses a table half-way through the copy', async () => {
    const url = freshPostgresUrl();
    // A check no wave passes: the tables before waves are copied, then the copy fails.
    await onPostgres(url, (run) => run('ALTER TABLE waves ADD CONSTRAINT no_waves_here CHECK (id < 0)'));
    const result = await migrate(url);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('PostgreSQL refused rows of table waves');
    expect(result.stderr).toContain('Nothing was saved in PostgreSQL.');
    expect(totalOf(await postgresCounts(url))).toBe(0);
  });

  it('rolls back a copy that does not match, naming the table and the first row that differs', async () => {
    const url = freshPostgresUrl();
    await onPostgres(url, async (run) => {
      await run(`CREATE FUNCTION change_sender() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.from_address := 'someone.else@example.org'; RETURN NEW; END $$`);
      await run('CREATE TRIGGER change_sender BEFORE INSERT ON senders FOR EACH ROW EXECUTE FUNCTION change_sender()');
    });
    const [sender] = sqlOnSqliteFile<{ org_id: string; name: string }>(source, 'SELECT org_id, name FROM senders ORDER BY rowid LIMIT 1');
    const result = await migrate(url);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `The copy of table senders does not match: the row with org_id "${sender?.org_id}", name "${sender?.name}" is not the same in PostgreSQL.`,
    );
    expect(totalOf(await postgresCounts(url))).toBe(0);
  });

  it('refuses when a table has a column on one side only, before copying anything', async () => {
    const url = freshPostgresUrl();
    await onPostgres(url, (run) => run('ALTER TABLE people ADD COLUMN nickname text'));
    const result = await migrate(url);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Table people has a column nickname in PostgreSQL but not in SQLite');
    expect(totalOf(await postgresCounts(url))).toBe(0);
  });

  it('copies and checks page by page, reporting progress up to every row', async () => {
    const url = freshPostgresUrl();
    const [from, to] = [await openSqliteStore(source, { create: false }), await openPostgresStore(url, { create: true })];
    const progress: CopyProgress[] = [];
    try {
      const copied = await copyWorkspace(from, to, { pageSize: 7, onProgress: (p) => progress.push({ ...p }) });
      expect(Object.fromEntries(copied.map((table) => [table.name, table.rows]))).toEqual(sqliteCounts());
    } finally {
      await Promise.all([from.close(), to.close()]);
    }
    const total = totalOf(sqliteCounts());
    for (const step of ['copying', 'checking'] as const) {
      const last = progress.filter((p) => p.step === step).at(-1);
      expect(last).toMatchObject({ rowsDone: total, rowsTotal: total, tableNumber: tableNames().length });
    }
    expect(await postgresCounts(url)).toEqual(sqliteCounts());
  });
});
