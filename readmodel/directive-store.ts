import type { Principal } from '../domain/access';
import type { Directive, DirectiveKind, EventTrigger } from '../domain/catalog/types';
import type { OrgLevel } from '../domain/org';
import { occurrenceDeadlineOf, type OccurrenceDeadline } from '../domain/recurrence';
import type { Db, Statement } from './db';

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

/** The order directives were entered in: the seeds in the catalog's order (A1 … G7), then each as it was created. */
const ENTERED_ORDER = 'd.seq';

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
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  private sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  /** The catalog's directives as their published version 1, once: at every start, a no-op when they are there. */
  async seed(catalog: readonly Directive[], at: number): Promise<number> {
    // Two statements for the whole catalog (every process runs this at every start), its rows in the catalog's order.
    const ids = catalog.map((d) => d.id);
    const codes = catalog.map((d) => d.code.toUpperCase());
    const contents = catalog.map(({ id: _id, code: _code, ...content }) => JSON.stringify(content));
    return this.db.transaction(async () => {
      const { changes: added } = await this.sql(
        `INSERT INTO directives (id, code, seeded, unit_id, created_at)
         SELECT s.id, s.code, 1, NULL, @at::bigint FROM unnest(@ids::text[], @codes::text[]) WITH ORDINALITY AS s(id, code, n)
         ORDER BY s.n
         ON CONFLICT DO NOTHING`,
      ).run({ ids, codes, at });
      await this.sql(
        `INSERT INTO directive_versions (directive_id, version, content_json, created_at, published_at)
         SELECT s.id, 1, s.content, @at::bigint, @at::bigint FROM unnest(@ids::text[], @contents::text[]) WITH ORDINALITY AS s(id, content, n)
         ORDER BY s.n
         ON CONFLICT DO NOTHING`,
      ).run({ ids, contents, at });
      return added;
    });
  }

  /** The published version new work is made from, by id or code (any case); undefined if none is published. */
  async current(idOrCode: string): Promise<VersionedDirective | undefined> {
    const row = (await this.sql(
        `SELECT v.*, d.code FROM directives d JOIN directive_versions v ON v.directive_id = d.id
         WHERE (d.id = ? OR d.code = upper(?::text)) AND v.published_at IS NOT NULL ORDER BY v.version DESC LIMIT 1`,
      )
      .get(idOrCode, idOrCode)) as VersionRow | undefined;
    return row && this.fromRow(row);
  }

  /** One version, published or not. */
  async at(id: string, version: number): Promise<VersionedDirective | undefined> {
    const cached = this.cache.get(`${id}@${version}`);
    if (cached) return cached;
    const row = (await this.sql(
        `SELECT v.*, d.code FROM directive_versions v JOIN directives d ON d.id = v.directive_id
         WHERE v.directive_id = ? AND v.version = ?`,
      )
      .get(id, version)) as VersionRow | undefined;
    return row && this.fromRow(row);
  }

  /**
   * What a piece of work was made from: the version it recorded, or — work recorded before versions existed, or
   * asked about without one — the version that was there then (1) falling back to the current one.
   */
  async of(id: string, version?: number): Promise<VersionedDirective | undefined> {
    return (await this.at(id, version ?? 1)) ?? (await this.current(id));
  }

  /** Whether a directive of this id exists, published or not (a filter naming it is valid). */
  async exists(id: string): Promise<boolean> {
    return (await this.sql('SELECT 1 FROM directives WHERE id = ?').get(id)) !== undefined;
  }

  /** How a report across versions names a directive: its current published version, else its latest draft. */
  async named(id: string): Promise<VersionedDirective | undefined> {
    const current = await this.current(id);
    if (current) return current;
    const latest = (await this.sql('SELECT max(version) FROM directive_versions WHERE directive_id = ?').pluck().get(id)) as number | null;
    return latest === null ? undefined : this.at(id, latest);
  }

  /** named() of many directives by id in one query: the current published version of each, else its latest draft. */
  async namedMany(ids: readonly string[]): Promise<Map<string, VersionedDirective>> {
    if (ids.length === 0) return new Map();
    const rows = (await this.sql(
        `SELECT DISTINCT ON (d.id) v.*, d.code FROM directives d JOIN directive_versions v ON v.directive_id = d.id
         WHERE d.id = ANY(@ids::text[]) ORDER BY d.id, (v.published_at IS NOT NULL) DESC, v.version DESC`,
      )
      .all({ ids: [...ids] })) as VersionRow[];
    return new Map(rows.map((row) => [row.directive_id, this.fromRow(row)]));
  }

  /**
   * forTask of many tasks at once (a list's rows): one query for their assignments' versions, the versions
   * themselves from the cache. Keyed by task id.
   */
  async forTasks(tasks: ReadonlyArray<{ id: string; assignmentId: string; directiveId: string }>): Promise<Map<string, VersionedDirective | undefined>> {
    const assignments = [...new Set(tasks.map((t) => t.assignmentId))];
    const versions = new Map(
      assignments.length === 0
        ? []
        : ((await this.sql('SELECT id, directive_version FROM assignments WHERE id = ANY(@ids::text[])').raw().all({ ids: assignments })) as Array<[string, number | null]>),
    );
    const found = new Map<string, VersionedDirective | undefined>();
    for (const task of tasks) found.set(task.id, await this.of(task.directiveId, versions.get(task.assignmentId) ?? undefined));
    return found;
  }

  /** The version a task's assignment was made from (its title is that version's). */
  async forTask(task: { assignmentId: string; directiveId: string }): Promise<VersionedDirective | undefined> {
    const version = (await this.sql('SELECT directive_version FROM assignments WHERE id = ?').pluck().get(task.assignmentId)) as
      | number
      | null
      | undefined;
    return this.of(task.directiveId, version ?? undefined);
  }

  /** How each period of a recurring duty is due: by the rule of the version the duty was made from. */
  async occurrenceDeadline(duty: { directiveId: string; directiveVersion?: number }): Promise<OccurrenceDeadline | undefined> {
    const directive = await this.of(duty.directiveId, duty.directiveVersion);
    return directive && occurrenceDeadlineOf(directive);
  }

  /** Every directive's current published version, in the order they were entered (the seeds A1 … G7 first). */
  async published(filter: { kind?: DirectiveKind; level?: OrgLevel } = {}): Promise<VersionedDirective[]> {
    const rows = (await this.sql(
        `SELECT v.*, d.code FROM directives d
         JOIN directive_versions v ON v.directive_id = d.id
          AND v.version = (SELECT max(version) FROM directive_versions p WHERE p.directive_id = d.id AND p.published_at IS NOT NULL)
         ORDER BY ${ENTERED_ORDER}`,
      )
      .all()) as VersionRow[];
    return rows
      .map((row) => this.fromRow(row))
      .filter(
        (d) => (filter.kind === undefined || d.kinds.includes(filter.kind)) && (filter.level === undefined || d.levels.includes(filter.level)),
      );
  }

  /** The published directive an event type starts, with its trigger. */
  async eventTrigger(type: string): Promise<{ directive: VersionedDirective; trigger: EventTrigger } | undefined> {
    for (const directive of await this.published({ kind: 'event' })) {
      const trigger = directive.triggers?.find((t) => t.type === type);
      if (trigger) return { directive, trigger };
    }
    return undefined;
  }

  async eventTypes(): Promise<string[]> {
    return (await this.published({ kind: 'event' }))
      .flatMap((d) => (d.triggers ?? []).map((t) => t.type))
      .sort();
  }

  /** Directives with their version figures: all, those with a draft waiting, or those published. */
  async list(status?: 'draft' | 'published'): Promise<DirectiveSummary[]> {
    const rows = (await this.sql(
        `SELECT d.id, d.code, d.seeded, d.unit_id, d.created_at,
           (SELECT max(version) FROM directive_versions v WHERE v.directive_id = d.id AND v.published_at IS NOT NULL) AS published_version,
           (SELECT max(version) FROM directive_versions v WHERE v.directive_id = d.id) AS latest_version
         FROM directives d ORDER BY ${ENTERED_ORDER}`,
      )
      .all()) as Array<{ id: string; code: string; seeded: number; unit_id: string | null; created_at: number; published_version: number | null; latest_version: number }>;
    const summaries: DirectiveSummary[] = [];
    for (const r of rows) {
      const draft = r.published_version === null || r.latest_version > r.published_version ? r.latest_version : undefined;
      const latest = (await this.at(r.id, r.latest_version)) as VersionedDirective;
      summaries.push({
        id: r.id,
        code: r.code,
        title: latest.title.zh,
        seeded: r.seeded === 1,
        ...(r.unit_id !== null ? { unitId: r.unit_id } : {}),
        createdAt: r.created_at,
        ...(r.published_version !== null ? { publishedVersion: r.published_version } : {}),
        ...(draft !== undefined ? { draftVersion: draft } : {}),
        latestVersion: r.latest_version,
      });
    }
    return summaries.filter((s) => status === undefined || (status === 'draft' ? s.draftVersion !== undefined : s.publishedVersion !== undefined));
  }

  async summary(id: string): Promise<DirectiveSummary | undefined> {
    return (await this.list()).find((s) => s.id === id || s.code === id.toUpperCase());
  }

  async versions(id: string): Promise<DirectiveVersionRecord[]> {
    const rows = (await this.sql(
        `SELECT v.*, d.code FROM directive_versions v JOIN directives d ON d.id = v.directive_id
         WHERE v.directive_id = ? ORDER BY v.version`,
      )
      .all(id)) as VersionRow[];
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
  async byIdempotencyKey(key: string): Promise<{ id: string; content: string } | undefined> {
    return (await this.sql(
        `SELECT d.id, v.content_json AS content FROM directives d JOIN directive_versions v ON v.directive_id = d.id AND v.version = 1
         WHERE d.idempotency_key = ?`,
      )
      .get(key)) as { id: string; content: string } | undefined;
  }

  /**
   * A new directive with its draft version 1. Its code is the next 'N<n>' (the seeds have A1 … G7); its id the slug
   * of its English title when there is one and it is free, else the code in lower case.
   */
  async create(content: Omit<Directive, 'id' | 'code'>, by: DirectiveActor, at: number, idempotencyKey?: string): Promise<VersionedDirective> {
    // One new directive at a time (SQLite's immediate transaction did this): the next code and a free id are read,
    // then taken.
    return this.db.transaction(async () => {
      const count = (await this.sql(`SELECT count(*) FROM directives WHERE seeded = 0`).pluck().get()) as number;
      let n = count + 1;
      while (await this.sql('SELECT 1 FROM directives WHERE code = ?').get(`N${n}`)) n++;
      const code = `N${n}`;
      const slug = slugOf(content.title.en);
      const free = async (id: string) => !(await this.sql('SELECT 1 FROM directives WHERE id = ? OR code = upper(?::text)').get(id, id));
      const id = slug && (await free(slug)) ? slug : `n${n}`;
      await this.sql('INSERT INTO directives (id, code, seeded, unit_id, idempotency_key, created_at) VALUES (?, ?, 0, ?, ?, ?)')
        .run(id, code, by.unitId, idempotencyKey ?? null, at);
      await this.insertVersion(id, 1, content, by, at);
      return (await this.at(id, 1)) as VersionedDirective;
    }, 'directives:create');
  }

  /** A new draft version after the latest; the published one stays current until this one is published. */
  async addVersion(id: string, content: Omit<Directive, 'id' | 'code'>, by: DirectiveActor, at: number): Promise<VersionedDirective> {
    return this.db.transaction(async () => {
      const latest = (await this.sql('SELECT max(version) FROM directive_versions WHERE directive_id = ?').pluck().get(id)) as number;
      await this.insertVersion(id, latest + 1, content, by, at);
      return (await this.at(id, latest + 1)) as VersionedDirective;
    }, `directive:${id}`);
  }

  /**
   * Publishes the latest version when it is a draft; undefined when there is none to publish (the latest is
   * published already). Older drafts passed over stay unpublished.
   */
  async publish(id: string, by: DirectiveActor, at: number): Promise<VersionedDirective | undefined> {
    return this.db.transaction(async () => {
      const latest = (await this.sql('SELECT version, published_at FROM directive_versions WHERE directive_id = ? ORDER BY version DESC LIMIT 1')
        .get(id)) as { version: number; published_at: number | null } | undefined;
      if (!latest || latest.published_at !== null) return undefined;
      await this.sql('UPDATE directive_versions SET published_at = ?, published_by_json = ? WHERE directive_id = ? AND version = ?')
        .run(at, JSON.stringify(by), id, latest.version);
      return this.at(id, latest.version);
    }, `directive:${id}`);
  }

  private async insertVersion(id: string, version: number, content: Omit<Directive, 'id' | 'code'>, by: DirectiveActor, at: number): Promise<void> {
    await this.sql(
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
