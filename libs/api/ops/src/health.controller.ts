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

  /**
   * Each Docker engine's answer to ping. Reported, but not fatal: without an engine the dashboard,
   * sign-in and the APIs still work and launches fail with a coded error, so the API stays "ok"
   * (and a fresh machine without Docker still passes its health check).
   */
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
  @ApiOperation({
    summary:
      'Health: the database must answer; each Docker engine is reported (down engines do not fail the check)',
  })
  @ApiOkResponse({ description: '{ status: "ok", details: { database: { status: "up" } } }' })
  @ApiServiceUnavailableResponse({ description: 'a dependency is down' })
  async check(): Promise<HealthCheckResult> {
    const [result, docker] = await Promise.all([
      this.health.check([() => this.db.pingCheck('database', { timeout: 3_000 })]),
      this.docker(),
    ]);
    return { ...result, details: { ...result.details, ...docker } };
  }
}
