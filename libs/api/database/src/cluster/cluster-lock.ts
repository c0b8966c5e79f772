import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, QueryRunner } from 'typeorm';
import { isDatabaseOutage } from '@caster/api/core';

/** First key of every job lock (two-key advisory locks never collide with the one-key ones). */
const JOB_LOCK_CLASS = 7_263_002;

export interface RunExclusiveOptions {
  /** Keep trying this long for the lock instead of skipping at once (start-up work). */
  waitMs?: number;
}

/**
 * Runs a background job on one replica of the cluster at a time: a session-level advisory lock,
 * held on one pooled connection for the whole run and released on that same connection (a lock
 * released on another connection would stay held, and its connection would carry it back into the
 * pool). The job's own queries use other connections. If the connection dies the server drops the
 * lock with it, so a replica that dies mid-job never blocks the others.
 * Embedded PGlite has one process and a single connection (holding it would stall the job): the
 * job just runs.
 */
@Injectable()
export class ClusterLock {
  private readonly logger = new Logger('ClusterLock');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get embedded(): boolean {
    return !('url' in this.dataSource.options && this.dataSource.options.url);
  }

  /** Runs `job` unless another replica (or another run here) holds `name`; answers whether it ran. */
  async runExclusive(
    name: string,
    job: () => Promise<unknown>,
    options: RunExclusiveOptions = {},
  ): Promise<boolean> {
    if (this.embedded) {
      await job();
      return true;
    }
    let runner = this.dataSource.createQueryRunner();
    let broken: unknown;
    try {
      let acquired: boolean;
      try {
        acquired = await this.acquire(runner, name, options.waitMs ?? 0);
      } catch (e) {
        if (!isDatabaseOutage(e)) throw e;
        // The pool lent a connection the server had already closed (a restart, a killed backend):
        // drop it and ask once more on a fresh one.
        await this.release(runner, e);
        runner = this.dataSource.createQueryRunner();
        acquired = await this.acquire(runner, name, options.waitMs ?? 0);
      }
      if (!acquired) return false;
      try {
        await job();
      } finally {
        try {
          await runner.query('SELECT pg_advisory_unlock($1, hashtext($2))', [JOB_LOCK_CLASS, name]);
        } catch (e) {
          // Never hand a connection that may still hold the lock back to the pool.
          broken = e;
        }
      }
      return true;
    } finally {
      await this.release(runner, broken);
    }
  }

  private async acquire(runner: QueryRunner, name: string, waitMs: number): Promise<boolean> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const [{ ok }] = (await runner.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [
        JOB_LOCK_CLASS,
        name,
      ])) as { ok: boolean }[];
      if (ok) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  private async release(runner: QueryRunner, broken: unknown): Promise<void> {
    if (broken === undefined) return runner.release();
    this.logger.warn(
      `could not release a job lock; dropping its connection: ${broken instanceof Error ? broken.message : 'unknown error'}`,
    );
    const pg = runner as QueryRunner & { releasePostgresConnection?: (err: unknown) => Promise<void> };
    if (pg.releasePostgresConnection) return pg.releasePostgresConnection(broken);
    return runner.release();
  }
}
