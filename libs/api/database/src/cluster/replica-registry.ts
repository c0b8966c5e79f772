import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';

/** A replica silent for this many heartbeats is taken for dead. */
export const DEAD_AFTER_BEATS = 4;

/**
 * This API process among the replicas sharing the database. It registers at start-up, says it is
 * alive every HEARTBEAT_SECONDS and removes its row when it stops cleanly; work it leaves behind
 * (a launch in flight) is recognised by the others once its row is gone or silent.
 */
@Injectable()
export class ReplicaRegistry implements OnModuleInit, BeforeApplicationShutdown {
  /** New at every start, so a restarted replica never passes for its previous incarnation. */
  readonly id = randomUUID();
  private readonly logger = new Logger('Replicas');
  private timer?: NodeJS.Timeout;
  private beating?: Promise<void>;
  /**
   * The heartbeat's own connection, outside the pool: under a burst every pooled connection is
   * busy and requests queue for up to 30 s, and a beat queued behind them made a busy replica look
   * dead to the others, which then failed its launches.
   */
  private beatClient?: Client;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
  ) {}

  get name(): string {
    return this.config.replicaName;
  }

  /** Embedded PGlite: one process owns the database, so there is only ever one replica. */
  get embedded(): boolean {
    return !this.config.databaseUrl;
  }

  get deadAfterSeconds(): number {
    return DEAD_AFTER_BEATS * this.config.jobs.heartbeatSeconds;
  }

  async onModuleInit(): Promise<void> {
    // Rows with our name belong to an earlier run of this replica (killed, then restarted): it is
    // certainly dead, so its launches are abandoned now rather than after four missed beats.
    // With PGlite no other process can have the database open: every other row is stale.
    if (this.embedded) await this.dataSource.query('DELETE FROM api_replicas');
    else await this.dataSource.query('DELETE FROM api_replicas WHERE name = $1', [this.name]);
    await this.beat();
    this.timer = setInterval(() => {
      this.beating ??= this.beat()
        .catch((e: unknown) => this.logger.warn(`heartbeat failed: ${String(e)}`))
        .finally(() => (this.beating = undefined));
    }, this.config.jobs.heartbeatSeconds * 1000);
    this.timer.unref();
  }

  /** After every module's onModuleDestroy (in-flight launches drained), before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.beating;
    await this.closeBeatClient();
    await this.dataSource
      .query('DELETE FROM api_replicas WHERE id = $1', [this.id])
      .catch((e: unknown) => this.logger.warn(`could not unregister: ${String(e)}`));
  }

  /** Upsert, so a row removed meanwhile (database restored, pruned after an outage) comes back. */
  async beat(): Promise<void> {
    const sql = `INSERT INTO api_replicas (id, name, started_at, seen_at) VALUES ($1, $2, now(), now())
       ON CONFLICT (id) DO UPDATE SET seen_at = now()`;
    const params = [this.id, this.name];
    const url = this.config.databaseUrl;
    // PGlite is one connection in this process: there is no pool to queue behind.
    if (!url) {
      await this.dataSource.query(sql, params);
      return;
    }
    try {
      this.beatClient ??= await this.openBeatClient(url);
      await this.beatClient.query(sql, params);
    } catch (e) {
      // Database restarted or connection cut: the next beat opens a new connection.
      await this.closeBeatClient();
      throw e;
    }
  }

  private async openBeatClient(url: string): Promise<Client> {
    const client = new Client({
      connectionString: url,
      connectionTimeoutMillis: this.config.jobs.heartbeatSeconds * 1000,
      application_name: `caster-heartbeat-${this.name}`,
    });
    // An idle connection dropped by the server emits 'error' on the client: forget it, do not crash.
    client.on('error', () => void this.closeBeatClient());
    try {
      await client.connect();
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
    return client;
  }

  private async closeBeatClient(): Promise<void> {
    const client = this.beatClient;
    this.beatClient = undefined;
    await client?.end().catch(() => undefined);
  }

  /**
   * SQL that is true when the replica whose id is in `column` is alive; judged by the database's
   * clock, in the statement that acts on it, so no replica's clock and no earlier read matter.
   */
  aliveSql(column: string): string {
    return `EXISTS (SELECT 1 FROM api_replicas r WHERE r.id = ${column} AND r.seen_at > now() - make_interval(secs => ${this.deadAfterSeconds}))`;
  }

  /** Forgets replicas dead for a while (their work was taken over when they died). */
  async prune(): Promise<number> {
    const [, n] = await this.dataSource.query<[unknown, number]>(
      'DELETE FROM api_replicas WHERE seen_at < now() - make_interval(secs => $1)',
      [this.deadAfterSeconds * 10],
    );
    return n;
  }

  async list(): Promise<{ id: string; name: string; startedAt: Date; seenAt: Date; alive: boolean }[]> {
    return this.dataSource.query(
      `SELECT id, name, started_at AS "startedAt", seen_at AS "seenAt",
              seen_at > now() - make_interval(secs => $1) AS alive
         FROM api_replicas ORDER BY started_at`,
      [this.deadAfterSeconds],
    );
  }
}
