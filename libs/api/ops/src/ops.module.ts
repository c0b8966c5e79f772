import { Module, RequestMethod } from '@nestjs/common';
import type { RouteInfo } from '@nestjs/common/interfaces';
import { TerminusModule } from '@nestjs/terminus';
import { ApiKeysModule } from '@caster/api/auth';
import { CastingModule } from '@caster/api/casting';
import { SessionsModule } from '@caster/api/sessions';
import { HealthController } from './health.controller';
import { MetricsAccessGuard } from './metrics/metrics-access.guard';
import { METRICS_PATH, MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import { StateGauges } from './metrics/state-gauges.service';
import { OpsStatsRepository } from './ops-stats.repository';
import { AdminOverviewController } from './overview/admin-overview.controller';
import { OverviewService } from './overview/overview.service';
import { GettingStartedService } from './getting-started/getting-started.service';

/** Routes served outside the global /api prefix (main.ts passes them to setGlobalPrefix). */
export const UNPREFIXED_ROUTES: RouteInfo[] = [{ path: METRICS_PATH, method: RequestMethod.GET }];

/** Health, Prometheus metrics and the admin overview. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), SessionsModule, CastingModule, ApiKeysModule],
  controllers: [HealthController, MetricsController, AdminOverviewController],
  providers: [
    MetricsService,
    StateGauges,
    MetricsAccessGuard,
    OpsStatsRepository,
    OverviewService,
    GettingStartedService,
  ],
  exports: [MetricsService],
})
export class OpsModule {}
