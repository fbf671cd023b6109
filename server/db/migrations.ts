/**
 * Schema migrations, kept in code (no migration folder to ship or locate at run time) and
 * written only with Kysely's schema builder so the same steps run on SQLite and PostgreSQL.
 */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { captchaUses } from '../captcha/migration.ts';
import { citizenIdentity } from '../verification/migration.ts';
import { uploadGrantCounts, uploadGrantsAndLeases } from '../uploads/migration.ts';

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('requests')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('agency_id', 'text', (col) => col.notNull())
      .addColumn('request_number', 'text', (col) => col.notNull())
      .addColumn('year', 'integer', (col) => col.notNull())
      .addColumn('seq', 'integer', (col) => col.notNull())
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('person_kind', 'text', (col) => col.notNull())
      .addColumn('applicant_document_type', 'text', (col) => col.notNull())
      .addColumn('applicant_document_number', 'text', (col) => col.notNull())
      .addColumn('applicant_given_names', 'text', (col) => col.notNull())
      .addColumn('applicant_surnames', 'text', (col) => col.notNull())
      .addColumn('applicant_email', 'text', (col) => col.notNull())
      .addColumn('applicant_phone', 'text')
      .addColumn('organization_ruc', 'text')
      .addColumn('organization_name', 'text')
      .addColumn('procedure_id', 'text')
      .addColumn('office_id', 'text')
      .addColumn('document_kind_id', 'text')
      .addColumn('document_number', 'text')
      .addColumn('folios', 'integer')
      .addColumn('subject', 'text', (col) => col.notNull())
      .addColumn('accepted_consents', 'text', (col) => col.notNull())
      .addColumn('received_at', 'text', (col) => col.notNull())
      .addColumn('received_date', 'text', (col) => col.notNull())
      .addColumn('deemed_filed_date', 'text', (col) => col.notNull())
      .addColumn('deemed_filed_reason', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addUniqueConstraint('requests_agency_number_unique', ['agency_id', 'request_number'])
      .addUniqueConstraint('requests_agency_year_seq_unique', ['agency_id', 'year', 'seq'])
      .execute();

    await db.schema
      .createTable('uploads')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('agency_id', 'text', (col) => col.notNull())
      .addColumn('slot', 'text', (col) => col.notNull())
      .addColumn('slot_index', 'integer', (col) => col.notNull())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('type', 'text')
      // bigint: a 2048 MB limit does not fit a 32-bit integer.
      .addColumn('size', 'bigint', (col) => col.notNull())
      .addColumn('pages', 'integer')
      .addColumn('sha256', 'text', (col) => col.notNull())
      .addColumn('storage_key', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('request_id', 'text', (col) => col.references('requests.id'))
      .execute();
    await db.schema.createIndex('uploads_request_id_index').on('uploads').column('request_id').execute();

    await db.schema
      .createTable('request_counters')
      .addColumn('agency_id', 'text', (col) => col.notNull())
      .addColumn('year', 'integer', (col) => col.notNull())
      .addColumn('last_seq', 'integer', (col) => col.notNull())
      .addPrimaryKeyConstraint('request_counters_pk', ['agency_id', 'year'])
      .execute();

    await db.schema
      .createTable('request_files')
      .addColumn('request_id', 'text', (col) => col.notNull().references('requests.id'))
      .addColumn('slot', 'text', (col) => col.notNull())
      .addColumn('slot_index', 'integer', (col) => col.notNull())
      .addColumn('version', 'integer', (col) => col.notNull())
      .addColumn('upload_id', 'text', (col) => col.notNull().references('uploads.id'))
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('type', 'text')
      .addColumn('size', 'bigint', (col) => col.notNull())
      .addColumn('pages', 'integer')
      .addColumn('sha256', 'text', (col) => col.notNull())
      .addColumn('storage_key', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('request_files_pk', ['request_id', 'slot', 'slot_index', 'version'])
      .execute();

    await db.schema
      .createTable('request_events')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('request_id', 'text', (col) => col.notNull().references('requests.id'))
      .addColumn('stage', 'text', (col) => col.notNull())
      .addColumn('at', 'text', (col) => col.notNull())
      .addColumn('origin', 'text', (col) => col.notNull())
      .addColumn('destination', 'text')
      .addColumn('note', 'text')
      .execute();
    await db.schema.createIndex('request_events_request_id_index').on('request_events').column('request_id').execute();

    await db.schema
      .createTable('idempotency_keys')
      .addColumn('agency_id', 'text', (col) => col.notNull())
      .addColumn('idempotency_key', 'text', (col) => col.notNull())
      .addColumn('body_sha256', 'text', (col) => col.notNull())
      .addColumn('status', 'integer', (col) => col.notNull())
      .addColumn('response_json', 'text', (col) => col.notNull())
      .addColumn('request_id', 'text', (col) => col.references('requests.id'))
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('idempotency_keys_pk', ['agency_id', 'idempotency_key'])
      .execute();
  },

  async down(db: Kysely<unknown>) {
    for (const table of ['idempotency_keys', 'request_events', 'request_files', 'request_counters', 'uploads', 'requests']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};

/**
 * `idempotency_keys.status` was always 201 (a refused filing leaves no row): the stored receipt
 * is the whole answer.
 */
const idempotencyWithoutStatus: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('idempotency_keys').dropColumn('status').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema
      .alterTable('idempotency_keys')
      .addColumn('status', 'integer', (col) => col.notNull().defaultTo(201))
      .execute();
  },
};

/**
 * The transactional outbox: a mail is a row written in the same transaction as the event it
 * tells about, and a sender delivers it later, retrying with backoff, so no mail is lost while
 * the SMTP server is down and none is sent for an event that rolled back.
 */
const mailOutbox: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('mail_outbox')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('agency_id', 'text', (col) => col.notNull())
      .addColumn('request_id', 'text', (col) => col.references('requests.id'))
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('recipient', 'text', (col) => col.notNull())
      .addColumn('payload_json', 'text', (col) => col.notNull())
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('attempts', 'integer', (col) => col.notNull())
      .addColumn('next_attempt_at', 'text', (col) => col.notNull())
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('sent_at', 'text')
      .execute();
    await db.schema.createIndex('mail_outbox_due_index').on('mail_outbox').columns(['status', 'next_attempt_at']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('mail_outbox').ifExists().execute();
  },
};

