import { openDatabase, type Db } from './database';
import { OrgStore } from './org-store';
import { TaskStore } from './task-store';

export type { AssignmentRecord, OverdueFilter, RollupRow, TaskQuery, TaskRecord } from './task-store';
export type { StoredUnit } from './org-store';

/** The SQL read model that every report reads. */
export class ReadModel {
  readonly org: OrgStore;
  readonly tasks: TaskStore;

  constructor(readonly db: Db) {
    this.org = new OrgStore(db);
    this.tasks = new TaskStore(db);
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
