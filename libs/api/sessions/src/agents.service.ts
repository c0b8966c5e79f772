import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ACTIVE_SESSION_STATES } from '@caster/contracts';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { DockerAgent, localAgent } from '@caster/api/provisioning';

/** The Docker engines that run sessions, and this installation's id that labels their containers. */
@Injectable()
export class AgentsService implements OnModuleInit {
  readonly agents: DockerAgent[];
  private installationId?: string;

  constructor(
    @Inject(CASTER_CONFIG) config: CasterConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    const local = localAgent(config.docker.host, config.docker.agentCapacity);
    this.agents =
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
            });
          });
  }

  async onModuleInit(): Promise<void> {
    const [row] = await this.dataSource.query<{ id: string }[]>('SELECT id FROM installation LIMIT 1');
    this.installationId = row.id;
  }

  get instanceId(): string {
    if (!this.installationId) throw new Error('AgentsService used before start-up');
    return this.installationId;
  }

  get(id: string | null): DockerAgent | undefined {
    return this.agents.find((a) => a.def.id === id);
  }

  /** The agent with the most free capacity, or null when every agent is full. */
  async choose(em: EntityManager = this.dataSource.manager): Promise<DockerAgent | null> {
    const rows = await em.query<{ agent_id: string; n: string }[]>(
      `SELECT agent_id, count(*) AS n FROM sessions WHERE agent_id IS NOT NULL AND state = ANY($1) GROUP BY agent_id`,
      [[...ACTIVE_SESSION_STATES, 'staged']],
    );
    const used = new Map(rows.map((r) => [r.agent_id, Number(r.n)]));
    let best: DockerAgent | null = null;
    let bestFree = 0;
    for (const agent of this.agents) {
      const free = agent.def.capacity - (used.get(agent.def.id) ?? 0);
      if (free > bestFree) {
        best = agent;
        bestFree = free;
      }
    }
    return best;
  }
}
