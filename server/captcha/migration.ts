/**
 * The captcha answers already used, kept until they expire: an ALTCHA solution is valid once, in
 * any process (a replay reaching another process must be refused too). Registered in
 * server/db/migrations.ts; Kysely's schema builder only, so the same steps run on PostgreSQL.
 */
import type { Kysely, Migration } from 'kysely';

export const captchaUses: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('captcha_uses')
      .addColumn('answer_hash', 'text', (col) => col.primaryKey())
      .addColumn('agency_id', 'text', (col) => col.notNull())
      .addColumn('used_at', 'text', (col) => col.notNull())
      .addColumn('expires_at', 'text', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('captcha_uses_expires_at_index').on('captcha_uses').column('expires_at').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('captcha_uses').ifExists().execute();
  },
};
