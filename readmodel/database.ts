import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Db = Database.Database;

/**
 * The read model: an embedded SQLite file that reports read, kept current by activities. It can always be rebuilt
 * from Temporal, which stays the system of record. WAL lets the API and worker processes share one file.
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE org_units (
     id TEXT PRIMARY KEY,
     parent_id TEXT REFERENCES org_units(id),
     name TEXT NOT NULL,
     level TEXT NOT NULL,
     kind TEXT,
     path TEXT NOT NULL,
     demo INTEGER NOT NULL DEFAULT 0,
     ord INTEGER NOT NULL
   );
   CREATE INDEX org_units_parent ON org_units(parent_id, ord);
   CREATE INDEX org_units_level_path ON org_units(level, path);

   CREATE TABLE assignments (
     id TEXT PRIMARY KEY,
     directive_id TEXT NOT NULL,
     scope_unit_id TEXT NOT NULL REFERENCES org_units(id),
     target_level TEXT NOT NULL,
     due_at INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     note TEXT,
     task_count INTEGER NOT NULL
   );

   CREATE TABLE tasks (
     id TEXT PRIMARY KEY,
     assignment_id TEXT NOT NULL REFERENCES assignments(id),
     directive_id TEXT NOT NULL,
     unit_id TEXT NOT NULL REFERENCES org_units(id),
     unit_path TEXT NOT NULL,
     status TEXT NOT NULL,
     late INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL,
     due_at INTEGER NOT NULL,
     overdue_at INTEGER,
     done_at INTEGER,
     steps_total INTEGER NOT NULL,
     steps_done INTEGER NOT NULL,
     steps_json TEXT NOT NULL,
     version INTEGER NOT NULL
   );
   CREATE INDEX tasks_assignment ON tasks(assignment_id, status);
   CREATE INDEX tasks_status_path ON tasks(status, unit_path);
   CREATE INDEX tasks_unit ON tasks(unit_id);`,

  // Issue 3: stations on units, event-driven assignments, standing-standard attestations, slice order for fan-out.
  `ALTER TABLE org_units ADD COLUMN has_station INTEGER NOT NULL DEFAULT 0;

   ALTER TABLE assignments ADD COLUMN event_type TEXT;
   ALTER TABLE assignments ADD COLUMN event_subject TEXT;
   ALTER TABLE assignments ADD COLUMN event_occurred_at INTEGER;
   CREATE INDEX assignments_directive ON assignments(directive_id);

   DROP INDEX tasks_assignment;
   CREATE INDEX tasks_assignment_path ON tasks(assignment_id, unit_path);
   CREATE INDEX tasks_path ON tasks(unit_path);

   -- Append-only: a unit's standing is its latest attestation per directive; earlier ones stay as history.
   CREATE TABLE attestations (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     unit_id TEXT NOT NULL REFERENCES org_units(id),
     unit_path TEXT NOT NULL,
     directive_id TEXT NOT NULL,
     values_json TEXT NOT NULL,
     evidence_json TEXT NOT NULL,
     attested_at INTEGER NOT NULL,
     recorded_at INTEGER NOT NULL
   );
   CREATE INDEX attestations_latest ON attestations(directive_id, unit_path, seq);`,

  // Issue 4: reminders and escalation (the inbox), extensions and returns on tasks, recurring assignments.
  `CREATE TABLE notifications (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     kind TEXT NOT NULL,
     subject_type TEXT NOT NULL,
     subject_id TEXT NOT NULL,
     unit_id TEXT NOT NULL,
     directive_id TEXT NOT NULL,
     recipient_role TEXT NOT NULL,
     recipient_unit_id TEXT NOT NULL,
     title TEXT NOT NULL,
     text TEXT NOT NULL,
     at INTEGER NOT NULL,
     due_at INTEGER,
     created_at INTEGER NOT NULL,
     read_at INTEGER,
     -- NULL when no webhook is configured; otherwise pending → delivered, or failed with the last error.
     webhook_status TEXT,
     webhook_attempts INTEGER NOT NULL DEFAULT 0,
     webhook_error TEXT
   );
   CREATE INDEX notifications_recipient ON notifications(recipient_unit_id, recipient_role, seq);
   CREATE INDEX notifications_subject ON notifications(subject_id, seq);
   CREATE INDEX notifications_kind ON notifications(kind, at);

   ALTER TABLE tasks ADD COLUMN original_due_at INTEGER;
   ALTER TABLE tasks ADD COLUMN detail_json TEXT;

   ALTER TABLE assignments ADD COLUMN recurring_id TEXT;
   ALTER TABLE assignments ADD COLUMN period_key TEXT;
   CREATE INDEX assignments_recurring ON assignments(recurring_id, period_key);

   CREATE TABLE recurring_assignments (
     id TEXT PRIMARY KEY,
     directive_id TEXT NOT NULL,
     scope_unit_id TEXT NOT NULL REFERENCES org_units(id),
     target_level TEXT NOT NULL,
     cadence_json TEXT NOT NULL,
     policy_json TEXT NOT NULL,
     note TEXT,
     created_at INTEGER NOT NULL
   );`,

  // Issue 5: petition cases (信访) with their statutory clocks, re-screening campaigns and their screenings.
  `CREATE TABLE petition_cases (
     id TEXT PRIMARY KEY,
     unit_id TEXT NOT NULL REFERENCES org_units(id),
     unit_path TEXT NOT NULL,
     summary TEXT NOT NULL,
     stage TEXT NOT NULL,
     received_at INTEGER NOT NULL,
     active_clock TEXT,
     active_due_at INTEGER,
     overdue INTEGER NOT NULL DEFAULT 0,
     facts_json TEXT NOT NULL,
     rules_json TEXT NOT NULL,
     clocks_json TEXT NOT NULL,
     log_json TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     version INTEGER NOT NULL
   );
   CREATE INDEX petition_cases_path ON petition_cases(unit_path);
   CREATE INDEX petition_cases_stage_path ON petition_cases(stage, unit_path);

   -- Personal data apart from the case row, so it can be encrypted (and access-controlled) on its own.
   CREATE TABLE petition_people (
     case_id TEXT PRIMARY KEY REFERENCES petition_cases(id),
     petitioner TEXT NOT NULL,
     contact TEXT
   );

   CREATE TABLE petition_campaigns (
     id TEXT PRIMARY KEY,
     scope_unit_id TEXT NOT NULL REFERENCES org_units(id),
     status TEXT NOT NULL,
     opens_at INTEGER NOT NULL,
     due_at INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     opened_at INTEGER,
     ended_at INTEGER,
     fanned_out INTEGER NOT NULL DEFAULT 0,
     sensitive_period_json TEXT,
     note TEXT
   );

   CREATE TABLE petition_screenings (
     campaign_id TEXT NOT NULL REFERENCES petition_campaigns(id),
     case_id TEXT NOT NULL REFERENCES petition_cases(id),
     unit_path TEXT NOT NULL,
     status TEXT NOT NULL,
     due_at INTEGER NOT NULL,
     checks_json TEXT,
     note TEXT,
     screened_at INTEGER,
     late INTEGER NOT NULL DEFAULT 0,
     overdue_at INTEGER,
     follow_up_assignment_id TEXT,
     follow_up_task_id TEXT,
     version INTEGER NOT NULL,
     PRIMARY KEY (campaign_id, case_id)
   );
   CREATE INDEX petition_screenings_case ON petition_screenings(case_id);`,

  // v5: the audit trail. Append-only by construction: the triggers refuse any UPDATE or DELETE.
  `CREATE TABLE audit_log (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     at INTEGER NOT NULL,
     request_id TEXT NOT NULL,
     actor_subject TEXT NOT NULL,
     actor_name TEXT NOT NULL,
     actor_role TEXT NOT NULL,
     actor_unit_id TEXT NOT NULL,
     action TEXT NOT NULL,
     subject_type TEXT NOT NULL,
     subject_id TEXT NOT NULL,
     unit_id TEXT NOT NULL,
     unit_path TEXT NOT NULL,
     before_json TEXT,
     after_json TEXT
   );
   CREATE INDEX audit_subject ON audit_log(subject_type, subject_id, seq);
   CREATE INDEX audit_unit_path ON audit_log(unit_path, seq);
   CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
     BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
   CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
     BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;`,

  // v6: uploaded evidence (佐证材料). Files are kept by their SHA-256 in the evidence folder; a blob is one file's
  // content, an upload is a unit's claim to it (one per unit and content, however often it is sent).
  `CREATE TABLE evidence_blobs (
     sha256 TEXT PRIMARY KEY,
     size INTEGER NOT NULL,
     media_type TEXT NOT NULL,
     stored_at INTEGER NOT NULL
   );

   CREATE TABLE evidence_uploads (
     sha256 TEXT NOT NULL REFERENCES evidence_blobs(sha256),
     unit_id TEXT NOT NULL REFERENCES org_units(id),
     unit_path TEXT NOT NULL,
     task_id TEXT,
     file_name TEXT NOT NULL,
     uploaded_by TEXT NOT NULL,
     uploaded_at INTEGER NOT NULL,
     PRIMARY KEY (sha256, unit_id)
   );
   CREATE INDEX evidence_uploads_path ON evidence_uploads(sha256, unit_path);
   CREATE INDEX evidence_uploads_task ON evidence_uploads(task_id) WHERE task_id IS NOT NULL;`,

  // v7: audit entries written with a workflow's projection carry the change they record, written once.
  `ALTER TABLE audit_log ADD COLUMN change_key TEXT;
   CREATE UNIQUE INDEX audit_change_key ON audit_log(change_key) WHERE change_key IS NOT NULL;`,
  // v8: the fan-out marks each task whose workflow it has started, so its progress is read here, not asked of it.
  `ALTER TABLE tasks ADD COLUMN started INTEGER NOT NULL DEFAULT 0;`,
  // v9 (issue 12): a recurring period issued after it opened keeps its opening (visits count from it); the standing
  // attestation is the latest by attestedAt; read marks belong to the person who read (the unit-wide read_at stays,
  // unused, since it cannot say who read).
  `ALTER TABLE assignments ADD COLUMN period_starts_at INTEGER;
   CREATE INDEX attestations_standing ON attestations(directive_id, unit_id, attested_at, seq);
   CREATE TABLE notification_reads (
     notification_id TEXT NOT NULL REFERENCES notifications(id),
     reader_subject TEXT NOT NULL,
     read_at INTEGER NOT NULL,
     PRIMARY KEY (notification_id, reader_subject)
   );
   CREATE INDEX notification_reads_reader ON notification_reads(reader_subject, notification_id);
   CREATE INDEX assignments_event ON assignments(event_type, scope_unit_id, event_subject);`,
  // v10 (issue 12): an audit entry names the step it is about; a task row keeps its acceptance (验收) and review
  // window, so lists can show completed work awaiting acceptance.
  `ALTER TABLE audit_log ADD COLUMN step_id TEXT;
   ALTER TABLE tasks ADD COLUMN accepted_at INTEGER;
   ALTER TABLE tasks ADD COLUMN review_ends_at INTEGER;`,
  // v11: separation of duties — the unit an assignment was issued at (decisions on its tasks belong there or above),
  // who issued the token behind each audit entry, and each subject's first appearance (a subject is one person).
  `ALTER TABLE assignments ADD COLUMN assigned_by_unit_id TEXT;
   ALTER TABLE audit_log ADD COLUMN actor_issued_by TEXT;
   CREATE INDEX audit_actor_subject ON audit_log(actor_subject, seq);`,
  // Issue 14 (立项): directives as data. RECORDS, not projections — what leaders entered (and the 68 directives of
  // the speeches, seeded as their published version 1 by DirectiveStore.seed); nothing rebuilds them from Temporal.
  // A version's content never changes; a version is published once (published_at set from NULL), never unpublished.
  // An assignment and a recurring duty keep the version they were made from (NULL: made before versions, i.e. 1).
  `CREATE TABLE directives (
     id TEXT PRIMARY KEY,
     code TEXT NOT NULL UNIQUE,
     seeded INTEGER NOT NULL DEFAULT 0,
     unit_id TEXT,
     idempotency_key TEXT UNIQUE,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE directive_versions (
     directive_id TEXT NOT NULL REFERENCES directives(id),
     version INTEGER NOT NULL,
     content_json TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     created_by_json TEXT,
     published_at INTEGER,
     published_by_json TEXT,
     PRIMARY KEY (directive_id, version)
   );
   CREATE TRIGGER directive_versions_kept BEFORE DELETE ON directive_versions
   BEGIN SELECT RAISE(ABORT, 'directive versions are records: never deleted'); END;
   CREATE TRIGGER directive_versions_fixed BEFORE UPDATE ON directive_versions
   WHEN OLD.published_at IS NOT NULL OR NEW.published_at IS NULL OR NEW.content_json IS NOT OLD.content_json
     OR NEW.version IS NOT OLD.version OR NEW.directive_id IS NOT OLD.directive_id
   BEGIN SELECT RAISE(ABORT, 'directive versions are records: only publishing an unpublished one changes it'); END;
   CREATE TRIGGER directives_kept BEFORE DELETE ON directives
   BEGIN SELECT RAISE(ABORT, 'directives are records: never deleted'); END;
   ALTER TABLE assignments ADD COLUMN directive_version INTEGER;
   ALTER TABLE recurring_assignments ADD COLUMN directive_version INTEGER;`,
];

export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
