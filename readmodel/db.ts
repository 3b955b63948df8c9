import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';

/**
 * The read model's connection: a PostgreSQL pool with the small statement API the stores use (`prepare(sql).get/all/
 * run`, `pluck()`, `raw()`), every call a promise. SQL is written with `?` or `@name` parameters, translated once per
 * statement to PostgreSQL's `$n`. A transaction is the callback given to `transaction`: every statement run inside it,
 * however deep in the stores, runs on that transaction's connection (AsyncLocalStorage), so a store needs no handle to
 * pass around; a transaction begun inside another joins it.
 */

// int8 (counts, millisecond instants) and numeric (sums, averages) as JS numbers: every value we keep fits in 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export type Params = readonly unknown[];
type Row = Record<string, unknown>;

export interface RunResult {
  changes: number;
}

export interface Statement {
  /** The first row, or undefined. */
  get(...params: Params): Promise<unknown>;
  all(...params: Params): Promise<unknown[]>;
  run(...params: Params): Promise<RunResult>;
  /** Rows as their first column's value. */
  pluck(): Statement;
  /** Rows as arrays of values in column order. */
  raw(): Statement;
}

interface Compiled {
  text: string;
  /** How many `?` the statement has. */
  positional: number;
  /** Named parameters in `$n` order, when the statement uses `@name`. */
  names?: string[];
}

const compiled = new Map<string, Compiled>();

/**
 * `?` → `$1, $2…`; `@name` → `$n` (the same name, the same number). String literals, quoted identifiers and comments
 * are left as they are.
 */
export function compile(sql: string): Compiled {
  const hit = compiled.get(sql);
  if (hit) return hit;
  let text = '';
  let positional = 0;
  const names: string[] = [];
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i] as string;
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const stop = end < 0 ? sql.length : end;
      text += sql.slice(i, stop + 1);
      i = stop;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      text += sql.slice(i, stop);
      i = stop - 1;
    } else if (c === '?') {
      text += `$${++positional}`;
    } else if (c === '@' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))?.[0] as string;
      let n = names.indexOf(name);
      if (n < 0) n = names.push(name) - 1;
      text += `$${n + 1}`;
      i += name.length;
    } else {
      text += c;
    }
  }
  if (positional && names.length) throw new Error(`a statement mixes ? and @name parameters: ${sql}`);
  const result: Compiled = names.length ? { text, positional, names } : { text, positional };
  compiled.set(sql, result);
  return result;
}

function values(statement: Compiled, params: Params): unknown[] {
  // A statement without parameters run with the same (named) arguments as its siblings takes none.
  if (!statement.names && statement.positional === 0) return [];
  const list = statement.names
    ? statement.names.map((name) => {
        const bag = (params[0] ?? {}) as Record<string, unknown>;
        return bag[name];
      })
    : params.length === 1 && Array.isArray(params[0]) ? (params[0] as unknown[]) : [...params];
  return list.map((v) => (v === undefined ? null : typeof v === 'boolean' ? (v ? 1 : 0) : v));
}

type Runner = pg.Pool | pg.PoolClient;

class PgStatement implements Statement {
  constructor(
    private readonly db: Db,
    private readonly sql: string,
    private readonly shape: 'row' | 'pluck' | 'raw' = 'row',
  ) {}

  pluck(): Statement {
    return new PgStatement(this.db, this.sql, 'pluck');
  }

  raw(): Statement {
    return new PgStatement(this.db, this.sql, 'raw');
  }

  private async query(params: Params): Promise<pg.QueryResult> {
    const statement = compile(this.sql);
    const config: pg.QueryArrayConfig | pg.QueryConfig = {
      text: statement.text,
      values: values(statement, params),
      ...(this.shape === 'row' ? {} : { rowMode: 'array' as const }),
    };
    return this.db.runner().query(config as pg.QueryConfig);
  }

  async get(...params: Params): Promise<unknown> {
    return this.rows(await this.query(params)).at(0);
  }

  async all(...params: Params): Promise<unknown[]> {
    return this.rows(await this.query(params));
  }

  async run(...params: Params): Promise<RunResult> {
    return { changes: (await this.query(params)).rowCount ?? 0 };
  }

  private rows(result: pg.QueryResult): unknown[] {
    if (this.shape === 'pluck') return (result.rows as unknown[][]).map((r) => r[0]);
    return result.rows as Row[] as unknown[];
  }
}

export interface DbOptions {
  connectionString: string;
  /** Connections in the pool. */
  max?: number;
  /** Schemas searched for unqualified table names. */
  searchPath?: readonly string[];
}

export class Db {
  private readonly pool: pg.Pool;
  private readonly current = new AsyncLocalStorage<pg.PoolClient>();

  constructor(readonly options: DbOptions) {
    const searchPath = options.searchPath?.length ? `-c search_path=${options.searchPath.join(',')}` : undefined;
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.max ?? 10,
      ...(searchPath ? { options: searchPath } : {}),
      // A restarted server drops every connection; the pool makes new ones instead of failing once per dead one.
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 10_000,
    });
    // A server going away raises an error on idle clients; the pool discards them, and the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  /** The connection a statement runs on: the current transaction's, else the pool. */
  runner(): Runner {
    return this.current.getStore() ?? this.pool;
  }

  prepare(sql: string): Statement {
    return new PgStatement(this, sql);
  }

  /** Runs a script of statements without parameters (migrations). */
  async exec(sql: string): Promise<void> {
    await this.runner().query(sql);
  }

  /**
   * Runs `fn` in one transaction, committed when it resolves and rolled back when it throws. Inside a transaction,
   * joins it. `lockKey` serialises transactions on the same key (an advisory lock held until commit), where a
   * read-then-write must not interleave with another writer of the same entity.
   */
  async transaction<T>(fn: () => Promise<T>, lockKey?: string): Promise<T> {
    const outer = this.current.getStore();
    if (outer) {
      if (lockKey !== undefined) await outer.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lockKey]);
      return fn();
    }
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      if (lockKey !== undefined) await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lockKey]);
      const result = await this.current.run(client, fn);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((rollback: Error) => {
        broken = rollback;
      });
      throw err;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
