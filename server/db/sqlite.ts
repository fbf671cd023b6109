/**
 * The embedded default database: one SQLite file through better-sqlite3. Only this file knows
 * it is SQLite; a PostgreSQL twin would build a `Kysely<Database>` with `PostgresDialect`.
 */
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, type DatabaseConnection, type Driver } from 'kysely';
import type { Database } from './schema.ts';

/**
 * SQLite ends a transaction by itself when a write fails with SQLITE_FULL (also IOERR, NOMEM):
 * Kysely's ROLLBACK then fails with "cannot rollback - no transaction is active", and that error
 * replaced the real one in every log and answer. A rollback with no transaction open is skipped,
 * so the caller sees the error that ended it (and a full disk is said as one).
 */
class SqliteDialectKeepingCause extends SqliteDialect {
  constructor(private readonly sqlite: SqliteDatabase.Database) {
    super({ database: sqlite });
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    const rollback = driver.rollbackTransaction.bind(driver);
    driver.rollbackTransaction = async (connection: DatabaseConnection) => {
      if (!this.sqlite.inTransaction) return;
      await rollback(connection);
    };
    return driver;
  }
}

export function createSqliteDatabase(file: string): Kysely<Database> {
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers run while a filing commits; foreign keys are off by default in SQLite.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // Several processes may share the file: wait for a writer instead of failing at once.
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SqliteDialectKeepingCause(sqlite) });
}