/** Per-document observations made by the desk (server/staff). */
const requestObservations: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('request_observations')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('request_id', 'text', (col) => col.notNull().references('requests.id'))
      .addColumn('slot', 'text', (col) => col.notNull())
      .addColumn('slot_index', 'integer', (col) => col.notNull())
      .addColumn('version', 'integer', (col) => col.notNull())
      .addColumn('file_name', 'text', (col) => col.notNull())
      .addColumn('note', 'text', (col) => col.notNull())
      .addColumn('observed_at', 'text', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('request_observations_request_id_index').on('request_observations').column('request_id').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('request_observations').ifExists().execute();
  },
};

/** The file a request was attended with (server/staff), at most one per request. */
const requestResponses: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('request_responses')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('request_id', 'text', (col) => col.notNull().unique().references('requests.id'))
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('size', 'integer', (col) => col.notNull())
      .addColumn('pages', 'integer', (col) => col.notNull())
      .addColumn('sha256', 'text', (col) => col.notNull())
      .addColumn('storage_key', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('request_responses').ifExists().execute();
  },
};

/**
 * Corrections (subsanación): the deadline an observation set, the correction that answered it,
 * the printed number of each replacement, and uploads made for a correction (their own limits).
 */
const corrections: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('requests').addColumn('correction_due_at', 'text').execute();
    await db.schema.alterTable('requests').addColumn('correction_due_date', 'text').execute();
    await db.schema.createIndex('requests_status_correction_due_at_index').on('requests').columns(['status', 'correction_due_at']).execute();
    await db.schema
      .createTable('request_corrections')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('request_id', 'text', (col) => col.notNull().unique().references('requests.id'))
      .addColumn('received_at', 'text', (col) => col.notNull())
      .execute();
    await db.schema.alterTable('request_files').addColumn('document_number', 'text').execute();
    await db.schema.alterTable('request_files').addColumn('correction_id', 'text').execute();
    await db.schema.alterTable('uploads').addColumn('purpose', 'text', (col) => col.notNull().defaultTo('filing')).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('uploads').dropColumn('purpose').execute();
    await db.schema.alterTable('request_files').dropColumn('correction_id').execute();
    await db.schema.alterTable('request_files').dropColumn('document_number').execute();
    await db.schema.dropTable('request_corrections').ifExists().execute();
    await db.schema.dropIndex('requests_status_correction_due_at_index').ifExists().execute();
    await db.schema.alterTable('requests').dropColumn('correction_due_date').execute();
    await db.schema.alterTable('requests').dropColumn('correction_due_at').execute();
  },
};

