import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { sessionLog } from '@caster/api/core';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { ClusterLock, ReplicaRegistry } from '@caster/api/database';
import { LABELS } from '@caster/api/provisioning';
import { AgentsService } from '@caster/api/provisioning';
import { FailedLaunchPort } from '../ports';
import { ProvisionerService } from '../launch/provisioner.service';
import { SessionsService } from '../sessions.service';
import { SessionEvents } from '../state/session-events';
import { SessionsRepository } from '../state/sessions.repository';

export interface ReconcileResult {
  removedContainers: number;
  stoppedSessions: number;
  /** Launches failed because the replica provisioning them died. */
  abandonedLaunches: number;
}

/**
 * Keeps the database and the engines in agreement, once per cluster at a time (ClusterLock):
 * - at start-up and every RECONCILE_INTERVAL_SECONDS: launches whose replica died are failed (their
 *   container removed, their budget unit given back), containers without a live session are
 *   removed, and live sessions without a container are stopped. A launch in flight on a replica
 *   that is alive is left alone, container included;
 * - every few seconds, sessions past their keepalive expiry or time limit are stopped.
 */
@Injectable()
export class SessionReaperService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('SessionReaper');
  private timers: NodeJS.Timeout[] = [];
  private reaping?: Promise<unknown>;
  private reconciling?: Promise<unknown>;

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly agents: AgentsService,
    private readonly service: SessionsService,
    private readonly provisioner: ProvisionerService,
    private readonly events: SessionEvents,
    private readonly failed: FailedLaunchPort,
    private readonly replica: ReplicaRegistry,
    private readonly lock: ClusterLock,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // At start-up wait a little for a reconcile running elsewhere rather than skip this one: our
    // previous incarnation's launches must be cleaned up even when the periodic one is off.
    await this.reconcileTick(10_000);
    const { reaperIntervalSeconds, reconcileIntervalSeconds } = this.config.jobs;
    if (reaperIntervalSeconds > 0) this.every(reaperIntervalSeconds, () => this.reapTick());
    if (reconcileIntervalSeconds > 0) this.every(reconcileIntervalSeconds, () => void this.reconcileTick());
  }

  async onModuleDestroy(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await Promise.all([this.reaping, this.reconciling]);
    await this.provisioner.drain();
  }

  private every(seconds: number, tick: () => void): void {
    const timer = setInterval(tick, seconds * 1000);
    timer.unref();
    this.timers.push(timer);
  }

  private reapTick(): void {
    this.reaping ??= this.lock
      .runExclusive('session-reaper', () => this.reapOnce())
      .catch((e: unknown) => this.logger.warn(`reaper: ${String(e)}`))
      .finally(() => (this.reaping = undefined));
  }

  private reconcileTick(waitMs = 0): Promise<unknown> {
    this.reconciling ??= this.lock
      .runExclusive('session-reconcile', () => this.reconcile(), { waitMs })
      .catch((e: unknown) => this.logger.warn(`reconcile failed: ${String(e)}`))
      .finally(() => (this.reconciling = undefined));
    return this.reconciling;
  }

  /** Stops every session whose keepalive or hard limit has passed; answers how many. */
  async reapOnce(now = new Date()): Promise<number> {
    const expired = await this.sessions.expiredIds(now);
    for (const id of expired) await this.service.stop(id, 'expired');
    return expired.length;
  }

  /** One pass over the database and every reachable engine (callers normally hold the lock). */
  async reconcile(): Promise<ReconcileResult> {
    await this.replica.prune();
    const abandoned = await this.failAbandonedLaunches();
    let removedContainers = abandoned.removedContainers;
    let stoppedSessions = 0;
    // Sessions that changed after this instant are left for the next pass: a launch may have
    // created its container after the engine was listed below.
    const startedAt = await this.sessions.now();
    for (const agent of this.agents.agents) {
      if (!(await agent.ping())) {
        this.logger.warn(`agent ${agent.def.id} is unreachable; its sessions are left as they are`);
        continue;
      }
      const containers = await agent.listManaged(this.agents.instanceId);
      const ids = containers.map((c) => c.labels[LABELS.session]).filter(Boolean);
      // Read after listing: a container's session row (and its launcher's registry row) was
      // committed before the container was created, so it is seen here.
      const rows = await this.sessions.statesWithLauncher(ids, (c) => this.replica.aliveSql(c));
      const byId = new Map(rows.map((r) => [r.id, r]));
      const seen = new Set<string>();
      for (const c of containers) {
        const session = byId.get(c.labels[LABELS.session]);
        const inFlight =
          (session?.state === 'provisioning' || session?.state === 'starting') && session.launcher_alive;
        // The listing is older than the rows: a container listed as just "created" may have started
        // since and its session moved on to running. Ask the engine again before removing it.
        const settled =
          (session?.state === 'running' || session?.state === 'staged') &&
          (c.state === 'running' || (await agent.isRunning(c.id)));
        if (session && (settled || inFlight)) {
          seen.add(session.id);
          continue;
        }
        await agent.remove(c.id);
        removedContainers++;
      }
      // Settled sessions on this agent whose container is gone (removed behind our back, or the
      // engine lost it). Launches are judged by their launcher's liveness above, not here.
      const ghosts = await this.sessions.settledIdsOn(agent.def.id, startedAt);
      for (const id of ghosts) {
        if (seen.has(id)) continue;
        const moved = await this.provisioner.transition(id, ['running', 'staged', 'stopping'], 'stopped', {
          stoppedAt: new Date(),
          failureMessage: 'no container was found for this session',
        });
        if (moved) stoppedSessions++;
      }
    }
    const abandonedLaunches = abandoned.failed;
    if (removedContainers || stoppedSessions || abandonedLaunches) {
      this.logger.log(
        `reconciled: removed ${removedContainers} container(s), stopped ${stoppedSessions} session(s), failed ${abandonedLaunches} abandoned launch(es)`,
      );
    }
    return { removedContainers, stoppedSessions, abandonedLaunches };
  }

  /**
   * Fails every launch whose replica is dead (its row gone or silent for four heartbeats), in one
   * statement that judges liveness itself, then removes what it had made and gives back what it
   * took. A launcher that is in fact alive but was cut off finds its session failed at its next
   * step and removes its own container.
   */
  private async failAbandonedLaunches(): Promise<{ failed: number; removedContainers: number }> {
    const message = 'the API replica that was starting this session stopped';
    // This replica is running this very statement: its own launches are never abandoned, even
    // when its row looks stale because its heartbeat was slow.
    const rows = await this.sessions.failAbandonedLaunches(
      this.replica.id,
      (c) => this.replica.aliveSql(c),
      message,
    );
    let removedContainers = 0;
    for (const row of rows) {
      this.events.emit({
        sessionId: row.id,
        state: 'failed',
        at: new Date().toISOString(),
        failure: { code: 'PROVISION_FAILED', message },
      });
      const agent = this.agents.get(row.agentId);
      if (agent && row.containerId) {
        try {
          await agent.remove(row.containerId);
          removedContainers++;
        } catch (e) {
          // Still labelled with the (now failed) session: the container pass removes it later.
          this.logger.warn(
            sessionLog(row.id, 'could not remove the container of the session', { err: String(e) }),
          );
        }
      }
      await this.failed
        .release({
          id: row.id,
          userId: row.userId,
          castConfigId: row.castConfigId,
          failureCode: 'PROVISION_FAILED',
        })
        .catch((e: unknown) =>
          this.logger.warn(sessionLog(row.id, 'could not release the session', { err: String(e) })),
        );
    }
    return { failed: rows.length, removedContainers };
  }
}
