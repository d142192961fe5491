import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshPostgresUrl, TEST_POSTGRES_URL } from '../../test/support/test-database.js';
import { CommsplanError } from '../shared/errors.js';
import { openPostgresStore } from './open-postgres-store.js';
import { openStore } from './open-store.js';
import { parsePostgresUrl } from './postgres-location.js';

async function refusal(open: () => Promise<unknown>): Promise<CommsplanError> {
  const error = await open().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CommsplanError);
  return error as CommsplanError;
}

describe('a PostgreSQL URL, read without a server', () => {
  it('keeps commsplan’s own parameters away from pg and never shows the password', () => {
    const location = parsePostgresUrl('postgres://app:s3cret@db.example:6543/trust_a?schema=north&pool_size=4&sslmode=require');
    expect(location).toMatchObject({ host: 'db.example', port: '6543', database: 'trust_a', user: 'app', schema: 'north', poolSize: 4 });
    expect(location.connection.connectionString).toBe('postgres://app:s3cret@db.example:6543/trust_a?sslmode=require');
  });

  it.each([
    ['postgres://u@h/db?schema=Robert%27);DROP', /schema in the database URL/],
    ['postgres://u@h/db?pool_size=0', /pool_size .* 1 to 1000, not "0"/],
    ['postgres://u@h/db?pool_size=ten', /not "ten"/],
  ])('refuses %s', (url, message) => {
    expect(() => parsePostgresUrl(url)).toThrow(message);
  });
});

describe.skipIf(!TEST_POSTGRES_URL)('a workspace on PostgreSQL (needs COMMSPLAN_TEST_POSTGRES)', () => {
  it('is created with every migration, and opened again without running any', async () => {
    const url = freshPostgresUrl();
    const created = await openStore(url, { create: true });
    const migrations = await created.db
      .selectFrom('kysely_migration' as never)
      .select('name' as never)
      .execute();
    await created.close();
    expect(migrations.length).toBeGreaterThan(20);
    const reopened = await openStore(url, { create: false });
    expect(reopened.dialect).toBe('postgres');
    expect(reopened.location).toMatch(/^postgres:\/\/.*\(schema t_[0-9a-f]+\)$/);
    await reopened.close();
  });

  it('is migrated exactly once when four instances start at the same moment', async () => {
    const url = freshPostgresUrl();
    const stores = await Promise.all([1, 2, 3, 4].map(() => openPostgresStore(url, { create: true, poolSize: 2 })));
    const first = stores[0];
    if (!first) throw new Error('no store');
    const names = await first.db
      .selectFrom('kysely_migration' as never)
      .select('name' as never)
      .execute();
    const distinct = new Set(names.map((row) => (row as { name: string }).name));
    expect(names.length).toBe(distinct.size);
    expect(names.length).toBeGreaterThan(20);
    await Promise.all(stores.map((store) => store.close()));
  });

  it('refuses a workspace a newer commsplan has migrated further', async () => {
    const url = freshPostgresUrl();
    const store = await openStore(url, { create: true });
    await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('9999-from-the-future', '2030-01-01T00:00:00.000Z')`.execute(store.db);
    await store.close();
    const error = await refusal(() => openStore(url, { create: false }));
    expect(error.code).toBe('workspace-too-new');
    expect(error.message).toMatch(/was written by a newer version of commsplan/);
  });

  it('says there is no workspace rather than creating one unasked', async () => {
    const error = await refusal(() => openStore(freshPostgresUrl(), { create: false }));
    expect(error.code).toBe('workspace-not-found');
    expect(error.message).toMatch(/There is no workspace in postgres:\/\/.*\(schema t_/);
  });

  it('names the host and database of a database that does not exist, never the password', async () => {
    const url = new URL(TEST_POSTGRES_URL as string);
    url.password = 'hunter2-do-not-show';
    url.pathname = '/no_such_database_here';
    const error = await refusal(() => openStore(url.toString(), { create: true }));
    expect(error.code).toBe('workspace-unreachable');
    expect(error.message).toContain(`${url.hostname}:${url.port || '5432'}/no_such_database_here`);
    expect(error.message).toMatch(/that database does not exist/);
    expect(error.message).not.toContain('hunter2');
  });

  it('says nothing answers at a port with no server, never the password', async () => {
    const error = await refusal(() => openStore('postgres://someone:hunter2@127.0.0.1:1/trust', { create: true }));
    expect(error.code).toBe('workspace-unreachable');
    expect(error.message).toBe(
      'Cannot open the workspace database postgres://someone@127.0.0.1:1/trust: nothing answers at that address; check the host and port, and that PostgreSQL is running.',
    );
  });

  it('reads counts as numbers, as SQLite gives them', async () => {
    const store = await openStore(freshPostgresUrl(), { create: true });
    const row = await store.db
      .selectFrom('organisations')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(row.n).toBe(0);
    await store.close();
  });

  it('inserts many rows in bulk inside the caller’s transaction, and none when it rolls back', async () => {
    const url = freshPostgresUrl();
    const store = await openStore(url, { create: true });
    const schema = parsePostgresUrl(url).schema as string;
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    try {
      await client.query(`CREATE TABLE ${schema}.t (n integer, label text)`);
      const rows = Array.from({ length: 120_000 }, (_, n) => [n, n % 2 ? `row ${n}` : null]);
      await store.db.transaction().execute((trx) => store.bulkInsert(trx, 't', ['n', 'label'], rows));
      await store.db
        .transaction()
        .execute(async (trx) => {
          await store.bulkInsert(trx, 't', ['n', 'label'], [[-1, 'rolled back']]);
          throw new Error('undo');
        })
        .catch(() => {});
      const counted = await client.query(
        `SELECT count(*)::int AS n, sum(n)::bigint AS total, count(label)::int AS labels FROM ${schema}.t`,
      );
      expect(counted.rows[0]).toEqual({ n: 120_000, total: String((119_999 * 120_000) / 2), labels: 60_000 });
    } finally {
      await client.end();
      await store.close();
    }
  });
});
