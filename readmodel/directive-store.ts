import type Database from 'better-sqlite3';
import type { Principal } from '../domain/access';
import type { Directive, DirectiveKind, EventTrigger } from '../domain/catalog/types';
import type { OrgLevel } from '../domain/org';
import { occurrenceDeadlineOf, type OccurrenceDeadline } from '../domain/recurrence';
import type { Db } from './database';

/** A directive as one of its versions has it. */
export type VersionedDirective = Directive & { version: number };

/** Who entered or published a version; absent for the seeded catalog. */
export type DirectiveActor = Pick<Principal, 'subject' | 'name' | 'role' | 'unitId'>;

export interface DirectiveVersionRecord {
  version: number;
  directive: VersionedDirective;
  createdAt: number;
  createdBy?: DirectiveActor;
  publishedAt?: number;
  publishedBy?: DirectiveActor;
}

export interface DirectiveSummary {
  id: string;
  code: string;
  title: string;
  seeded: boolean;
  /** The unit of the leader who entered it; absent for the seeded catalog (the org root's). */
  unitId?: string;
  createdAt: number;
  /** The version assignments take now; absent until the first is published. */
  publishedVersion?: number;
  /** A version entered after the published one (or before any was) and not yet published. */
  draftVersion?: number;
  latestVersion: number;
}

interface VersionRow {
  directive_id: string;
  code: string;
  version: number;
  content_json: string;
  created_at: number;
  created_by_json: string | null;
  published_at: number | null;
  published_by_json: string | null;
}

const parsed = <T>(text: string | null): T | undefined => (text === null ? undefined : (JSON.parse(text) as T));

/**
 * 立项: directives as records, each a list of versions (drafts, then published). This is THE lookup of a directive
 * by id for everything that runs — assignment start, recurring duties, events, reports, exports, the web — so it
 * knows versions: `current` is the latest published version (what new work is made from), `at` one version (what a
 * piece of work was made from, kept after an edit). domain/catalog holds the 68 seeds only.
 *
 * A version's content never changes, so it is cached per process; which version is current is always asked of the
 * database, which the API and worker processes share.
 */
export class DirectiveStore {
  private readonly cache = new Map<string, VersionedDirective>();
  /** Statements prepared once: a lookup runs for every row of a list (its task's title), so preparing is its cost. */
  private readonly statements = new Map<string, Database.Statement<unknown[]>>();

  constructor(private readonly db: Db) {}

