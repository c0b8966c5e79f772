import { Injectable, Logger } from '@nestjs/common';
import { LIVE_SESSION_STATES } from '@caster/contracts';
import { AgentsService } from '@caster/api/provisioning';
import { OpsStatsRepository } from '../ops-stats.repository';
import { MetricsService } from './metrics.service';

/**
 * Sets the gauges that describe shared state from the database, at scrape time: each replica then
 * reports the same numbers (aggregate them with max, not sum) and none drifts after a restart.
 */
@Injectable()
export class StateGauges {
  private readonly logger = new Logger('Metrics');

  constructor(
    private readonly metrics: MetricsService,
    private readonly stats: OpsStatsRepository,
    private readonly agents: AgentsService,
  ) {}

  async refresh(): Promise<void> {
    const { sessions, pools } = this.metrics;
    try {
      const [counts, fill] = await Promise.all([this.stats.sessionsByStateAndAgent(), this.stats.poolFill()]);
      sessions.reset();
      pools.reset();
      // Zeros for this replica's agents, so a state that empties shows 0 rather than vanishing.
      for (const agent of this.agents.agents)
        for (const state of LIVE_SESSION_STATES) sessions.set({ state, agent: agent.def.id }, 0);
      for (const c of counts) sessions.set({ state: c.state, agent: c.agent }, c.n);
      for (const p of fill) {
        pools.set({ pool: p.id, state: 'ready' }, p.ready);
        pools.set({ pool: p.id, state: 'target' }, p.target);
      }
    } catch (e) {
      // Without the database the counters are still worth scraping; absent gauges say "unknown".
      sessions.reset();
      pools.reset();
      this.logger.warn({ msg: 'could not read session gauges from the database', err: e });
    }
  }
}
