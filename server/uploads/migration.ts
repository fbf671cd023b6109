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

/**
 * A grant also counts its uploads: each creation writes a file, its tus metadata and a lease, so
 * a byte budget alone (an `Upload-Length: 1` creation spends one byte) would let one grant make
 * millions. Grants from before keep a bound as well (they live an hour).
 */
export const uploadGrantCounts: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('upload_grants').addColumn('max_uploads', 'integer', (col) => col.notNull().defaultTo(20)).execute();
    await db.schema.alterTable('upload_grants').addColumn('used_uploads', 'integer', (col) => col.notNull().defaultTo(0)).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('upload_grants').dropColumn('used_uploads').execute();
    await db.schema.alterTable('upload_grants').dropColumn('max_uploads').execute();
  },
};
