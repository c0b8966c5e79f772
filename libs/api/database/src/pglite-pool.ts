import { EventEmitter } from 'node:events';
import type { PGlite, Results } from '@electric-sql/pglite';

/**
 * A pg-compatible `Pool` over the single PGlite connection, for TypeORM's postgres driver
 * (`{ type: 'postgres', driver: pgliteDriver(db) }`).
 *
 * PGlite has exactly one session. If every query runner shared it (what `typeorm-pglite` does),
 * two concurrent transactions would interleave their statements in one session and a rolled-back
 * write could be committed by the other transaction's COMMIT. So the pool lends the connection to
 * one client at a time: `connect()` waits until the previous borrower calls `release()`.
 * Inside a transaction always use that transaction's EntityManager; a second query runner would
 * wait for the first to finish, which it never does. A borrower that waits longer than
 * `acquireTimeoutMs` gets an error naming that mistake instead of hanging.
 */

interface PgLikeResult {
  rows: unknown[];
  rowCount: number;
  command: string;
  fields: { name: string; dataTypeID: number }[];
}

type Callback = (err: Error | undefined, client?: PGliteClient, release?: () => void) => void;

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** pg returns int8 and numeric as strings (no precision loss); keep that contract. */
export const PGLITE_PARSERS = {
  [INT8_OID]: (v: string) => v,
  [NUMERIC_OID]: (v: string) => v,
};

function serializeParam(value: unknown): unknown {
  // PGlite serialises by the parameter's inferred type; JS booleans and Dates need to be spelt out.
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return new Uint8Array(value);
  if (Array.isArray(value)) return value.map(serializeParam);
  return value;
}

function toPgResult(result: Results, sql: string): PgLikeResult {
  const command = (result.command ?? /^\s*(\w+)/.exec(sql)?.[1] ?? '').toUpperCase();
  const rowCount = result.affectedRows ?? result.rows.length;
  return {
    rows: result.rows,
    rowCount,
    command,
    fields: result.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
  };
}

export class PGliteClient extends EventEmitter {
  constructor(
    private readonly db: PGlite,
    private readonly onRelease: () => void,
  ) {
    super();
  }

  private released = false;

  async query(
    text: string | { text: string; values?: unknown[] },
    values?: unknown[],
  ): Promise<PgLikeResult> {
    if (this.released) throw new Error('PGlite client used after release');
    const sql = typeof text === 'string' ? text : text.text;
    const params = (typeof text === 'string' ? values : (text.values ?? values)) ?? [];
    if (params.length === 0 && /;\s*\S/.test(sql.replace(/'(?:[^']|'')*'/g, "''"))) {
      // Several statements without parameters (e.g. a migration script): simple protocol.
      const results = await this.db.exec(sql, { parsers: PGLITE_PARSERS });
      const last = results[results.length - 1];
      return last ? toPgResult(last, sql) : { rows: [], rowCount: 0, command: '', fields: [] };
    }
    const result = await this.db.query<Record<string, unknown>>(sql, params.map(serializeParam), {
      rowMode: 'object',
      parsers: PGLITE_PARSERS,
    });
    return toPgResult(result, sql);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.onRelease();
  }
}

export class PGlitePool extends EventEmitter {
  private busy = false;
  private readonly waiters: (() => void)[] = [];
  private ended = false;

  constructor(
    private readonly db: PGlite,
    private readonly acquireTimeoutMs = 30_000,
    private readonly closeOnEnd = false,
  ) {
    super();
  }

  get waiting(): number {
    return this.waiters.length;
  }

  connect(): Promise<PGliteClient>;
  connect(callback: Callback): void;
  connect(callback?: Callback): Promise<PGliteClient> | void {
    const promise = this.acquire();
    if (!callback) return promise;
    promise.then(
      (client) => callback(undefined, client, () => client.release()),
      (err: Error) => callback(err),
    );
  }

  async query(text: string, values?: unknown[]): Promise<PgLikeResult> {
    const client = await this.acquire();
    try {
      return await client.query(text, values);
    } finally {
      client.release();
    }
  }

  end(callback?: (err?: Error) => void): Promise<void> {
    this.ended = true;
    const done = this.closeOnEnd && !this.db.closed ? this.db.close() : Promise.resolve();
    return done.then(
      () => callback?.(),
      (err: Error) => {
        callback?.(err);
        if (!callback) throw err;
      },
    );
  }

  private acquire(): Promise<PGliteClient> {
    if (this.ended) return Promise.reject(new Error('PGlite pool has ended'));
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve(this.lend());
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(grant);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(
          new Error(
            `PGlite connection busy for ${this.acquireTimeoutMs} ms: is a query running outside its transaction's EntityManager?`,
          ),
        );
      }, this.acquireTimeoutMs);
      const grant = (): void => {
        clearTimeout(timer);
        resolve(this.lend());
      };
      this.waiters.push(grant);
    });
  }

  private lend(): PGliteClient {
    return new PGliteClient(this.db, () => {
      const next = this.waiters.shift();
      if (next) next();
      else this.busy = false;
    });
  }
}

/**
 * The object TypeORM takes as `driver`: it only calls `new driver.Pool(options)`.
 * The pool closes the PGlite instance when TypeORM ends it (DataSource.destroy()).
 */
export function pgliteDriver(
  db: PGlite,
  acquireTimeoutMs = 30_000,
): { Pool: new (options: unknown) => PGlitePool } {
  return {
    Pool: class extends PGlitePool {
      constructor(_options: unknown) {
        super(db, acquireTimeoutMs, true);
      }
    },
  };
}
