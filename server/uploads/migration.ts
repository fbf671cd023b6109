/**
 * Issue 11, uploads that cannot fill the disk: upload grants (a byte budget per filing, spent by
 * one conditional UPDATE) and upload leases (when each upload's bytes may be deleted unless a
 * filing took them).
 */
import type { Kysely, Migration } from 'kysely';

export const uploadGrantsAndLeases: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('upload_grants')
      .addColumn('token_hash', 'text', (col) => col.primaryKey())
      .addColumn('agency_id', 'text', (col) => col.notNull())
      .addColumn('purpose', 'text', (col) => col.notNull())
      // bigint: a filing of many large annexes passes PostgreSQL's 2 GiB integer.
      .addColumn('max_bytes', 'bigint', (col) => col.notNull())
      .addColumn('used_bytes', 'bigint', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('expires_at', 'text', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('upload_grants_expires_at').on('upload_grants').column('expires_at').execute();
    await db.schema
      .createTable('upload_leases')
      .addColumn('upload_id', 'text', (col) => col.primaryKey())
      .addColumn('agency_id', 'text', (col) => col.notNull())
      .addColumn('size', 'bigint', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('expires_at', 'text', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('upload_leases_expires_at').on('upload_leases').column('expires_at').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('upload_leases').ifExists().execute();
    await db.schema.dropTable('upload_grants').ifExists().execute();
  },
};
