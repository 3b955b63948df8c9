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