  private sql(text: string): Database.Statement<unknown[]> {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare<unknown[]>(text)));
    return statement;
  }

  /** The catalog's directives as their published version 1, once: at every start, a no-op when they are there. */
  seed(catalog: readonly Directive[], at: number): number {
    const insertDirective = this.sql(
      'INSERT OR IGNORE INTO directives (id, code, seeded, unit_id, created_at) VALUES (?, ?, 1, NULL, ?)',
    );
    const insertVersion = this.sql(
      `INSERT OR IGNORE INTO directive_versions (directive_id, version, content_json, created_at, published_at)
       VALUES (?, 1, ?, ?, ?)`,
    );
    let added = 0;
    this.db.transaction(() => {
      for (const { id, code, ...content } of catalog) {
        added += insertDirective.run(id, code.toUpperCase(), at).changes;
        insertVersion.run(id, JSON.stringify(content), at, at);
      }
    })();
    return added;
  }

  /** The published version new work is made from, by id or code (any case); undefined if none is published. */
  current(idOrCode: string): VersionedDirective | undefined {
    const row = this.sql(
        `SELECT v.*, d.code FROM directives d JOIN directive_versions v ON v.directive_id = d.id
         WHERE (d.id = ? OR d.code = upper(?)) AND v.published_at IS NOT NULL ORDER BY v.version DESC LIMIT 1`,
      )
      .get(idOrCode, idOrCode) as VersionRow | undefined;
    return row && this.fromRow(row);
  }

  /** One version, published or not. */
  at(id: string, version: number): VersionedDirective | undefined {
    const cached = this.cache.get(`${id}@${version}`);
    if (cached) return cached;
    const row = this.sql(
        `SELECT v.*, d.code FROM directive_versions v JOIN directives d ON d.id = v.directive_id
         WHERE v.directive_id = ? AND v.version = ?`,
      )
      .get(id, version) as VersionRow | undefined;
    return row && this.fromRow(row);
  }

  /**
   * What a piece of work was made from: the version it recorded, or — work recorded before versions existed, or
   * asked about without one — the version that was there then (1) falling back to the current one.
   */
  of(id: string, version?: number): VersionedDirective | undefined {
    return this.at(id, version ?? 1) ?? this.current(id);
  }

  /** Whether a directive of this id exists, published or not (a filter naming it is valid). */
  exists(id: string): boolean {
    return this.sql('SELECT 1 FROM directives WHERE id = ?').get(id) !== undefined;
  }

  /** How a report across versions names a directive: its current published version, else its latest draft. */
  named(id: string): VersionedDirective | undefined {
    const current = this.current(id);
    if (current) return current;
    const latest = this.sql('SELECT max(version) FROM directive_versions WHERE directive_id = ?').pluck().get(id) as number | null;
    return latest === null ? undefined : this.at(id, latest);
  }

  /** The version a task's assignment was made from (its title is that version's). */
  forTask(task: { assignmentId: string; directiveId: string }): VersionedDirective | undefined {
    const version = this.sql('SELECT directive_version FROM assignments WHERE id = ?').pluck().get(task.assignmentId) as number | null | undefined;
    return this.of(task.directiveId, version ?? undefined);
  }

  /** How each period of a recurring duty is due: by the rule of the version the duty was made from. */
  occurrenceDeadline(duty: { directiveId: string; directiveVersion?: number }): OccurrenceDeadline | undefined {
    const directive = this.of(duty.directiveId, duty.directiveVersion);
    return directive && occurrenceDeadlineOf(directive);
  }

  /** Every directive's current published version, in the order they were entered (the seeds A1 … G7 first). */
  published(filter: { kind?: DirectiveKind; level?: OrgLevel } = {}): VersionedDirective[] {
    const rows = this.sql(
        `SELECT v.*, d.code FROM directives d
         JOIN directive_versions v ON v.directive_id = d.id
          AND v.version = (SELECT max(version) FROM directive_versions p WHERE p.directive_id = d.id AND p.published_at IS NOT NULL)
         ORDER BY d.rowid`,
      )
      .all() as VersionRow[];
    return rows
      .map((row) => this.fromRow(row))
      .filter(
        (d) => (filter.kind === undefined || d.kinds.includes(filter.kind)) && (filter.level === undefined || d.levels.includes(filter.level)),
      );
  }

  /** The published directive an event type starts, with its trigger. */
  eventTrigger(type: string): { directive: VersionedDirective; trigger: EventTrigger } | undefined {
    for (const directive of this.published({ kind: 'event' })) {
      const trigger = directive.triggers?.find((t) => t.type === type);
      if (trigger) return { directive, trigger };
    }
    return undefined;
  }

  eventTypes(): string[] {
    return this.published({ kind: 'event' })
      .flatMap((d) => (d.triggers ?? []).map((t) => t.type))
      .sort();
  }

  /** Directives with their version figures: all, those with a draft waiting, or those published. */
  list(status?: 'draft' | 'published'): DirectiveSummary[] {
    const rows = this.sql(
        `SELECT d.id, d.code, d.seeded, d.unit_id, d.created_at,
           (SELECT max(version) FROM directive_versions v WHERE v.directive_id = d.id AND v.published_at IS NOT NULL) AS published_version,
           (SELECT max(version) FROM directive_versions v WHERE v.directive_id = d.id) AS latest_version
         FROM directives d ORDER BY d.rowid`,
      )
      .all() as Array<{ id: string; code: string; seeded: number; unit_id: string | null; created_at: number; published_version: number | null; latest_version: number }>;
    return rows
      .map((r) => {
        const draft = r.published_version === null || r.latest_version > r.published_version ? r.latest_version : undefined;
        const latest = this.at(r.id, r.latest_version) as VersionedDirective;
        return {
          id: r.id,
          code: r.code,
          title: latest.title.zh,
          seeded: r.seeded === 1,
          ...(r.unit_id !== null ? { unitId: r.unit_id } : {}),
          createdAt: r.created_at,
          ...(r.published_version !== null ? { publishedVersion: r.published_version } : {}),
          ...(draft !== undefined ? { draftVersion: draft } : {}),
          latestVersion: r.latest_version,
        };
      })
      .filter((s) => status === undefined || (status === 'draft' ? s.draftVersion !== undefined : s.publishedVersion !== undefined));
  }

  summary(id: string): DirectiveSummary | undefined {
    return this.list().find((s) => s.id === id || s.code === id.toUpperCase());
  }

  versions(id: string): DirectiveVersionRecord[] {
    const rows = this.sql(
        `SELECT v.*, d.code FROM directive_versions v JOIN directives d ON d.id = v.directive_id
         WHERE v.directive_id = ? ORDER BY v.version`,
      )
      .all(id) as VersionRow[];
    return rows.map((row) => {
      const createdBy = parsed<DirectiveActor>(row.created_by_json);
      const publishedBy = parsed<DirectiveActor>(row.published_by_json);
      return {
        version: row.version,
        directive: this.fromRow(row),
        createdAt: row.created_at,
        ...(createdBy ? { createdBy } : {}),
        ...(row.published_at !== null ? { publishedAt: row.published_at } : {}),
        ...(publishedBy ? { publishedBy } : {}),
      };
    });
  }

  /** The directive an Idempotency-Key created before, with its first version's content. */
  byIdempotencyKey(key: string): { id: string; content: string } | undefined {
    return this.sql(
        `SELECT d.id, v.content_json AS content FROM directives d JOIN directive_versions v ON v.directive_id = d.id AND v.version = 1
         WHERE d.idempotency_key = ?`,
      )
      .get(key) as { id: string; content: string } | undefined;
  }

  /**
   * A new directive with its draft version 1. Its code is the next 'N<n>' (the seeds have A1 … G7); its id the slug
   * of its English title when there is one and it is free, else the code in lower case.
   */
  create(content: Omit<Directive, 'id' | 'code'>, by: DirectiveActor, at: number, idempotencyKey?: string): VersionedDirective {
    return this.db.transaction(() => {
      const count = this.sql(`SELECT count(*) FROM directives WHERE seeded = 0`).pluck().get() as number;
      let n = count + 1;
      while (this.sql('SELECT 1 FROM directives WHERE code = ?').get(`N${n}`)) n++;
      const code = `N${n}`;
      const slug = slugOf(content.title.en);
      const free = (id: string) => !this.sql('SELECT 1 FROM directives WHERE id = ? OR code = upper(?)').get(id, id);
      const id = slug && free(slug) ? slug : `n${n}`;
      this.sql('INSERT INTO directives (id, code, seeded, unit_id, idempotency_key, created_at) VALUES (?, ?, 0, ?, ?, ?)')
        .run(id, code, by.unitId, idempotencyKey ?? null, at);
      this.insertVersion(id, 1, content, by, at);
      return this.at(id, 1) as VersionedDirective;
    }).immediate();
  }

  /** A new draft version after the latest; the published one stays current until this one is published. */
  addVersion(id: string, content: Omit<Directive, 'id' | 'code'>, by: DirectiveActor, at: number): VersionedDirective {
    return this.db.transaction(() => {
      const latest = this.sql('SELECT max(version) FROM directive_versions WHERE directive_id = ?').pluck().get(id) as number;
      this.insertVersion(id, latest + 1, content, by, at);
      return this.at(id, latest + 1) as VersionedDirective;
    }).immediate();
  }

  /**
   * Publishes the latest version when it is a draft; undefined when there is none to publish (the latest is
   * published already). Older drafts passed over stay unpublished.
   */
  publish(id: string, by: DirectiveActor, at: number): VersionedDirective | undefined {
    return this.db.transaction(() => {
      const latest = this.sql('SELECT version, published_at FROM directive_versions WHERE directive_id = ? ORDER BY version DESC LIMIT 1')
        .get(id) as { version: number; published_at: number | null } | undefined;
      if (!latest || latest.published_at !== null) return undefined;
      this.sql('UPDATE directive_versions SET published_at = ?, published_by_json = ? WHERE directive_id = ? AND version = ?')
        .run(at, JSON.stringify(by), id, latest.version);
      return this.at(id, latest.version);
    }).immediate();
  }

  private insertVersion(id: string, version: number, content: Omit<Directive, 'id' | 'code'>, by: DirectiveActor, at: number): void {
    this.sql(
        `INSERT INTO directive_versions (directive_id, version, content_json, created_at, created_by_json)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(id, version, JSON.stringify(content), at, JSON.stringify(by));
  }

  private fromRow(row: VersionRow): VersionedDirective {
    const key = `${row.directive_id}@${row.version}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const content = JSON.parse(row.content_json) as Omit<Directive, 'id' | 'code'>;
    const directive: VersionedDirective = { id: row.directive_id, code: row.code, ...content, version: row.version };
    this.cache.set(key, directive);
    return directive;
  }
}

/** 'Service attitude: the "five haves"' → 'service-attitude-the-five-haves' (at most 60 characters); '' for none. */
export function slugOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}
