import { Injectable } from '@nestjs/common';
import {
  ACTIVE_SESSION_STATES,
  LIVE_SESSION_STATES,
  type AdminOverview,
  type LiveSessionState,
} from '@caster/contracts';
import { CastingService } from '@caster/api/casting';
import { OpsStatsRepository } from '../ops-stats.repository';
import { castSeries, refusingLinks } from './overview-series';
import { overviewWindow } from './overview-window';

const TOP_LINKS = 10;

/** The admin overview: casts over time, sessions now, pool fill and the links refusing the most. */
@Injectable()
export class OverviewService {
  constructor(
    private readonly stats: OpsStatsRepository,
    private readonly casting: CastingService,
  ) {}

  async overview(hours: number, now = new Date()): Promise<AdminOverview> {
    // Cast claims are written in small batches; count this replica's latest too.
    await this.casting.flushClaims();
    const window = overviewWindow(hours, now);
    const [claims, sessions, pools, refusals] = await Promise.all([
      this.stats.claimsByBucket(window.from, window.to, window.stepSeconds),
      this.stats.sessionsByStateAndAgent(),
      this.stats.poolFill(),
      this.stats.topRefusingLinks(window.from, window.to, TOP_LINKS),
    ]);
    const byState = Object.fromEntries(LIVE_SESSION_STATES.map((s) => [s, 0])) as Record<
      LiveSessionState,
      number
    >;
    for (const s of sessions) byState[s.state] += s.n;
    return {
      generatedAt: now.toISOString(),
      window: {
        hours,
        from: window.from.toISOString(),
        to: window.to.toISOString(),
        bucketSeconds: window.stepSeconds,
      },
      casts: castSeries(window, claims),
      sessions: {
        active: ACTIVE_SESSION_STATES.reduce((n, s) => n + (byState[s as LiveSessionState] ?? 0), 0),
        byState,
      },
      pools: pools.map((p) => ({
        id: p.id,
        workspaceId: p.workspaceId,
        workspaceName: p.workspaceName,
        ready: p.ready,
        starting: p.starting,
        target: p.target,
      })),
      topRefusingLinks: refusingLinks(refusals),
    };
  }
}
