import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThan, Repository } from 'typeorm';
import { LABELS } from '@caster/api/provisioning';
import { AgentsService } from './agents.service';
import { ProvisionerService } from './provisioner.service';
import { SessionEntity } from './session.entity';
import { SessionsService } from './sessions.service';

/**
 * Keeps the database and the engines in agreement:
 * - at start-up, containers without a live session are removed and live sessions without a
 *   container are stopped (an API killed mid-launch leaves neither orphans nor ghosts);
 * - every few seconds, sessions past their keepalive expiry or time limit are stopped.
 */
@Injectable()
export class SessionReaperService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('SessionReaper');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    private readonly agents: AgentsService,
    private readonly service: SessionsService,
    private readonly provisioner: ProvisionerService,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reconcile().catch((e: unknown) => this.logger.warn(`reconcile failed: ${String(e)}`));
    const every = this.config.jobs.reaperIntervalSeconds;
    if (every === 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.reapOnce()
        .catch((e: unknown) => this.logger.warn(`reaper: ${String(e)}`))
        .finally(() => (this.running = undefined));
    }, every * 1000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.provisioner.drain();
  }

  /** Stops every session whose keepalive or hard limit has passed; answers how many. */
  async reapOnce(now = new Date()): Promise<number> {
    const live = In(['provisioning', 'starting', 'running']);
    const expired = await this.sessions.find({
      select: { id: true },
      where: [
        { state: live, expiresAt: LessThan(now) },
        { state: live, hardExpiresAt: LessThan(now) },
      ],
    });
    for (const s of expired) await this.service.stop(s.id, 'expired');
    return expired.length;
  }

  async reconcile(): Promise<{ removedContainers: number; stoppedSessions: number }> {
    let removedContainers = 0;
    let stoppedSessions = 0;
    const seen = new Set<string>();
    for (const agent of this.agents.agents) {
      if (!(await agent.ping())) {
        this.logger.warn(`agent ${agent.def.id} is unreachable; its sessions are left as they are`);
        continue;
      }
      const containers = await agent.listManaged(this.agents.instanceId);
      const ids = containers.map((c) => c.labels[LABELS.session]).filter(Boolean);
      const rows = ids.length ? await this.sessions.find({ where: { id: In(ids) } }) : [];
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const c of containers) {
        const session = byId.get(c.labels[LABELS.session]);
        const keep =
          session && (session.state === 'running' || session.state === 'staged') && c.state === 'running';
        if (keep) {
          seen.add(session.id);
          continue;
        }
        await agent.remove(c.id);
        removedContainers++;
      }
      // Live sessions on this agent whose container is gone; launches cut short by a crash.
      const ghosts = await this.sessions.find({
        where: [
          { agentId: agent.def.id, state: In(['running', 'staged', 'starting', 'stopping']) },
          { state: 'provisioning' },
        ],
      });
      for (const g of ghosts) {
        if (seen.has(g.id)) continue;
        const moved = await this.provisioner.transition(
          g.id,
          ['provisioning', 'starting', 'running', 'staged', 'stopping'],
          'stopped',
          {
            stoppedAt: new Date(),
            failureMessage: 'the API restarted and found no container for this session',
          },
        );
        if (moved) stoppedSessions++;
      }
    }
    if (removedContainers || stoppedSessions) {
      this.logger.log(
        `reconciled: removed ${removedContainers} container(s), stopped ${stoppedSessions} session(s)`,
      );
    }
    return { removedContainers, stoppedSessions };
  }
}
