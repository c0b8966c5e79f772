import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ACTIVE_SESSION_STATES, type WorkspaceProvider } from '@caster/contracts';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { DockerAgent, SwarmAgent, localAgent, type SessionAgent } from '@caster/api/provisioning';

export const SWARM_AGENT_ID = 'swarm';

/**
 * Where sessions run: the Docker engines (DOCKER_HOST or DOCKER_AGENTS) and, once anything uses it,
 * the Swarm (agent id 'swarm'); and this installation's id that labels what they run.
 */
@Injectable()
export class AgentsService implements OnModuleInit {
  private readonly dockerAgents: DockerAgent[];
  private readonly swarm: SwarmAgent;
  /**
   * The Swarm joins `agents` (so health and reconciliation see it) when it is the default, when a
   * launch asks for it, or when sessions from before a restart still run on it — an installation
   * that never uses Swarm is not told every few seconds that its engine is not a manager.
   */
  private swarmInUse: boolean;
  private readonly defaultProvider: WorkspaceProvider;
  private installationId?: string;

  constructor(
    @Inject(CASTER_CONFIG) config: CasterConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    const local = localAgent(config.docker.host, config.docker.agentCapacity);
    this.dockerAgents =
      config.docker.agents.length === 0
        ? [new DockerAgent(local)]
        : config.docker.agents.map((a) => {
            const defaults = localAgent(a.url, a.capacity);
            return new DockerAgent({
              ...defaults,
              id: a.id,
              name: a.id,
              tlsDir: a.tlsDir,
              publishIp: a.publishIp ?? defaults.publishIp,
              reachHost: a.reachHost ?? defaults.reachHost,
              network: a.network,
            });
          });
    const logger = new Logger('Swarm');
    this.swarm = new SwarmAgent({
      id: SWARM_AGENT_ID,
      name: SWARM_AGENT_ID,
      dockerUrl: config.swarm.url ?? config.docker.host,
      network: config.swarm.network,
      reachHost: config.swarm.reachHost,
      capacity: config.swarm.capacity,
      nodeEngines: config.docker.agents.map((a) => ({ url: a.url, tlsDir: a.tlsDir })),
      onWarning: (m) => logger.warn(m),
    });
    this.defaultProvider = config.docker.provider;
    this.swarmInUse = config.docker.provider === 'swarm';
  }

  async onModuleInit(): Promise<void> {
    const [row] = await this.dataSource.query<{ id: string }[]>('SELECT id FROM installation LIMIT 1');
    this.installationId = row.id;
    if (!this.swarmInUse) {
      const [live] = await this.dataSource.query<unknown[]>(
        `SELECT 1 FROM sessions WHERE agent_id = $1 AND state <> ALL($2) LIMIT 1`,
        [SWARM_AGENT_ID, ['stopped', 'failed']],
      );
      this.swarmInUse = live !== undefined;
    }
  }

  get instanceId(): string {
    if (!this.installationId) throw new Error('AgentsService used before start-up');
    return this.installationId;
  }

  /** Every place sessions run now (health, reconciliation). */
  get agents(): SessionAgent[] {
    return this.swarmInUse ? [...this.dockerAgents, this.swarm] : this.dockerAgents;
  }

  get(id: string | null): SessionAgent | undefined {
    if (id === SWARM_AGENT_ID) return this.swarm;
    return this.dockerAgents.find((a) => a.def.id === id);
  }

  /**
   * Of the provider's agents (the workspace's, else SESSION_PROVIDER), the one with the most free
   * capacity, or null when every one is full.
   */
  async choose(
    provider: WorkspaceProvider | null = null,
    em: EntityManager = this.dataSource.manager,
  ): Promise<SessionAgent | null> {
    const kind = provider ?? this.defaultProvider;
    if (kind === 'swarm') this.swarmInUse = true;
    const candidates: SessionAgent[] = kind === 'swarm' ? [this.swarm] : this.dockerAgents;
    const rows = await em.query<{ agent_id: string; n: string }[]>(
      `SELECT agent_id, count(*) AS n FROM sessions WHERE agent_id IS NOT NULL AND state = ANY($1) GROUP BY agent_id`,
      [[...ACTIVE_SESSION_STATES, 'staged']],
    );
    const used = new Map(rows.map((r) => [r.agent_id, Number(r.n)]));
    let best: SessionAgent | null = null;
    let bestFree = 0;
    for (const agent of candidates) {
      const free = agent.def.capacity - (used.get(agent.def.id) ?? 0);
      if (free > bestFree) {
        best = agent;
        bestFree = free;
      }
    }
    return best;
  }
}
