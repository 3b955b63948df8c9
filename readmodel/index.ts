import { AttestationStore } from './attestation-store';
import { openDatabase, type Db } from './database';
import { OrgStore } from './org-store';
import { TaskStore } from './task-store';

export type { AssignmentRecord, OverdueFilter, RollupRow, TaskQuery, TaskRecord } from './task-store';
export type { StoredUnit } from './org-store';
export type { AttestationRecord } from './attestation-store';

/** The SQL read model that every report reads. */
export class ReadModel {
  readonly org: OrgStore;
  readonly tasks: TaskStore;
  readonly attestations: AttestationStore;

  constructor(readonly db: Db) {
    this.org = new OrgStore(db);
    this.tasks = new TaskStore(db);
    this.attestations = new AttestationStore(db);
  }

  static open(file: string): ReadModel {
    return new ReadModel(openDatabase(file));
  }

  ping(): boolean {
    return this.db.prepare('SELECT 1').pluck().get() === 1;
  }

  close(): void {
    this.db.close();
  }
}
