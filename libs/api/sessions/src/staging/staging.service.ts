import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Inject } from '@nestjs/common';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import type { StagingConfigView } from '@caster/contracts';
import { AppError } from '@caster/api/core';
import { ClusterLock, ReplicaRegistry } from '@caster/api/database';
import { WorkspaceLookup } from '../ports';
import { ProvisionerService } from '../launch/provisioner.service';
import { SessionsService } from '../sessions.service';
import { SessionsRepository } from '../state/sessions.repository';
import { StagingConfigEntity } from './staging-config.entity';

export type StagingInput = Omit<StagingConfigView, 'id' | 'ready'>;

/**
 * Keeps `desiredSessions` warm sessions per staging config: started ahead of time, unowned, handed
 * to a launch whose client settings equal the config's, and replaced after `expirationHours`.
 */
@Injectable()
export class StagingService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Staging');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @InjectRepository(StagingConfigEntity) private readonly configs: Repository<StagingConfigEntity>,
    private readonly sessions: SessionsRepository,
    private readonly workspaces: WorkspaceLookup,
    private readonly provisioner: ProvisionerService,
    private readonly service: SessionsService,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
    private readonly lock: ClusterLock,
    private readonly replica: ReplicaRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.jobs.stagingIntervalSeconds;
    if (every === 0) return;
    this.timer = setInterval(() => void this.tick(), every * 1000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One replica of the cluster fills the pools at a time, so they are never filled twice over. */
  private tick(): Promise<unknown> {
    if (!this.running) {
      this.running = this.lock
        .runExclusive('staging-fill', () => this.fillOnce())
        .catch((e: unknown) => this.logger.warn(`staging: ${String(e)}`))
        .finally(() => (this.running = undefined));
    }
    return this.running;
  }

  async list(): Promise<StagingConfigView[]> {
    const configs = await this.configs.find({ order: { createdAt: 'ASC' } });
    const ready = await this.readyCounts();
    return configs.map((c) => this.view(c, ready.get(c.id) ?? 0));
  }

  async get(id: string): Promise<StagingConfigView> {
    const c = await this.configs.findOne({ where: { id } });
    if (!c) throw new AppError('NOT_FOUND', 'Staging config not found');
    return this.view(c, (await this.readyCounts()).get(id) ?? 0);
  }

  async create(input: StagingInput): Promise<StagingConfigView> {
    await this.assertContainerWorkspace(input.workspaceId);
    const saved = await this.configs.save(this.configs.create(input));
    if (this.timer) void this.tick();
    return this.view(saved, 0);
  }

  async update(id: string, input: Partial<StagingInput>): Promise<StagingConfigView> {
    const c = await this.configs.findOne({ where: { id } });
    if (!c) throw new AppError('NOT_FOUND', 'Staging config not found');
    if (input.workspaceId && input.workspaceId !== c.workspaceId)
      await this.assertContainerWorkspace(input.workspaceId);
    const saved = await this.configs.save({ ...c, ...input });
    // Warm sessions made for the old definition no longer match it.
    if (input.workspaceId || input.clientSettings) await this.drain(id);
    if (this.timer) void this.tick();
    return this.get(saved.id);
  }

  async remove(id: string): Promise<void> {
    const c = await this.configs.findOne({ where: { id } });
    if (!c) throw new AppError('NOT_FOUND', 'Staging config not found');
    await this.drain(id);
    await this.configs.delete({ id });
  }

  /** One pass: stop expired or surplus warm sessions, start the missing ones. Answers how many started. */
  async fillOnce(): Promise<number> {
    let started = 0;
    const expired = await this.sessions.stagedExpiredIds(new Date());
    await Promise.all(expired.map((id) => this.service.stop(id, 'staged session expired')));
    for (const config of await this.configs.find()) {
      const workspace = await this.workspaces.forLaunch(config.workspaceId);
      const pool = await this.sessions.stagingPool(config.id);
      if (!workspace?.enabled || workspace.type !== 'container') {
        await Promise.all(pool.map((s) => this.service.stop(s.id, 'staging config no longer applies')));
        continue;
      }
      if (pool.length > config.desiredSessions) {
        const surplus = pool
          .filter((s) => s.state === 'staged')
          .slice(0, pool.length - config.desiredSessions);
        await Promise.all(surplus.map((s) => this.service.stop(s.id, 'staging pool shrunk')));
        continue;
      }
      for (let i = pool.length; i < config.desiredSessions; i++) {
        const session = await this.sessions.insert(
          {
            userId: null,
            workspaceId: workspace.id,
            state: 'provisioning',
            stagingConfigId: config.id,
            launchedBy: this.replica.id,
            clientSettings: config.clientSettings,
            flags: { disableControlPanel: false, disableTips: false, sharing: false, fixedResolution: true },
            stagedExpiresAt: new Date(Date.now() + config.expirationHours * 3_600_000),
          },
          undefined,
          'warm session for a staging pool',
        );
        this.provisioner.start({ session, workspace, username: null });
        started++;
      }
    }
    return started;
  }

  private async drain(configId: string): Promise<void> {
    const pool = await this.sessions.stagingPool(configId);
    await Promise.all(pool.map((s) => this.service.stop(s.id, 'staging config changed')));
  }

  private readyCounts(): Promise<Map<string, number>> {
    return this.sessions.readyPerStagingConfig();
  }

  private async assertContainerWorkspace(workspaceId: string): Promise<void> {
    const w = await this.workspaces.forLaunch(workspaceId);
    if (!w)
      throw new AppError('VALIDATION_FAILED', 'Unknown workspace', {
        fields: { workspaceId: 'no such workspace' },
      });
    if (w.type !== 'container') {
      throw new AppError('VALIDATION_FAILED', 'Only container workspaces can be staged', {
        fields: { workspaceId: 'must be a container workspace' },
      });
    }
  }

  private view(c: StagingConfigEntity, ready: number): StagingConfigView {
    return {
      id: c.id,
      workspaceId: c.workspaceId,
      desiredSessions: c.desiredSessions,
      expirationHours: c.expirationHours,
      clientSettings: c.clientSettings,
      ready,
    };
  }
}
