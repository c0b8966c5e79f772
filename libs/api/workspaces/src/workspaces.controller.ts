import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, SignedIn, type Principal } from '@caster/api/core';
import { WorkspaceSummaryPageDto } from './dto/workspace.dto';
import { WorkspacesService } from './workspaces.service';

/** The user dashboard's list. */
@ApiTags('workspaces')
@Controller('workspaces')
export class WorkspacesController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Get()
  @SignedIn()
  @ApiBearerAuth()
  @ApiCookieAuth()
  @ApiOperation({ summary: "The enabled workspaces the caller's groups may launch, by name" })
  @ApiOkResponse({ type: WorkspaceSummaryPageDto })
  async list(@CurrentPrincipal() principal: Principal): Promise<WorkspaceSummaryPageDto> {
    const items = await this.workspaces.listLaunchableFor(principal.userId);
    return { items, total: items.length };
  }
}
