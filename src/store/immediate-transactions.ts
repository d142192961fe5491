import { CompiledQuery, type DatabaseConnection, type Driver, SqliteDialect, type SqliteDialectConfig, SqliteDriver } from 'kysely';

/**
 * SQLite's plain BEGIN takes the write lock only at the first write. A transaction that has read
 * by then, and finds that another connection wrote in between, fails at once with SQLITE_BUSY
 * whatever the busy timeout: two `send --due` queueing together crashed that way. BEGIN IMMEDIATE
 * takes the write lock first, waiting for it up to the busy timeout. Every transaction of ours
 * writes, so none loses by it; reads outside transactions still run beside a writer (WAL).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}
