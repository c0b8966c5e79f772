import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { Public } from '@caster/api/core';
import { AgentsService } from '@caster/api/sessions';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly agents: AgentsService,
  ) {}

  /** Each Docker engine answers ping; the API is unhealthy when none does (no session can start). */
  private async docker(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('docker');
    const engines = Object.fromEntries(
      await Promise.all(
        this.agents.agents.map(async (a) => [a.def.id, (await a.ping()) ? 'up' : 'down'] as const),
      ),
    );
    return Object.values(engines).includes('up') ? check.up({ engines }) : check.down({ engines });
  }

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the database and at least one Docker engine answer' })
  @ApiOkResponse({ description: '{ status: "ok", details: { database: { status: "up" } } }' })
  @ApiServiceUnavailableResponse({ description: 'a dependency is down' })
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 3_000 }), () => this.docker()]);
  }
}
