import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBasicAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AccessNote, Public } from '@caster/api/core';
import { MetricsAccessGuard } from './metrics-access.guard';
import { MetricsService } from './metrics.service';
import { StateGauges } from './state-gauges.service';

/** Served at /metrics, outside the /api prefix, where Prometheus looks by default. */
export const METRICS_PATH = 'metrics';

@ApiTags('operations')
@Controller(METRICS_PATH)
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly gauges: StateGauges,
  ) {}

  @Get()
  @Public()
  @AccessNote('METRICS_TOKEN bearer, an admin, or a global_admin API key')
  @UseGuards(MetricsAccessGuard)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Prometheus metrics (text format): Authorization: Bearer <METRICS_TOKEN>, an admin token, or a global_admin API key as HTTP Basic',
  })
  @ApiBearerAuth()
  @ApiBasicAuth()
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'Prometheus text exposition format 0.0.4',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @ApiUnauthorizedResponse({ description: 'no credentials, or a wrong token or key' })
  @ApiForbiddenResponse({
    description: 'a signed-in user who is not an admin, or a key without global_admin',
  })
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    await this.gauges.refresh();
    return this.metrics.registry.metrics();
  }
}
