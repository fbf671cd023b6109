/**
 * The tables of issue 5's identity work: email codes, the tokens they give a filing, and citizen
 * sessions. Registered in server/db/migrations.ts; written with Kysely's schema builder only, so
 * the same steps run on PostgreSQL.
 */
import type { Kysely, Migration } from 'kysely';

export const citizenIdentity: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('verification_codes')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('agency_id', 'text', (col) => col.notNull())
      .addColumn('email', 'text', (col) => col.notNull())
      .addColumn('salt', 'text', (col) => col.notNull())
      .addColumn('code_hash', 'text', (col) => col.notNull())
      .addColumn('attempts', 'integer', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('expires_at', 'text', (col) => col.notNull())
      .addColumn('consumed_at', 'text')
      .addColumn('superseded_at', 'text')
      .addColumn('client_address', 'text', (col) => col.notNull())
      .addColumn('mail_id', 'text', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('verification_codes_email_index').on('verification_codes').columns(['agency_id', 'email', 'created_at']).execute();
    await db.schema.createIndex('verification_codes_address_index').on('verification_codes').columns(['client_address', 'created_at']).execute();

    await db.schema
      .createTable('verification_tokens')
      .addColumn('token_hash', 'text', (col) => col.primaryKey())
      .addColumn('agency_id', 'text', (col) => col.notNull())
      .addColumn('email', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('expires_at', 'text', (col) => col.notNull())
      .addColumn('request_id', 'text', (col) => col.references('requests.id'))
      .execute();

    await db.schema
      .createTable('citizen_sessions')
      .addColumn('token_hash', 'text', (col) => col.primaryKey())
      .addColumn('agency_id', 'text', (col) => col.notNull())
      .addColumn('email', 'text', (col) => col.notNull())
      .addColumn('method', 'text', (col) => col.notNull())
      .addColumn('document_type', 'text')
      .addColumn('document_number', 'text')
      .addColumn('name', 'text')
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('last_seen_at', 'text', (col) => col.notNull())
      .addColumn('expires_at', 'text', (col) => col.notNull())
      .addColumn('revoked_at', 'text')
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['citizen_sessions', 'verification_tokens', 'verification_codes']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
