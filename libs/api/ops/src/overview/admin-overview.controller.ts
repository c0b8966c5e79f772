import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { OVERVIEW_HOURS, type AdminOverview, type GettingStarted } from '@caster/contracts';
import { AdminResource } from '@caster/api/core';
import { AdminOverviewDto, GettingStartedDto, OverviewQueryDto } from '../dto/overview.dto';
import { GettingStartedService } from '../getting-started/getting-started.service';
import { OverviewService } from './overview.service';

@AdminResource('admin: overview')
@Controller('admin/overview')
export class AdminOverviewController {
  constructor(
    private readonly overview: OverviewService,
    private readonly gettingStarted: GettingStartedService,
  ) {}

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

  @Get('getting-started')
  @ApiOperation({
    summary:
      'The getting-started checklist, each step ticked from what exists: a session image on an engine, an enabled workspace, an enabled casting link, a cast that answered "ok"',
  })
  @ApiOkResponse({ type: GettingStartedDto })
  checklist(): Promise<GettingStarted> {
    return this.gettingStarted.checklist();
  }
}