/** The stored download grants of 2026-01-08, dropped on 2026-12-07 (signed tokens since). */
async function createDownloadGrants(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('download_grants')
      .addColumn('token_hash', 'text', (col) => col.primaryKey())
      .addColumn('agency_id', 'text', (col) => col.notNull())
      .addColumn('request_id', 'text', (col) => col.notNull().references('requests.id'))
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('expires_at', 'text', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('download_grants_expires_at_index').on('download_grants').column('expires_at').execute();
}

/**
 * Download grants (receipts and responses after a tracking search or a filing) and the atomic
 * rate counters of look-ups and email codes.
 */
const grantsAndCounters: Migration = {
  async up(db: Kysely<unknown>) {
    await createDownloadGrants(db);
    await db.schema
      .createTable('rate_counters')
      .addColumn('bucket', 'text', (col) => col.primaryKey())
      .addColumn('window_start', 'text', (col) => col.notNull())
      .addColumn('count', 'integer', (col) => col.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('rate_counters').ifExists().execute();
    await db.schema.dropTable('download_grants').ifExists().execute();
  },
};

/** Staff sign-in sessions, sign-in attempt counters and the staff audit (issue 11). */
const staffAccess: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('staff_sessions')
      .addColumn('token_hash', 'text', (col) => col.primaryKey())
      .addColumn('agency_id', 'text', (col) => col.notNull())
      .addColumn('user', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('last_seen_at', 'text', (col) => col.notNull())
      .addColumn('expires_at', 'text', (col) => col.notNull())
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema.createIndex('staff_sessions_expires_at_index').on('staff_sessions').column('expires_at').execute();
    await db.schema
      .createTable('staff_sign_in_attempts')
      .addColumn('bucket', 'text', (col) => col.primaryKey())
      .addColumn('failures', 'integer', (col) => col.notNull())
      .addColumn('locked_until', 'text')
      .addColumn('last_attempt_at', 'text', (col) => col.notNull())
      .execute();
    await db.schema
      .createTable('staff_audit')
      .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
      .addColumn('at', 'text', (col) => col.notNull())
      .addColumn('agency_id', 'text', (col) => col.notNull())
      .addColumn('user', 'text', (col) => col.notNull())
      .addColumn('action', 'text', (col) => col.notNull())
      .addColumn('request_id', 'text', (col) => col.references('requests.id'))
      .addColumn('request_number', 'text')
      .addColumn('detail', 'text')
      .addColumn('address', 'text', (col) => col.notNull())
      .addColumn('user_agent', 'text', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('staff_audit_request_id_index').on('staff_audit').columns(['request_id', 'id']).execute();
    await db.schema.createIndex('staff_audit_agency_at_index').on('staff_audit').columns(['agency_id', 'at']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('staff_audit').ifExists().execute();
    await db.schema.dropTable('staff_sign_in_attempts').ifExists().execute();
    await db.schema.dropTable('staff_sessions').ifExists().execute();
  },
};

/**
 * Download grants became signed tokens (server/tracking/download-grants.ts): a search stores
 * nothing. Grants issued before the upgrade stop working; the citizen searches again.
 */
const dropDownloadGrants: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.dropIndex('download_grants_expires_at_index').ifExists().execute();
    await db.schema.dropTable('download_grants').ifExists().execute();
  },
  async down(db: Kysely<unknown>) {
    await createDownloadGrants(db);
  },
};

/** Every migration, by a name that sorts in the order they must run. */
export const migrations: Record<string, Migration> = {
  '2026-01-01-001-initial': initial,
  '2026-01-02-001-idempotency-without-status': idempotencyWithoutStatus,
  '2026-01-03-001-mail-outbox': mailOutbox,
  '2026-01-04-001-request-observations': requestObservations,
  '2026-01-05-001-request-responses': requestResponses,
  '2026-01-06-001-corrections': corrections,
  '2026-01-07-020-citizen-identity': citizenIdentity,
  '2026-01-07-030-captcha-uses': captchaUses,
  '2026-01-08-001-download-grants-and-rate-counters': grantsAndCounters,
  '2026-12-07-010-upload-grants-and-leases': uploadGrantsAndLeases,
  '2026-12-07-030-staff-access': staffAccess,
  '2026-12-07-040-drop-download-grants': dropDownloadGrants,
  '2026-12-07-050-upload-grant-counts': uploadGrantCounts,
};

class InCodeMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/** Brings the database to the latest schema; throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: new InCodeMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
}
