import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { OVERVIEW_HOURS, type AdminOverview } from '@caster/contracts';
import { AdminResource } from '@caster/api/core';
import { AdminOverviewDto, OverviewQueryDto } from '../dto/overview.dto';
import { OverviewService } from './overview.service';

@AdminResource('admin: overview')
@Controller('admin/overview')
export class AdminOverviewController {
  constructor(private readonly overview: OverviewService) {}

  @Get()
  @ApiOperation({
    summary:
      'What the links and sessions are doing: casts by outcome over the window, sessions now by state, staging pool fill, the 10 links refusing the most',
  })
  @ApiOkResponse({ type: AdminOverviewDto })
  @ApiBadRequestResponse({
    description: `VALIDATION_FAILED: hours is not a whole number from ${OVERVIEW_HOURS.min} to ${OVERVIEW_HOURS.max}`,
  })
  get(@Query() query: OverviewQueryDto): Promise<AdminOverview> {
    return this.overview.overview(query.hours ?? OVERVIEW_HOURS.default);
  }
}
