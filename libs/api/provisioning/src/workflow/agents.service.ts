import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { EngineImages, WorkspaceProvider } from '@caster/contracts';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { AppError } from '@caster/api/core';
import { DockerAgent, localAgent } from '../docker/docker-agent';
import type { IsolationStatus } from '../docker/session-network';
import type { SessionAgent } from '../session-agent';
import { SwarmAgent } from '../swarm/swarm-agent';
import { AgentLoad } from './agent-load';

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
  private readonly allowUnisolated: boolean;
  private readonly logger = new Logger('Isolation');
  private installationId?: string;

  constructor(
    @Inject(CASTER_CONFIG) config: CasterConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly load: AgentLoad,
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
    this.allowUnisolated = config.docker.allowUnisolated;
    this.swarmInUse = config.docker.provider === 'swarm';
  }

  async onModuleInit(): Promise<void> {
    // Not awaited: start-up does not wait for the helper; the first launch does (prepare()).
    for (const agent of this.dockerAgents) void agent.isolate().then((s) => this.report(agent, s));
    const [row] = await this.dataSource.query<{ id: string }[]>('SELECT id FROM installation LIMIT 1');
    this.installationId = row.id;
    if (!this.swarmInUse) {
      this.swarmInUse = await this.load.anyLiveOnAgent(SWARM_AGENT_ID);
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
   * The tagged images on each engine sessions run on (the Swarm: its manager's engine, where
   * `docker service create` resolves the image), asked in parallel; an engine that does not
   * answer within `timeoutMs` is reported unreachable rather than holding up the rest.
   */
  async imagesPerEngine(timeoutMs = 5_000): Promise<EngineImages[]> {
    return Promise.all(
      this.agents.map(async (agent): Promise<EngineImages> => {
        const base = { id: agent.def.id, name: agent.def.name, kind: agent.kind };
        let timer: NodeJS.Timeout | undefined;
        try {
          const images = await Promise.race([
            agent.listImages(),
            new Promise<never>((_, fail) => {
              timer = setTimeout(() => fail(new Error('timed out')), timeoutMs);
            }),
          ]);
          return { ...base, reachable: true, images };
        } catch {
          return { ...base, reachable: false, images: [] };
        } finally {
          clearTimeout(timer);
        }
      }),
    );
  }

  private report(agent: DockerAgent, status: IsolationStatus): void {
    if (status.state === 'isolated')
      this.logger.log(`agent ${agent.def.id}: sessions isolated (${status.rules.join(', ')})`);
    else
      this.logger.error(
        `agent ${agent.def.id}: sessions are NOT isolated: ${status.detail}` +
          (this.allowUnisolated
            ? ' — launching anyway (ALLOW_UNISOLATED_SESSIONS=true)'
            : ' — launches on it are refused (ISOLATION_UNAVAILABLE) until this is fixed'),
      );
  }

  /** Each engine's isolation as /api/health reports it. */
  isolationReport(): Record<string, { state: string; detail: string }> {
    const report: Record<string, { state: string; detail: string }> = {};
    for (const a of this.dockerAgents)
      report[a.def.id] = { state: a.isolation.state, detail: a.isolation.detail };
    if (this.swarmInUse)
      report[SWARM_AGENT_ID] = {
        state: 'not-enforced',
        detail:
          'Swarm overlay networks: container defaults apply, network isolation is the operator’s (docs/security)',
      };
    return report;
  }

  private usable(agent: SessionAgent): boolean {
    if (!(agent instanceof DockerAgent) || this.allowUnisolated) return true;
    return agent.isolation.state === 'isolated';
  }

  /**
   * Before a launch's transaction: waits for the engines' isolation (a failed one is tried again),
   * and refuses with ISOLATION_UNAVAILABLE when no engine of the provider is isolated.
   */
  async prepare(provider: WorkspaceProvider | null = null): Promise<void> {
    const kind = provider ?? this.defaultProvider;
    if (kind === 'swarm') return;
    const before = this.dockerAgents.map((a) => a.isolation.state);
    await Promise.all(this.dockerAgents.map((a) => a.isolate()));
    this.dockerAgents.forEach((a, i) => {
      if (a.isolation.state !== before[i]) this.report(a, a.isolation);
    });
    if (!this.dockerAgents.some((a) => this.usable(a)))
      throw new AppError(
        'ISOLATION_UNAVAILABLE',
        'No session host can isolate sessions right now; see the API log and /api/health',
      );
  }

  /**
   * Reserves a slot: of the provider's agents (the workspace's, else SESSION_PROVIDER) the one
   * with the most free capacity, or null when every one is full. Must run inside the transaction
   * that records the session with this agent id: the transaction-scoped advisory lock makes count
   * and insert one step for every replica, so a burst can never exceed an agent's capacity. The
   * slot is released when the session leaves the live states (failed, stopped).
   */
  async reserve(provider: WorkspaceProvider | null, em: EntityManager): Promise<SessionAgent | null> {
    const kind = provider ?? this.defaultProvider;
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`agent-capacity:${kind}`]);
    return this.choose(kind, em);
  }

  /**
   * Reserves a slot for a session recorded without one (a staging pool's warm session): sets its
   * agent id under the same lock. Null when every agent is full (or the session moved on).
   */
  async reserveFor(sessionId: string, provider: WorkspaceProvider | null): Promise<SessionAgent | null> {
    // Only isolated engines are candidates: wait for the check, as a launch does (prepare()).
    await this.prepare(provider).catch(() => undefined);
    return this.dataSource.transaction(async (em) => {
      const agent = await this.reserve(provider, em);
      if (!agent) return null;
      return (await this.load.assignAgent(em, sessionId, agent.def.id)) ? agent : null;
    });
  }

  /**
   * Of the provider's agents, the one with the most free capacity (reserved slots included), or
   * null when every one is full. Use reserve() to take the slot.
   */
  async choose(
    provider: WorkspaceProvider | null = null,
    em: EntityManager = this.dataSource.manager,
  ): Promise<SessionAgent | null> {
    const kind = provider ?? this.defaultProvider;
    if (kind === 'swarm') this.swarmInUse = true;
    const candidates: SessionAgent[] = (kind === 'swarm' ? [this.swarm] : this.dockerAgents).filter((a) =>
      this.usable(a),
    );
    const used = await this.load.countPerAgent(em);
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
