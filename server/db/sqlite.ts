/**
 * The embedded default database: one SQLite file through better-sqlite3. Only this file knows
 * it is SQLite; a PostgreSQL twin would build a `Kysely<Database>` with `PostgresDialect`.
 */
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema.ts';

export function createSqliteDatabase(file: string): Kysely<Database> {
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers run while a filing commits; foreign keys are off by default in SQLite.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // Several processes may share the file: wait for a writer instead of failing at once.
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}
