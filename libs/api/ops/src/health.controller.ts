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
import { AgentsService } from '@caster/api/provisioning';

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

  /**
   * Whether each engine's sessions are fenced in (sessions network + host rules). Reported, not
   * fatal for the check: an engine that is not isolated refuses launches (ISOLATION_UNAVAILABLE)
   * unless ALLOW_UNISOLATED_SESSIONS is set, and the API logs why at start.
   */
  private networkIsolation(): HealthIndicatorResult {
    const check = this.indicators.check('networkIsolation');
    // States only: the health check is public, the reasons (addresses, rules) are in the log.
    const engines = Object.fromEntries(
      Object.entries(this.agents.isolationReport()).map(([id, e]) => [id, e.state]),
    );
    const failed = Object.values(engines).includes('failed');
    return failed ? check.down({ engines }) : check.up({ engines });
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
    return { ...result, details: { ...result.details, ...docker, ...this.networkIsolation() } };
  }
}
